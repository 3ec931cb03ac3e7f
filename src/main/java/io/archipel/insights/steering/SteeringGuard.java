package io.archipel.insights.steering;

import java.util.Optional;
import java.util.function.Consumer;

import io.archipel.identity.CurrentUser;
import io.archipel.identity.Role;
import io.archipel.shared.AccessDeniedInScopeException;
import io.archipel.shared.NotFoundException;
import org.springframework.security.access.AccessDeniedException;

/**
 * The preamble the steering services share: who may change objectives, budgets and reminders (HQ admins, or trusted
 * system code), who is named as having changed them, and how a stored row is loaded within the caller's scope.
 */
final class SteeringGuard {

    private SteeringGuard() {
    }

    /** Refuses ({@link AccessDeniedException}, 403) anyone but an HQ admin; trusted system code (demo seeding) passes. */
    static void requireAdmin() {
        if (io.archipel.tenancy.TenantContext.isSystem() && CurrentUser.find().isEmpty()) {
            return; // trusted system code (demo seeding)
        }
        Role role = CurrentUser.find().map(u -> u.role()).orElse(null);
        if (role != Role.HQ_ADMIN) {
            throw new AccessDeniedException("Only HQ admins change objectives, budgets and reminders");
        }
    }

    /** Who is recorded as having made a change: the signed-in user's e-mail, or "system". */
    static String actor() {
        return CurrentUser.find().map(u -> u.email()).orElse("system");
    }

    /**
     * The row {@code found} holds, after {@code checkOwner} looked up its territory or branch: no row (unknown, or
     * another tenant's, which row-level security hides) → {@link NotFoundException} (404); an owner outside the
     * caller's scope ({@code checkOwner} throws {@link NotFoundException} for it) → {@link AccessDeniedInScopeException}
     * (403).
     */
    static <T> T inScope(Optional<T> found, String what, Consumer<T> checkOwner) {
        T row = found.orElseThrow(() -> new NotFoundException(what));
        try {
            checkOwner.accept(row);
        } catch (NotFoundException e) {
            throw new AccessDeniedInScopeException(what);
        }
        return row;
    }
}
