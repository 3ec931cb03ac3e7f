package io.archipel.tenancy;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The tenant the current thread works for. Set from the authenticated user for each request, or explicitly with
 * {@link #callAs} by jobs and by the platform operator's actions on one tenant. Every transaction copies it into the
 * PostgreSQL setting {@code app.tenant_id} that the row-level security policies read, so the context must be set
 * <em>before</em> a transaction starts.
 */
public final class TenantContext {

    private static final ThreadLocal<UUID> CURRENT = new ThreadLocal<>();
    private static final ThreadLocal<Boolean> SYSTEM = new ThreadLocal<>();

    private TenantContext() {
    }

    public static Optional<UUID> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    public static UUID require() {
        UUID tenantId = CURRENT.get();
        if (tenantId == null) {
            throw new IllegalStateException("No tenant in context");
        }
        return tenantId;
    }

    public static void set(UUID tenantId) {
        CURRENT.set(tenantId);
    }

    public static void clear() {
        CURRENT.remove();
    }

    public static <T> T callAs(UUID tenantId, Supplier<T> work) {
        UUID previous = CURRENT.get();
        CURRENT.set(tenantId);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /**
     * Trusted work with no signed-in person (demo seeding, tenant onboarding, jobs): it acts on the whole tenant, so
     * scope checks see a whole-tenant scope.
     */
    public static void runAsSystem(UUID tenantId, Runnable work) {
        Boolean previous = SYSTEM.get();
        SYSTEM.set(Boolean.TRUE);
        try {
            runAs(tenantId, work);
        } finally {
            if (previous == null) {
                SYSTEM.remove();
            } else {
                SYSTEM.set(previous);
            }
        }
    }

    public static boolean isSystem() {
        return Boolean.TRUE.equals(SYSTEM.get());
    }

    public static void runAs(UUID tenantId, Runnable work) {
        callAs(tenantId, () -> {
            work.run();
            return null;
        });
    }
}
