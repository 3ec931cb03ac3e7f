package io.archipel.tenancy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.internal.Tenant;
import io.archipel.tenancy.internal.TenantRepository;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Tenants as the platform operator sees them. */
@Service
public class TenantService {

    private final TenantRepository tenants;
    private final ApplicationEventPublisher events;
    private final JdbcTemplate jdbc;

    TenantService(TenantRepository tenants, ApplicationEventPublisher events, JdbcTemplate jdbc) {
        this.tenants = tenants;
        this.events = events;
        this.jdbc = jdbc;
    }

    /** A tenant with how many users and branches it has (counts only: the operator sees no tenant data). */
    public record TenantOverview(TenantSummary tenant, long users, long branches) {
    }

    public record TenantSummary(UUID id, String slug, String name, TenantStatus status, String defaultLocale,
            java.time.Instant createdAt) {
        static TenantSummary of(Tenant t) {
            return new TenantSummary(t.getId(), t.getSlug(), t.getName(), t.getStatus(), t.getDefaultLocale(),
                    t.getCreatedAt());
        }
    }

    @Transactional(readOnly = true)
    public List<TenantSummary> list() {
        return tenants.findAllByOrderByNameAsc().stream().map(TenantSummary::of).toList();
    }

    /** Every tenant by name, with its counts from {@code archipel_tenant_counts()}. */
    @Transactional(readOnly = true)
    public List<TenantOverview> listWithCounts() {
        Map<UUID, long[]> counts = new HashMap<>();
        jdbc.query("select tenant_id, users, branches from archipel_tenant_counts()", rs -> {
            counts.put(rs.getObject("tenant_id", UUID.class), new long[] {rs.getLong("users"), rs.getLong("branches")});
        });
        return tenants.findAllByOrderByNameAsc().stream().map(t -> {
            long[] c = counts.getOrDefault(t.getId(), new long[2]);
            return new TenantOverview(TenantSummary.of(t), c[0], c[1]);
        }).toList();
    }

    /** One tenant with its counts, or {@link NotFoundException}. */
    @Transactional(readOnly = true)
    public TenantOverview overview(UUID id) {
        Tenant t = tenants.findById(id).orElseThrow(() -> new NotFoundException("Tenant"));
        long[] c = jdbc.query("select users, branches from archipel_tenant_counts() where tenant_id = ?",
                rs -> rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : new long[2], id);
        return new TenantOverview(TenantSummary.of(t), c[0], c[1]);
    }

    @Transactional(readOnly = true)
    public Optional<TenantSummary> find(UUID id) {
        return tenants.findById(id).map(TenantSummary::of);
    }

    @Transactional(readOnly = true)
    public Optional<TenantSummary> findBySlug(String slug) {
        return tenants.findBySlug(slug).map(TenantSummary::of);
    }

    @Transactional(readOnly = true)
    public boolean slugTaken(String slug) {
        return tenants.existsBySlug(slug);
    }

    @Transactional
    public UUID create(String slug, String name, String defaultLocale) {
        UUID id = UUID.randomUUID();
        tenants.save(new Tenant(id, slug.trim().toLowerCase(java.util.Locale.ROOT), name.trim(), defaultLocale));
        return id;
    }

    /** Undo of {@link #create} when onboarding fails half-way: only a tenant with nothing in it can go. */
    @Transactional
    public void deleteEmpty(UUID id) {
        tenants.deleteById(id);
    }

    @Transactional
    public void suspend(UUID id) {
        Tenant tenant = tenants.findById(id).orElseThrow(() -> new NotFoundException("Tenant"));
        tenant.suspend();
        events.publishEvent(new TenantSuspended(id));
    }

    @Transactional
    public void reactivate(UUID id) {
        tenants.findById(id).orElseThrow(() -> new NotFoundException("Tenant")).reactivate();
    }
}
