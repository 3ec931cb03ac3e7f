package io.archipel.tenancy.internal;

import java.time.Instant;
import java.util.UUID;

import io.archipel.tenancy.TenantStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A network (réseau). Not tenant-owned itself: only the platform operator lists and changes tenants. */
@Entity
@Table(name = "tenant")
public class Tenant {

    @Id
    private UUID id;
    private String slug;
    private String name;
    @Enumerated(EnumType.STRING)
    private TenantStatus status = TenantStatus.ACTIVE;
    @Column(name = "default_locale")
    private String defaultLocale = "fr";
    @Column(name = "created_at", insertable = false, updatable = false)
    private Instant createdAt;
    @Column(name = "suspended_at")
    private Instant suspendedAt;

    protected Tenant() {
    }

    public Tenant(UUID id, String slug, String name, String defaultLocale) {
        this.id = id;
        this.slug = slug;
        this.name = name;
        this.defaultLocale = defaultLocale;
    }

    public void suspend() {
        status = TenantStatus.SUSPENDED;
        suspendedAt = Instant.now();
    }

    public void reactivate() {
        status = TenantStatus.ACTIVE;
        suspendedAt = null;
    }

    public UUID getId() { return id; }
    public String getSlug() { return slug; }
    public String getName() { return name; }
    public TenantStatus getStatus() { return status; }
    public String getDefaultLocale() { return defaultLocale; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getSuspendedAt() { return suspendedAt; }
}
