package io.archipel.identity;

import java.io.Serial;
import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The authenticated person, kept in the (JDBC-stored) session. The username is the lower-cased e-mail, unique across
 * the platform, which lets us find and end all sessions of a user. Scope is not cached here: services read it fresh
 * from the database so that a change applies at the next request.
 */
public final class ArchipelUser implements UserDetails, CredentialsContainer, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final UUID userId;
    private final UUID tenantId;
    private final String email;
    private final String displayName;
    private final Role role;
    private String passwordHash;
    private final boolean active;
    private final boolean tenantActive;
    private final boolean throttled;
    private String locale;

    public ArchipelUser(UUID userId, UUID tenantId, String email, String displayName, Role role, String passwordHash,
            boolean active, boolean tenantActive, boolean throttled, String locale) {
        this.userId = userId;
        this.tenantId = tenantId;
        this.email = email.toLowerCase(java.util.Locale.ROOT);
        this.displayName = displayName;
        this.role = role;
        this.passwordHash = passwordHash;
        this.active = active;
        this.tenantActive = tenantActive;
        this.throttled = throttled;
        this.locale = locale;
    }

    /**
     * The stand-in principal of a REST API call made with a tenant API key: {@code userId} is the key's id, no role
     * (no area of the web app opens to it), the display name and e-mail slot name the key for actor columns.
     */
    public static ArchipelUser forApiKey(UUID keyId, UUID tenantId, String displayName, String publicPrefix) {
        return new ArchipelUser(keyId, tenantId, publicPrefix, displayName, null, null, true, true, false, "en");
    }

    /** True for the stand-in principal of an API key call ({@link #forApiKey}). */
    public boolean isApiKey() { return role == null; }

    public UUID userId() { return userId; }
    /** Null for the platform operator, who belongs to no tenant. */
    public UUID tenantId() { return tenantId; }
    public String email() { return email; }
    public String displayName() { return displayName; }
    public Role role() { return role; }
    public String locale() { return locale; }
    public void locale(String locale) { this.locale = locale; }
    public boolean isPlatformOperator() { return role == Role.PLATFORM_OPERATOR; }

    public String getDisplayName() { return displayName; }
    public Role getRole() { return role; }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return role == null ? List.of() : List.of(new SimpleGrantedAuthority(role.authority()));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return email;
    }

    @Override
    public boolean isEnabled() {
        return active;
    }

    /** False while too many failed logins keep this e-mail locked. */
    @Override
    public boolean isAccountNonLocked() {
        return !throttled;
    }

    /** False when the user's tenant is suspended. */
    @Override
    public boolean isAccountNonExpired() {
        return tenantActive;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }
}
