package io.archipel.identity.security;

import java.util.List;
import java.util.UUID;

import io.archipel.identity.ArchipelUser;
import io.archipel.identity.Role;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Finds who is logging in. The tenant is not known yet, so this goes through {@code archipel_login_lookup}, the one
 * narrow cross-tenant read granted to the application role.
 */
@Component
class LoginAccounts implements UserDetailsService {

    private final JdbcTemplate jdbc;
    private final LoginThrottle throttle;

    LoginAccounts(JdbcTemplate jdbc, LoginThrottle throttle) {
        this.jdbc = jdbc;
        this.throttle = throttle;
    }

    @Override
    public UserDetails loadUserByUsername(String email) {
        String normalised = email == null ? "" : email.trim();
        List<ArchipelUser> found = jdbc.query("select * from archipel_login_lookup(?)", (rs, n) -> new ArchipelUser(
                rs.getObject("user_id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                rs.getString("email"),
                rs.getString("display_name"),
                Role.valueOf(rs.getString("role")),
                rs.getString("password_hash"),
                rs.getBoolean("active"),
                !"SUSPENDED".equals(rs.getString("tenant_status")),
                throttle.isLocked(normalised),
                rs.getString("locale")), normalised);
        if (found.isEmpty()) {
            throw new UsernameNotFoundException("Unknown login");
        }
        return found.get(0);
    }
}
