package io.archipel.identity;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.archipel.identity.internal.AppUser;
import io.archipel.identity.internal.AppUserRepository;
import io.archipel.tenancy.ScopeType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The current tenant's users. */
@Service
public class UserAccountService {

    private final AppUserRepository users;
    private final PasswordEncoder passwordEncoder;
    private final JdbcTemplate jdbc;

    UserAccountService(AppUserRepository users, PasswordEncoder passwordEncoder, JdbcTemplate jdbc) {
        this.users = users;
        this.passwordEncoder = passwordEncoder;
        this.jdbc = jdbc;
    }

    /** What a user form submits; {@code password} may be null on edit (unchanged). */
    public record UserData(String email, String displayName, Role role, ScopeType scopeType, UUID scopeTerritoryId,
            Set<UUID> scopeBranchIds, String password) {
    }

    public record UserView(UUID id, String email, String displayName, Role role, ScopeType scopeType,
            UUID scopeTerritoryId, Set<UUID> scopeBranchIds, String locale, boolean active,
            java.time.Instant lastLoginAt, long version) {
        static UserView of(AppUser u) {
            return new UserView(u.getId(), u.getEmail(), u.getDisplayName(), u.getRole(), u.getScopeType(),
                    u.getScopeTerritoryId(), Set.copyOf(u.getScopeBranchIds()), u.getLocale(), u.isActive(),
                    u.getLastLoginAt(), u.getVersion());
        }
    }

    /** Whether an e-mail is used by anyone on the platform (logins are unique across tenants). */
    @Transactional(readOnly = true)
    public boolean emailTaken(String email, UUID exceptUserId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select archipel_email_taken(?, ?)", Boolean.class,
                email.trim(), exceptUserId));
    }

    @Transactional(readOnly = true)
    public List<UserView> all() {
        return users.findAllByOrderByDisplayNameAsc().stream().map(UserView::of).toList();
    }

    /** Creates a user in the current tenant. Scope checks against the creator belong to the caller (see web layer). */
    @Transactional
    public UUID create(UserData data) {
        AppUser user = new AppUser(UUID.randomUUID(), data.email(), data.displayName().trim(),
                passwordEncoder.encode(data.password()), data.role());
        applyScope(user, data);
        users.save(user);
        return user.getId();
    }

    static void applyScope(AppUser user, UserData data) {
        switch (data.scopeType()) {
            case TENANT -> user.scopeToTenant();
            case TERRITORY -> user.scopeToTerritory(data.scopeTerritoryId());
            case BRANCHES -> user.scopeToBranches(data.scopeBranchIds() == null ? Set.of() : data.scopeBranchIds());
        }
    }
}
