package io.archipel.identity.internal;

import java.time.Instant;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import io.archipel.identity.Role;
import io.archipel.tenancy.ScopeType;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.TenantId;

/** A person of a tenant, with one role and one scope. */
@Entity
@Table(name = "app_user")
public class AppUser {

    @TenantId
    @Column(name = "tenant_id")
    private UUID tenantId;
    @Id
    private UUID id;
    private String email;
    @Column(name = "display_name")
    private String displayName;
    @Column(name = "password_hash")
    private String passwordHash;
    @Enumerated(EnumType.STRING)
    private Role role;
    @Enumerated(EnumType.STRING)
    @Column(name = "scope_type")
    private ScopeType scopeType = ScopeType.TENANT;
    @Column(name = "scope_territory_id")
    private UUID scopeTerritoryId;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "app_user_branch", joinColumns = @JoinColumn(name = "user_id"))
    @Column(name = "branch_id")
    private Set<UUID> scopeBranchIds = new HashSet<>();
    private String locale;
    private boolean active = true;
    @Column(name = "created_at", insertable = false, updatable = false)
    private Instant createdAt;
    @Column(name = "last_login_at")
    private Instant lastLoginAt;
    @Version
    private long version;

    protected AppUser() {
    }

    public AppUser(UUID id, String email, String displayName, String passwordHash, Role role) {
        this.id = id;
        this.email = email.trim().toLowerCase(Locale.ROOT);
        this.displayName = displayName;
        this.passwordHash = passwordHash;
        this.role = role;
    }

    public void scopeToTenant() {
        scopeType = ScopeType.TENANT;
        scopeTerritoryId = null;
        scopeBranchIds.clear();
    }

    public void scopeToTerritory(UUID territoryId) {
        scopeType = ScopeType.TERRITORY;
        scopeTerritoryId = territoryId;
        scopeBranchIds.clear();
    }

    public void scopeToBranches(Set<UUID> branchIds) {
        scopeType = ScopeType.BRANCHES;
        scopeTerritoryId = null;
        scopeBranchIds.clear();
        scopeBranchIds.addAll(branchIds);
    }

    public UUID getTenantId() { return tenantId; }
    public UUID getId() { return id; }
    public String getEmail() { return email; }
    public void setEmail(String email) { this.email = email.trim().toLowerCase(Locale.ROOT); }
    public String getDisplayName() { return displayName; }
    public void setDisplayName(String displayName) { this.displayName = displayName; }
    public String getPasswordHash() { return passwordHash; }
    public void setPasswordHash(String passwordHash) { this.passwordHash = passwordHash; }
    public Role getRole() { return role; }
    public void setRole(Role role) { this.role = role; }
    public ScopeType getScopeType() { return scopeType; }
    public UUID getScopeTerritoryId() { return scopeTerritoryId; }
    public Set<UUID> getScopeBranchIds() { return scopeBranchIds; }
    public String getLocale() { return locale; }
    public void setLocale(String locale) { this.locale = locale; }
    public boolean isActive() { return active; }
    public void setActive(boolean active) { this.active = active; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getLastLoginAt() { return lastLoginAt; }
    public void recordLogin() { this.lastLoginAt = Instant.now(); }
    public long getVersion() { return version; }
}
