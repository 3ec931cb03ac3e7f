package io.archipel.brand;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import io.archipel.brand.assets.Asset;
import io.archipel.brand.assets.AssetContent;
import io.archipel.brand.assets.AssetContent.Variant;
import io.archipel.brand.assets.AssetContentRepository;
import io.archipel.brand.assets.AssetRepository;
import io.archipel.brand.assets.ImageInspector;
import io.archipel.brand.assets.ImageInspector.ImageType;
import io.archipel.brand.assets.ImageInspector.Inspected;
import io.archipel.brand.assets.ImageInspector.RefusedException;
import io.archipel.identity.CurrentUser;
import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.TenantContext;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The tenant's image library (médiathèque). Assets are tenant-wide: every HQ admin and marketer of the tenant sees and
 * manages all of them (the URL rules keep everyone else out); each image is also served at a public URL for mail
 * clients ({@code /media/{tenantId}/{assetId}/{fileName}}).
 */
@Service
public class AssetLibrary {

    public static final int MAX_TAGS = 10;
    public static final int MAX_TAG_LENGTH = 30;
    public static final int MAX_NAME_LENGTH = 120;

    /** What other features (templates, brand kit) need to know about an image. URLs are context-relative paths. */
    public record AssetSummary(UUID id, String name, String contentType, int width, int height, List<String> tags,
            String publicUrl, String thumbnailUrl) {
    }

    /** An asset as the library pages show it. */
    public record AssetView(AssetSummary summary, long byteSize, String sha256, Instant createdAt,
            String createdByName, long version) {
        public UUID id() { return summary.id(); }
        public String name() { return summary.name(); }
        public double kilobytes() { return byteSize / 1024.0; }
    }

    public record TagCount(String tag, long count) {
    }

    public enum UploadStatus { STORED, DUPLICATE, REFUSED }

    /**
     * The result of one uploaded file. For a refusal, {@code messageKey} says why; for a duplicate, {@code assetId}
     * and {@code assetName} name the asset that already holds the same bytes.
     */
    public record UploadOutcome(String fileName, UploadStatus status, String messageKey, UUID assetId,
            String assetName) implements java.io.Serializable {
    }

    /** The bytes of an uploaded file, read only once the declared size is known to be acceptable. */
    @FunctionalInterface
    public interface UploadContent {
        byte[] read() throws IOException;
    }

    /** Bytes to serve at a public URL; {@code etag} is quoted, ready for the header. */
    public record Media(byte[] bytes, String contentType, String etag) {
    }

    private final AssetRepository assets;
    private final io.archipel.brand.templates.TemplateStore templates;
    private final AssetContentRepository contents;

    AssetLibrary(AssetRepository assets, AssetContentRepository contents,
            io.archipel.brand.templates.TemplateStore templates) {
        this.assets = assets;
        this.contents = contents;
        this.templates = templates;
    }

    // --- upload ---------------------------------------------------------------------------------------------------

    @Transactional
    public UploadOutcome upload(String originalFileName, long declaredSize, UploadContent content) {
        String fileName = originalFileName == null || originalFileName.isBlank() ? "?" : originalFileName.strip();
        if (declaredSize > ImageInspector.MAX_BYTES) {
            return refused(fileName, ImageInspector.Refusal.TOO_LARGE);
        }
        byte[] bytes;
        try {
            bytes = content.read();
        } catch (IOException e) {
            return refused(fileName, ImageInspector.Refusal.UNREADABLE);
        }
        Inspected image;
        try {
            image = ImageInspector.inspect(bytes);
        } catch (RefusedException e) {
            return refused(fileName, e.refusal());
        }
        String sha256 = sha256(bytes);
        Optional<Asset> existing = assets.findBySha256(sha256);
        if (existing.isPresent()) {
            return new UploadOutcome(fileName, UploadStatus.DUPLICATE, "assets.upload.duplicate",
                    existing.get().getId(), existing.get().getName());
        }
        Asset asset = new Asset(UUID.randomUUID());
        asset.setName(nameFrom(fileName));
        asset.setContentType(image.type().contentType);
        asset.setWidth(image.width());
        asset.setHeight(image.height());
        asset.setByteSize(bytes.length);
        asset.setSha256(sha256);
        CurrentUser.find().ifPresent(u -> asset.setCreatedBy(u.userId(), u.displayName()));
        assets.saveAndFlush(asset);
        contents.save(new AssetContent(asset.getId(), Variant.ORIGINAL, image.type().contentType, bytes));
        contents.save(new AssetContent(asset.getId(), Variant.THUMBNAIL, image.thumbnailType(), image.thumbnail()));
        return new UploadOutcome(fileName, UploadStatus.STORED, "assets.upload.stored", asset.getId(),
                asset.getName());
    }

    private static UploadOutcome refused(String fileName, ImageInspector.Refusal refusal) {
        return new UploadOutcome(fileName, UploadStatus.REFUSED,
                "assets.refused." + refusal.name().toLowerCase(Locale.ROOT).replace('_', '-'), null, null);
    }

    // --- reading --------------------------------------------------------------------------------------------------

    /**
     * Assets whose name or a tag contains {@code query} (any case), limited to those carrying {@code tag} when given;
     * newest first. Libraries hold hundreds of images, not millions: filtering happens on the loaded metadata.
     */
    @Transactional(readOnly = true)
    public List<AssetView> search(String query, String tag) {
        String q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        String t = tag == null || tag.isBlank() ? null : tag.strip().toLowerCase(Locale.ROOT);
        return assets.findAllByOrderByCreatedAtDescNameAsc().stream()
                .filter(a -> t == null || a.getTags().contains(t))
                .filter(a -> q.isEmpty() || a.getName().toLowerCase(Locale.ROOT).contains(q)
                        || a.getTags().stream().anyMatch(x -> x.contains(q)))
                .map(AssetLibrary::view)
                .toList();
    }

