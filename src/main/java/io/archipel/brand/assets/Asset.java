package io.archipel.brand.assets;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.TenantId;
import org.hibernate.type.SqlTypes;

/** An image of the tenant's library: its metadata; the bytes live in {@link AssetContent}. */
@Entity
@Table(name = "asset")
public class Asset {

    @TenantId
    @Column(name = "tenant_id")
    private UUID tenantId;
    @Id
    private UUID id;
    private String name;
    @Column(name = "content_type")
    private String contentType;
    private int width;
    private int height;
    @Column(name = "byte_size")
    private long byteSize;
    private String sha256;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "tags", columnDefinition = "text[]")
    private String[] tags = new String[0];
    @Column(name = "created_by")
    private UUID createdBy;
    @Column(name = "created_by_name")
    private String createdByName;
    @Column(name = "created_at")
    private Instant createdAt = Instant.now();
    @Version
    private long version;

    protected Asset() {
    }

    public Asset(UUID id) {
        this.id = id;
    }

    public UUID getTenantId() { return tenantId; }
    public UUID getId() { return id; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getContentType() { return contentType; }
    public void setContentType(String contentType) { this.contentType = contentType; }
    public int getWidth() { return width; }
    public void setWidth(int width) { this.width = width; }
    public int getHeight() { return height; }
    public void setHeight(int height) { this.height = height; }
    public long getByteSize() { return byteSize; }
    public void setByteSize(long byteSize) { this.byteSize = byteSize; }
    public String getSha256() { return sha256; }
    public void setSha256(String sha256) { this.sha256 = sha256; }
    public List<String> getTags() { return tags == null ? List.of() : List.of(tags); }
    public void setTags(List<String> tags) { this.tags = tags.toArray(String[]::new); }
    public UUID getCreatedBy() { return createdBy; }
    public String getCreatedByName() { return createdByName; }
    public void setCreatedBy(UUID createdBy, String createdByName) {
        this.createdBy = createdBy;
        this.createdByName = createdByName;
    }
    public Instant getCreatedAt() { return createdAt; }
    public long getVersion() { return version; }
}
