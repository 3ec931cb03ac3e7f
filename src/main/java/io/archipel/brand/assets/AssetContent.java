package io.archipel.brand.assets;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.hibernate.annotations.TenantId;

/** The bytes of one variant (original or thumbnail) of an asset. */
@Entity
@Table(name = "asset_content")
@IdClass(AssetContent.Key.class)
public class AssetContent {

    public enum Variant { ORIGINAL, THUMBNAIL }

    public static class Key implements Serializable {
        private UUID assetId;
        private Variant variant;

        protected Key() {
        }

        public Key(UUID assetId, Variant variant) {
            this.assetId = assetId;
            this.variant = variant;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(assetId, k.assetId) && variant == k.variant;
        }

        @Override
        public int hashCode() {
            return Objects.hash(assetId, variant);
        }
    }

    @TenantId
    @Column(name = "tenant_id")
    private UUID tenantId;
    @Id
    @Column(name = "asset_id")
    private UUID assetId;
    @Id
    @Enumerated(EnumType.STRING)
    private Variant variant;
    @Column(name = "content_type")
    private String contentType;
    private byte[] bytes;

    protected AssetContent() {
    }

    public AssetContent(UUID assetId, Variant variant, String contentType, byte[] bytes) {
        this.assetId = assetId;
        this.variant = variant;
        this.contentType = contentType;
        this.bytes = bytes;
    }

    public UUID getAssetId() { return assetId; }
    public Variant getVariant() { return variant; }
    public String getContentType() { return contentType; }
    public byte[] getBytes() { return bytes; }
}