    /** Every tag of the library with the number of assets carrying it, alphabetically. */
    @Transactional(readOnly = true)
    public List<TagCount> tags() {
        Map<String, Long> counts = new TreeMap<>();
        for (Asset a : assets.findAll()) {
            a.getTags().forEach(tag -> counts.merge(tag, 1L, Long::sum));
        }
        return counts.entrySet().stream().map(e -> new TagCount(e.getKey(), e.getValue())).toList();
    }

    @Transactional(readOnly = true)
    public long count() {
        return assets.count();
    }

    @Transactional(readOnly = true)
    public AssetView get(UUID assetId) {
        return view(load(assetId));
    }

    /** Images of the library, optionally only those with a tag (for image pickers of templates and the brand kit). */
    @Transactional(readOnly = true)
    public List<AssetSummary> images(String tagOrNull) {
        return search(null, tagOrNull).stream().map(AssetView::summary).toList();
    }

    @Transactional(readOnly = true)
    public Optional<AssetSummary> find(UUID assetId) {
        return assetId == null ? Optional.empty() : assets.findById(assetId).map(a -> view(a).summary());
    }

    /** How many templates use the asset, in their draft or in a published version (which must keep showing it). */
    @Transactional(readOnly = true)
    public int usageCount(UUID assetId) {
        return templates.assetUsage(TenantContext.require(), assetId);
    }

    /**
     * The bytes of an asset for its public URL, in the tenant of the current {@link TenantContext} (set from the URL
     * by the public controller); empty when it does not exist there.
     */
    @Transactional(readOnly = true)
    public Optional<Media> media(UUID assetId, boolean thumbnail) {
        return assets.findById(assetId).flatMap(a -> contents
                .findById(new AssetContent.Key(a.getId(), thumbnail ? Variant.THUMBNAIL : Variant.ORIGINAL))
                .map(c -> new Media(c.getBytes(), c.getContentType(),
                        "\"" + a.getSha256() + (thumbnail ? "-thumb" : "") + "\"")));
    }

    // --- changes --------------------------------------------------------------------------------------------------

    @Transactional
    public void update(UUID assetId, long version, String name, List<String> tags) {
        Asset asset = load(assetId);
        if (asset.getVersion() != version) {
            throw new OptimisticLockingFailureException("Asset " + assetId + " was changed by someone else");
        }
        if (name == null || name.isBlank() || name.strip().length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("invalid name");
        }
        if (tags.size() > MAX_TAGS || tags.stream().anyMatch(t -> t.isEmpty() || t.length() > MAX_TAG_LENGTH)) {
            throw new IllegalArgumentException("invalid tags");
        }
        asset.setName(name.strip());
        asset.setTags(tags);
        assets.saveAndFlush(asset);
    }

    /** Deletes an unused asset; an asset used by templates is kept ({@link AssetInUseException}). */
    @Transactional
    public String delete(UUID assetId) {
        Asset asset = load(assetId);
        int usages = usageCount(assetId);
        if (usages > 0) {
            throw new AssetInUseException(usages);
        }
        contents.deleteByAssetId(assetId);
        assets.delete(asset);
        return asset.getName();
    }

    public static class AssetInUseException extends RuntimeException {
        private final int usages;

        AssetInUseException(int usages) {
            super("Asset used by " + usages + " template(s)");
            this.usages = usages;
        }

        public int usages() {
            return usages;
        }
    }

    /** Comma-separated tags → trimmed, lower-case, without blanks or repeats (limits are checked by the caller). */
    public static List<String> parseTags(String text) {
        LinkedHashSet<String> tags = new LinkedHashSet<>();
        if (text != null) {
            for (String part : text.split(",")) {
                String tag = part.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
                if (!tag.isEmpty()) {
                    tags.add(tag);
                }
            }
        }
        return new ArrayList<>(tags);
    }

    // --------------------------------------------------------------------------------------------------------------

    private Asset load(UUID assetId) {
        return assets.findById(assetId).orElseThrow(() -> new NotFoundException("Asset"));
    }

    private static AssetView view(Asset a) {
        ImageType type = ImageType.ofContentType(a.getContentType());
        String base = "/media/" + a.getTenantId() + "/" + a.getId() + "/";
        String slug = slug(a.getName());
        String thumbExtension = type == ImageType.JPEG ? "jpg" : "png";
        AssetSummary summary = new AssetSummary(a.getId(), a.getName(), a.getContentType(), a.getWidth(),
                a.getHeight(), a.getTags(), base + slug + "." + type.extension,
                base + "thumb/" + slug + "." + thumbExtension);
        return new AssetView(summary, a.getByteSize(), a.getSha256(), a.getCreatedAt(), a.getCreatedByName(),
                a.getVersion());
    }

    /** A file name safe in any URL: ASCII letters, digits and dashes. */
    static String slug(String name) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (slug.length() > 60) {
            slug = slug.substring(0, 60).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "image" : slug;
    }

    private static String nameFrom(String fileName) {
        String base = fileName.replaceAll("^.*[/\\\\]", "");
        int dot = base.lastIndexOf('.');
        if (dot > 0) {
            base = base.substring(0, dot);
        }
        base = base.strip();
        if (base.isEmpty() || base.equals("?")) {
            base = "image";
        }
        return base.length() > MAX_NAME_LENGTH ? base.substring(0, MAX_NAME_LENGTH).strip() : base;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
