package io.archipel.identity;

import java.io.Serial;
import java.util.List;
import java.util.UUID;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request of the REST API authenticated by a tenant API key. Its principal is an {@link ArchipelUser} named after
 * the key ("API key CRM sync", e-mail slot holding the public {@code ark_<prefix>}) so that code reading
 * {@link CurrentUser} for an actor name works unchanged; the scope comes from the key (see UserScopeProvider).
 * Never stored in a session.
 */
public final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The only authority an API key carries: it opens {@code /api/**} and nothing else. */
    public static final String AUTHORITY = "ROLE_API_CLIENT";

    private final UUID keyId;
    private final UUID tenantId;
    private final String keyName;
    private final ArchipelUser principal;
    /** The key's scope, read once per request (a batch of 500 contacts asks for it thousands of times). */
    private transient io.archipel.tenancy.NetworkScope scope;

    public ApiKeyAuthentication(UUID keyId, UUID tenantId, String keyName, String prefix) {
        super(List.of(new SimpleGrantedAuthority(AUTHORITY)));
        this.keyId = keyId;
        this.tenantId = tenantId;
        this.keyName = keyName;
        this.principal = ArchipelUser.forApiKey(keyId, tenantId, "API key " + keyName, ApiKeys.KEY_START + prefix);
        setAuthenticated(true);
    }

    public UUID keyId() {
        return keyId;
    }

    public UUID tenantId() {
        return tenantId;
    }

    public String keyName() {
        return keyName;
    }

    /**
     * The key's scope for this request: read with {@code loader} the first time it is asked for, then kept for the
     * rest of the request (this object lives for one request only, so a revocation applies from the next call).
     */
    public io.archipel.tenancy.NetworkScope scope(java.util.function.Supplier<io.archipel.tenancy.NetworkScope> loader) {
        if (scope == null) {
            scope = loader.get();
        }
        return scope;
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public ArchipelUser getPrincipal() {
        return principal;
    }

    @Override
    public String getName() {
        return principal.getUsername();
    }
}
