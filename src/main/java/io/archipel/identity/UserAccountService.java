package io.archipel.identity;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.archipel.identity.InvalidInputException.Problem;
import io.archipel.identity.internal.AppUser;
import io.archipel.identity.internal.AppUserRepository;
import io.archipel.shared.AccessDeniedInScopeException;
import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.BranchService.BranchView;
import io.archipel.tenancy.CurrentScope;
import io.archipel.tenancy.NetworkScope;
import io.archipel.tenancy.ScopeType;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TerritoryService;
import io.archipel.tenancy.TerritoryService.TerritoryView;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The current tenant's users. Every read and write is limited to the caller's scope: an admin sees the users whose
 * whole scope lies inside their own, and can only grant scopes inside their own.
 */
@Service
public class UserAccountService {

    /** Shortest password accepted for a tenant user or a new network's first admin. */
    public static final int MIN_PASSWORD_LENGTH = 10;

    private final AppUserRepository users;
    private final PasswordEncoder passwordEncoder;
    private final JdbcTemplate jdbc;
    private final CurrentScope scope;
    private final TerritoryService territories;
    private final BranchService branches;
    private final UserSessions sessions;

    UserAccountService(AppUserRepository users, PasswordEncoder passwordEncoder, JdbcTemplate jdbc, CurrentScope scope,
            TerritoryService territories, BranchService branches, UserSessions sessions) {
        this.users = users;
        this.passwordEncoder = passwordEncoder;
        this.jdbc = jdbc;
        this.scope = scope;
        this.territories = territories;
        this.branches = branches;
        this.sessions = sessions;
    }

    /** What a user form submits; {@code password} may be null or blank on edit (unchanged). */
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

    /** A user as a list shows them: with the names of their scope's territory or branches (sorted). */
    public record UserRow(UserView user, String territoryName, List<String> branchNames) {
    }

    /** Filters of the user list; blank or null means "any". */
    public record UserFilter(String query, Role role, Boolean active) {
        public static UserFilter none() {
            return new UserFilter(null, null, null);
        }
    }

