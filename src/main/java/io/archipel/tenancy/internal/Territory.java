package io.archipel.tenancy.internal;

import java.util.UUID;

import io.archipel.tenancy.TerritoryKind;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.TenantId;

/** A node of the territory tree (country › region › zone …). {@link #path} lists the ids from the root. */
@Entity
@Table(name = "territory")
public class Territory {

    @TenantId
    @Column(name = "tenant_id")
    private UUID tenantId;
    @Id
    private UUID id;
    @Column(name = "parent_id")
    private UUID parentId;
    @Enumerated(EnumType.STRING)
    private TerritoryKind kind;
    private String code;
    private String name;
    private String path;
    @Version
    private long version;

    protected Territory() {
    }

    public Territory(UUID id, Territory parent, TerritoryKind kind, String code, String name) {
        this.id = id;
        this.kind = kind;
        this.code = code;
        this.name = name;
        moveUnder(parent);
    }

    /** Re-parents this node; callers must also re-path its descendants (see {@link #rebasePath}). */
    public void moveUnder(Territory parent) {
        this.parentId = parent == null ? null : parent.id;
        this.path = (parent == null ? "/" : parent.path) + id + "/";
    }

    public void rebasePath(String oldPrefix, String newPrefix) {
        if (path.startsWith(oldPrefix)) {
            path = newPrefix + path.substring(oldPrefix.length());
        }
    }

    public void rename(TerritoryKind kind, String code, String name) {
        this.kind = kind;
        this.code = code;
        this.name = name;
    }

    public boolean isWithin(String ancestorPath) {
        return path.startsWith(ancestorPath);
    }

    public int depth() {
        return (int) path.chars().filter(c -> c == '/').count() - 2;
    }

    public UUID getTenantId() { return tenantId; }
    public UUID getId() { return id; }
    public UUID getParentId() { return parentId; }
    public TerritoryKind getKind() { return kind; }
    public String getCode() { return code; }
    public String getName() { return name; }
    public String getPath() { return path; }
    public long getVersion() { return version; }
}
