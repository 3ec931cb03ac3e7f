package io.archipel.support;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import io.archipel.identity.ArchipelUser;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.stereotype.Component;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The seeded demo network's people (password {@link #PASSWORD}), and a way to make MockMvc requests as one of them.
 * Register with {@code @Import(Personas.class)} or autowire it in an {@link ArchipelTest}.
 */
@Component
public class Personas {

    public static final String PASSWORD = "Archipel-2026";
    public static final String OPERATOR = "ops@archipel.example";
    public static final String HQ_ADMIN = "admin@maison-lumiere.example";
    public static final String HQ_MARKETER = "marketing@maison-lumiere.example";
    /** Validator scoped to the Auvergne-Rhône-Alpes region. */
    public static final String VALIDATOR = "validation.ara@maison-lumiere.example";
    /** Manager of branch LYO-01 (Lyon Part-Dieu) only. */
    public static final String BRANCH_MANAGER = "lyon.partdieu@maison-lumiere.example";
    /** Manager of branch NCE-01 (Nice) only. */
    public static final String OTHER_BRANCH_MANAGER = "nice@maison-lumiere.example";
    public static final String EXECUTIVE = "direction@maison-lumiere.example";
    /** Executive scoped to the Provence-Alpes-Côte d'Azur region. */
    public static final String REGIONAL_EXECUTIVE = "direction.sud@maison-lumiere.example";

    private final UserDetailsService users;

    Personas(UserDetailsService users) {
        this.users = users;
    }

    /** The principal exactly as login would build it (fresh from the database). */
    public ArchipelUser principal(String email) {
        return (ArchipelUser) users.loadUserByUsername(email);
    }

    /** MockMvc post-processor: the request runs authenticated as this person. */
    public RequestPostProcessor as(String email) {
        return user(principal(email));
    }

    /**
     * Runs service code as this person, as a request of theirs would: signed in, with their tenant as the tenant
     * context (set before any transaction starts).
     */
    public <T> T callAs(String email, java.util.function.Supplier<T> work) {
        ArchipelUser principal = principal(email);
        org.springframework.security.core.context.SecurityContext previous =
                org.springframework.security.core.context.SecurityContextHolder.getContext();
        org.springframework.security.core.context.SecurityContext context =
                org.springframework.security.core.context.SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new org.springframework.security.authentication.UsernamePasswordAuthenticationToken(
                principal, null, principal.getAuthorities()));
        org.springframework.security.core.context.SecurityContextHolder.setContext(context);
        try {
            return io.archipel.tenancy.TenantContext.callAs(principal.tenantId(), work);
        } finally {
            org.springframework.security.core.context.SecurityContextHolder.setContext(previous);
        }
    }

    public void runAs(String email, Runnable work) {
        callAs(email, () -> {
            work.run();
            return null;
        });
    }
}