    /** Whether an e-mail is used by anyone on the platform (logins are unique across tenants). */
    @Transactional(readOnly = true)
    public boolean emailTaken(String email, UUID exceptUserId) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select archipel_email_taken(?, ?)", Boolean.class,
                email.trim(), exceptUserId));
    }

    /** All users of the tenant, whatever the caller's scope (trusted callers only: platform, jobs). */
    @Transactional(readOnly = true)
    public List<UserView> all() {
        return users.findAllByOrderByDisplayNameAsc().stream().map(UserView::of).toList();
    }

    /** Users whose whole scope lies inside the caller's, matching the filter, by name. */
    @Transactional(readOnly = true)
    public List<UserRow> visibleUsers(UserFilter filter) {
        Visible visible = visible();
        String q = filter.query() == null ? "" : filter.query().trim().toLowerCase(Locale.ROOT);
        return users.findAllByOrderByDisplayNameAsc().stream()
                .filter(visible::covers)
                .filter(u -> q.isEmpty() || u.getDisplayName().toLowerCase(Locale.ROOT).contains(q)
                        || u.getEmail().contains(q))
                .filter(u -> filter.role() == null || u.getRole() == filter.role())
                .filter(u -> filter.active() == null || u.isActive() == filter.active())
                .map(u -> visible.row(u)).toList();
    }

    /** One user, if the caller's scope covers theirs. */
    @Transactional(readOnly = true)
    public UserRow get(UUID userId) {
        Visible visible = visible();
        return visible.row(loadInScope(userId, visible));
    }

    /**
     * The rules a user form must follow beyond single-field checks; {@code userId} is null for a new user. Scope
     * grants outside the caller's own scope are not "problems" but refusals: {@link #create} and {@link #update}
     * throw {@link AccessDeniedInScopeException} for them.
     */
    @Transactional(readOnly = true)
    public List<Problem> problems(UUID userId, UserData data) {
        List<Problem> problems = new ArrayList<>();
        if (data.email() != null && !data.email().isBlank() && emailTaken(data.email(), userId)) {
            problems.add(new Problem("email", "users.error.emailTaken"));
        }
        if (data.scopeType() == ScopeType.TERRITORY && data.scopeTerritoryId() == null) {
            problems.add(new Problem("scopeTerritoryId", "users.error.territoryRequired"));
        }
        if (data.scopeType() == ScopeType.BRANCHES && (data.scopeBranchIds() == null || data.scopeBranchIds().isEmpty())) {
            problems.add(new Problem("scopeBranchIds", "users.error.branchesRequired"));
        }
        if (data.role() == Role.BRANCH_MANAGER && data.scopeType() != null && data.scopeType() != ScopeType.BRANCHES) {
            problems.add(new Problem("scopeType", "users.error.managerNeedsBranches"));
        }
        if (data.role() == Role.PLATFORM_OPERATOR) {
            problems.add(new Problem("role", "validation.required"));
        }
        boolean passwordGiven = data.password() != null && !data.password().isEmpty();
        if (userId == null && !passwordGiven) {
            problems.add(new Problem("password", "validation.required"));
        } else if (passwordGiven && data.password().length() < MIN_PASSWORD_LENGTH) {
            problems.add(new Problem("password", "users.error.passwordTooShort"));
        }
        if (userId != null && isSelf(userId)) {
            AppUser me = users.findById(userId).orElseThrow(() -> new NotFoundException("User"));
            if (data.role() != me.getRole()) {
                problems.add(new Problem("role", "users.error.selfDemote"));
            }
            if (data.scopeType() != me.getScopeType()
                    || !java.util.Objects.equals(data.scopeTerritoryId(), me.getScopeTerritoryId())
                    || (data.scopeType() == ScopeType.BRANCHES && !me.getScopeBranchIds().equals(nonNull(data.scopeBranchIds())))) {
                problems.add(new Problem("scopeType", "users.error.selfScope"));
            }
        }
        return problems;
    }

    /** Creates a user in the current tenant, with a scope inside the caller's. */
    @Transactional
    public UUID create(UserData data) {
        requireValid(null, data);
        requireGrantable(data, visible());
        AppUser user = new AppUser(UUID.randomUUID(), data.email(), data.displayName().trim(),
                passwordEncoder.encode(data.password()), data.role());
        applyScope(user, data);
        users.saveAndFlush(user);
        return user.getId();
    }

    /**
     * Changes a user. {@code expectedVersion} is the version the form was loaded with: if someone saved in between,
     * this throws {@link OptimisticLockingFailureException}. A new e-mail, role or password ends the user's sessions
     * (the session holds the e-mail and role), effective at their next request.
     */
    @Transactional
    public void update(UUID userId, UserData data, long expectedVersion) {
        Visible visible = visible();
        AppUser user = loadInScope(userId, visible);
        if (user.getVersion() != expectedVersion) {
            throw new OptimisticLockingFailureException("User " + userId + " was changed by someone else");
        }
        requireValid(userId, data);
        requireGrantable(data, visible);
        String oldEmail = user.getEmail();
        boolean passwordChanged = data.password() != null && !data.password().isEmpty();
        boolean signOut = passwordChanged || user.getRole() != data.role()
                || !oldEmail.equalsIgnoreCase(data.email().trim());
        user.setEmail(data.email());
        user.setDisplayName(data.displayName().trim());
        user.setRole(data.role());
        if (passwordChanged) {
            user.setPasswordHash(passwordEncoder.encode(data.password()));
        }
        applyScope(user, data);
        users.saveAndFlush(user);
        if (signOut) {
            endSessionsAfterCommit(oldEmail);
        }
    }

    /** Deactivates a user (not oneself) and ends all their sessions; they can no longer log in. */
    @Transactional
    public void deactivate(UUID userId) {
        AppUser user = loadInScope(userId, visible());
        if (isSelf(userId)) {
            throw new InvalidInputException(List.of(new Problem(null, "users.error.selfDeactivate")));
        }
        user.setActive(false);
        users.saveAndFlush(user);
        endSessionsAfterCommit(user.getEmail());
    }

    @Transactional
    public void reactivate(UUID userId) {
        AppUser user = loadInScope(userId, visible());
        user.setActive(true);
        users.saveAndFlush(user);
    }

    /** Whether the caller may give this exact scope (the form offers only these choices). */
    @Transactional(readOnly = true)
    public boolean canGrantWholeTenant() {
        return scope.get().isWholeTenant();
    }

    static void applyScope(AppUser user, UserData data) {
        switch (data.scopeType()) {
            case TENANT -> user.scopeToTenant();
            case TERRITORY -> user.scopeToTerritory(data.scopeTerritoryId());
            case BRANCHES -> user.scopeToBranches(nonNull(data.scopeBranchIds()));
        }
    }

    private void requireValid(UUID userId, UserData data) {
        List<Problem> problems = problems(userId, data);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    /** A scope outside the caller's own is refused outright (403), as is any unknown territory or branch. */
    private static void requireGrantable(UserData data, Visible visible) {
        switch (data.scopeType()) {
            case TENANT -> {
                if (!visible.scope.isWholeTenant()) {
                    throw new AccessDeniedInScopeException("Whole-network scope");
                }
            }
            case TERRITORY -> {
                if (!visible.territories.containsKey(data.scopeTerritoryId())) {
                    throw new AccessDeniedInScopeException("Territory");
                }
            }
            case BRANCHES -> {
                if (!visible.branches.keySet().containsAll(nonNull(data.scopeBranchIds()))) {
                    throw new AccessDeniedInScopeException("Branch");
                }
            }
        }
    }

    private AppUser loadInScope(UUID userId, Visible visible) {
        AppUser user = users.findById(userId).orElseThrow(() -> new NotFoundException("User"));
        if (!visible.covers(user)) {
            throw new AccessDeniedInScopeException("User");
        }
        return user;
    }

    private static boolean isSelf(UUID userId) {
        return !TenantContext.isSystem() && CurrentUser.find().map(u -> userId.equals(u.userId())).orElse(false);
    }

    private void endSessionsAfterCommit(String email) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    sessions.endSessionsOf(email);
                }
            });
        } else {
            sessions.endSessionsOf(email);
        }
    }

    private static Set<UUID> nonNull(Set<UUID> ids) {
        return ids == null ? Set.of() : ids;
    }

    private Visible visible() {
        NetworkScope s = scope.get();
        Map<UUID, TerritoryView> t = territories.visibleTree().stream()
                .collect(Collectors.toMap(TerritoryView::id, v -> v, (a, b) -> a, LinkedHashMap::new));
        Map<UUID, BranchView> b = branches.visibleBranches().stream()
                .collect(Collectors.toMap(BranchView::id, v -> v, (x, y) -> x, LinkedHashMap::new));
        return new Visible(s, t, b);
    }

    /** The caller's scope with the territories and branches it covers. */
    private record Visible(NetworkScope scope, Map<UUID, TerritoryView> territories, Map<UUID, BranchView> branches) {

        boolean covers(AppUser u) {
            return switch (u.getScopeType()) {
                case TENANT -> scope.isWholeTenant();
                case TERRITORY -> territories.containsKey(u.getScopeTerritoryId());
                case BRANCHES -> scope.isWholeTenant()
                        || (!u.getScopeBranchIds().isEmpty() && branches.keySet().containsAll(u.getScopeBranchIds()));
            };
        }

        UserRow row(AppUser u) {
            TerritoryView t = u.getScopeTerritoryId() == null ? null : territories.get(u.getScopeTerritoryId());
            List<String> names = u.getScopeBranchIds().stream().map(branches::get)
                    .filter(java.util.Objects::nonNull).map(BranchView::name)
                    .sorted(Comparator.naturalOrder()).toList();
            return new UserRow(UserView.of(u), t == null ? null : t.name(), names);
        }
    }
}
