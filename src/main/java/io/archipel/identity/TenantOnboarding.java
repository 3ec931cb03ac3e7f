package io.archipel.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import io.archipel.identity.InvalidInputException.Problem;
import io.archipel.identity.UserAccountService.UserData;
import io.archipel.tenancy.ScopeType;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantService;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

/**
 * Opens a new network for the platform operator: the tenant and its first HQ admin (whole-network scope), all or
 * nothing. The two steps run in separate transactions (the admin's must carry the new tenant's id), so a failure of
 * the second one deletes the tenant again.
 */
@Service
public class TenantOnboarding {

    public static final Pattern SLUG = Pattern.compile("[a-z0-9-]{3,60}");
    private static final Log log = LogFactory.getLog(TenantOnboarding.class);

    private final TenantService tenants;
    private final UserAccountService users;

    TenantOnboarding(TenantService tenants, UserAccountService users) {
        this.tenants = tenants;
        this.users = users;
    }

    /** What the "new network" form submits. */
    public record NewTenant(String name, String slug, String defaultLocale, String adminName, String adminEmail,
            String adminPassword) {
    }

    /** Rules beyond single-field checks: slug format and uniqueness, admin e-mail free platform-wide, password. */
    public List<Problem> problems(NewTenant data) {
        List<Problem> problems = new ArrayList<>();
        String slug = data.slug() == null ? "" : data.slug().trim();
        if (!slug.isEmpty()) {
            if (!SLUG.matcher(slug).matches()) {
                problems.add(new Problem("slug", "platform.error.slugPattern"));
            } else if (tenants.slugTaken(slug)) {
                problems.add(new Problem("slug", "platform.error.slugTaken"));
            }
        }
        if (data.adminEmail() != null && !data.adminEmail().isBlank() && users.emailTaken(data.adminEmail(), null)) {
            problems.add(new Problem("adminEmail", "users.error.emailTaken"));
        }
        if (data.adminPassword() != null && !data.adminPassword().isEmpty()
                && data.adminPassword().length() < UserAccountService.MIN_PASSWORD_LENGTH) {
            problems.add(new Problem("adminPassword", "users.error.passwordTooShort"));
        }
        return problems;
    }

    /** Creates the tenant and its first admin; returns the tenant's id. Leaves nothing behind on failure. */
    public UUID onboard(NewTenant data) {
        List<Problem> problems = problems(data);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        UUID tenantId;
        try {
            tenantId = tenants.create(data.slug().trim(), data.name().trim(), data.defaultLocale());
        } catch (DataIntegrityViolationException e) {
            // a concurrent creation took the slug between the check and the insert
            throw new InvalidInputException(List.of(new Problem("slug", "platform.error.slugTaken")));
        }
        try {
            TenantContext.runAsSystem(tenantId, () -> users.create(new UserData(data.adminEmail().trim(),
                    data.adminName().trim(), Role.HQ_ADMIN, ScopeType.TENANT, null, Set.of(), data.adminPassword())));
        } catch (RuntimeException e) {
            try {
                tenants.deleteEmpty(tenantId);
            } catch (RuntimeException cleanup) {
                log.error("Could not remove half-created tenant " + tenantId, cleanup);
                e.addSuppressed(cleanup);
            }
            if (e instanceof InvalidInputException invalid) {
                throw new InvalidInputException(invalid.problems().stream()
                        .map(p -> new Problem(adminField(p.field()), p.messageKey())).toList());
            }
            if (e instanceof DataIntegrityViolationException) {
                throw new InvalidInputException(List.of(new Problem("adminEmail", "users.error.emailTaken")));
            }
            throw e;
        }
        return tenantId;
    }

    private static String adminField(String userField) {
        if (userField == null) {
            return null;
        }
        return switch (userField) {
            case "email" -> "adminEmail";
            case "password" -> "adminPassword";
            case "displayName" -> "adminName";
            default -> null;
        };
    }
}
