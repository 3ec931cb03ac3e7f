package io.archipel.brand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageOutputStream;

import io.archipel.brand.AssetLibrary.AssetSummary;
import io.archipel.brand.AssetLibrary.AssetView;
import io.archipel.brand.AssetLibrary.UploadOutcome;
import io.archipel.brand.AssetLibrary.UploadStatus;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

@ArchipelTest
class AssetLibraryTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    Personas personas;
    @Autowired
    AssetLibrary library;
    @Autowired
    TenantService tenants;

    UUID tenantId;
    String tag;

    @BeforeEach
    void setUp() {
        tenantId = personas.principal(Personas.HQ_MARKETER).tenantId();
        tag = UUID.randomUUID().toString().substring(0, 8);
    }

    // --- accepted types -------------------------------------------------------------------------------------------

    @Test
    void eachImageTypeIsRecognisedByItsBytesNotByItsNameOrDeclaredType() throws Exception {
        MvcResult result = upload(
                file("png-as-jpg-" + tag + ".jpg", "text/plain", image("png", 40, 30, true)),
                file("jpeg-" + tag + ".png", "image/gif", image("jpeg", 50, 20, false)),
                file("gif-" + tag + ".webp", "application/octet-stream", animatedGif(33, 22)),
                file("webp-" + tag + ".gif", "image/png", webp()));
        assertThat(outcomes(result)).extracting(UploadOutcome::status).containsOnly(UploadStatus.STORED);

        assertThat(stored("png-as-jpg-" + tag)).satisfies(a -> {
            assertThat(a.contentType()).isEqualTo("image/png");
            assertThat(List.of(a.width(), a.height())).containsExactly(40, 30);
        });
        assertThat(stored("jpeg-" + tag).contentType()).isEqualTo("image/jpeg");
        assertThat(stored("gif-" + tag)).satisfies(a -> {
            assertThat(a.contentType()).isEqualTo("image/gif");
            assertThat(List.of(a.width(), a.height())).containsExactly(33, 22);
        });
        assertThat(stored("webp-" + tag)).satisfies(a -> {
            assertThat(a.contentType()).isEqualTo("image/webp");
            assertThat(List.of(a.width(), a.height())).containsExactly(1, 1);
        });

        mvc.perform(report(result).with(personas.as(Personas.HQ_MARKETER)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("4 images added")))
                .andExpect(content().string(containsString("png-as-jpg-" + tag)));
    }

    @Test
    void aLargeImageGetsAThumbnailAtMost320PixelsWideServedPublicly() throws Exception {
        upload(file("wide-" + tag + ".png", "image/png", image("png", 1200, 600, true)));
        AssetSummary asset = stored("wide-" + tag);
        byte[] thumb = mvc.perform(get(asset.thumbnailUrl())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsByteArray();
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(thumb));
        assertThat(decoded.getWidth()).isEqualTo(320);
        assertThat(decoded.getHeight()).isEqualTo(160);
    }

    // --- refusals -------------------------------------------------------------------------------------------------

    @Test
    void refusedFilesAreExplainedOneByOneAndTheGoodOneOfTheBatchIsKept() throws Exception {
        byte[] oversized = new byte[(int) (5 * 1024 * 1024 + 1)];
        System.arraycopy(image("png", 2, 2, true), 0, oversized, 0, 8);
        String svg = "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";
        MvcResult result = upload(
                file("good-" + tag + ".png", "image/png", image("png", 10, 10, true)),
                file("empty-" + tag + ".png", "image/png", new byte[0]),
                file("text-" + tag + ".png", "image/png", "just some text, not an image".getBytes(StandardCharsets.UTF_8)),
                file("vector-" + tag + ".svg", "image/svg+xml", svg.getBytes(StandardCharsets.UTF_8)),
                file("huge-" + tag + ".png", "image/png", oversized),
                file("wide-" + tag + ".png", "image/png", pngHeaderOnly(6000, 10)),
                file("broken-" + tag + ".png", "image/png", java.util.Arrays.copyOf(image("png", 10, 10, true), 20)));

        assertThat(outcomes(result)).extracting(UploadOutcome::fileName, UploadOutcome::messageKey).containsExactly(
                org.assertj.core.groups.Tuple.tuple("good-" + tag + ".png", "assets.upload.stored"),
                org.assertj.core.groups.Tuple.tuple("empty-" + tag + ".png", "assets.refused.empty"),
                org.assertj.core.groups.Tuple.tuple("text-" + tag + ".png", "assets.refused.unknown-type"),
                org.assertj.core.groups.Tuple.tuple("vector-" + tag + ".svg", "assets.refused.svg"),
                org.assertj.core.groups.Tuple.tuple("huge-" + tag + ".png", "assets.refused.too-large"),
                org.assertj.core.groups.Tuple.tuple("wide-" + tag + ".png", "assets.refused.too-wide"),
                org.assertj.core.groups.Tuple.tuple("broken-" + tag + ".png", "assets.refused.unreadable"));
        // only the good file is in the library
        assertThat(inLibrary(tag)).extracting(AssetView::name).containsExactly("good-" + tag);

        mvc.perform(report(result).with(personas.as(Personas.HQ_MARKETER)))
                .andExpect(content().string(containsString("1 image added")))
                .andExpect(content().string(containsString("6 files refused")))
                .andExpect(content().string(containsString("The file is empty.")))
                .andExpect(content().string(containsString("is not a PNG, JPEG, GIF or WebP image")))
                .andExpect(content().string(containsString("SVG images are not accepted")))
                .andExpect(content().string(containsString("larger than 5 MB")))
                .andExpect(content().string(containsString("larger than 5000 × 5000 pixels")));
        MvcResult again = upload(file("vector-" + tag + ".svg", "image/svg+xml", svg.getBytes(StandardCharsets.UTF_8)));
        mvc.perform(report(again).with(personas.as(Personas.HQ_MARKETER))
                        .cookie(new jakarta.servlet.http.Cookie("archipel-lang", "fr")).header("Accept-Language", "fr"))
                .andExpect(content().string(containsString("Les images SVG ne sont pas acceptées")));
    }

    @Test
    void aDecompressionBombIsRefusedFromItsHeaderWithoutDecodingPixels() throws Exception {
        // 100000 × 100000 pixels claimed by a file of a few dozen bytes: decoding it would need 40 GB
        MvcResult result = upload(file("bomb-" + tag + ".png", "image/png", pngHeaderOnly(100_000, 100_000)));
        assertThat(outcomes(result)).extracting(UploadOutcome::messageKey).containsExactly("assets.refused.too-wide");
        assertThat(inLibrary(tag)).isEmpty();
    }

    @Test
    void theSameFileTwiceIsReusedNotStoredAgain() throws Exception {
        byte[] bytes = image("png", 12, 12, true);
        upload(file("first-" + tag + ".png", "image/png", bytes));
        MvcResult again = upload(file("again-" + tag + ".png", "image/png", bytes));
        assertThat(outcomes(again)).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(UploadStatus.DUPLICATE);
            assertThat(o.assetName()).isEqualTo("first-" + tag);
        });
        assertThat(inLibrary(tag)).extracting(AssetView::name).containsExactly("first-" + tag);
        mvc.perform(report(again).with(personas.as(Personas.HQ_MARKETER)))
                .andExpect(content().string(containsString("is already in the library as")));
    }

    // --- public URLs ----------------------------------------------------------------------------------------------

    @Test
    void publicUrlsServeAnonymousClientsWithLongCachingAndNotModified() throws Exception {
        byte[] bytes = image("jpeg", 64, 48, false);
        upload(file("public-" + tag + ".jpg", "image/jpeg", bytes));
        AssetSummary asset = stored("public-" + tag);
        assertThat(asset.publicUrl()).startsWith("/media/" + tenantId + "/" + asset.id() + "/public-" + tag)
                .endsWith(".jpg");

        MvcResult result = mvc.perform(get(asset.publicUrl()))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "image/jpeg"))
                .andExpect(header().string("Cache-Control", "max-age=31536000, public, immutable"))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("Content-Disposition", containsString("inline")))
                .andReturn();
        assertThat(result.getResponse().getContentAsByteArray()).isEqualTo(bytes);
        String etag = result.getResponse().getHeader("ETag");
        assertThat(etag).isNotBlank();

        mvc.perform(get(asset.publicUrl()).header("If-None-Match", etag))
                .andExpect(status().isNotModified());
        // renaming keeps old addresses working: the file name is cosmetic
        mvc.perform(get("/media/" + tenantId + "/" + asset.id() + "/old-name.jpg")).andExpect(status().isOk());
    }

    @Test
    void aPublicUrlWithAnotherTenantOrAnUnknownIdIsNotFound() throws Exception {
        upload(file("mine-" + tag + ".png", "image/png", image("png", 8, 8, true)));
        AssetSummary asset = stored("mine-" + tag);
        UUID otherTenant = tenants.create("assets-" + tag, "Other network " + tag, "en");
        mvc.perform(get("/media/" + otherTenant + "/" + asset.id() + "/x.png")).andExpect(status().isNotFound());
        mvc.perform(get("/media/" + tenantId + "/" + UUID.randomUUID() + "/x.png")).andExpect(status().isNotFound());
        mvc.perform(get("/media/not-a-uuid/" + asset.id() + "/x.png")).andExpect(status().isNotFound());
    }

    // --- library page, edit, delete -------------------------------------------------------------------------------

    @Test
    void tagsAreNormalisedAndTheLibraryFiltersByTagAndSearch() throws Exception {
        upload(file("tagged-" + tag + ".png", "image/png", image("png", 9, 9, true)));
        AssetView asset = inLibrary(tag).get(0);
        mvc.perform(post("/hq/assets/{assetId}", asset.id()).with(personas.as(Personas.HQ_ADMIN)).with(csrf())
                        .param("name", "Summer hero " + tag).param("tags", " Summer , LOGO, summer ,, t" + tag)
                        .param("version", String.valueOf(asset.version())))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/hq/assets/" + asset.id()));
        assertThat(asTenant(() -> library.get(asset.id())).summary().tags())
                .containsExactly("summer", "logo", "t" + tag);

        mvc.perform(get("/hq/assets").param("tag", "t" + tag).with(personas.as(Personas.HQ_MARKETER)))
                .andExpect(content().string(containsString("Summer hero " + tag)));
        mvc.perform(get("/hq/assets").param("q", "HERO " + tag).header("HX-Request", "true")
                        .with(personas.as(Personas.HQ_MARKETER)))
                .andExpect(content().string(containsString("Summer hero " + tag)))
                .andExpect(content().string(not(containsString("<html"))));
        mvc.perform(get("/hq/assets").param("q", "nothing-like-" + tag).with(personas.as(Personas.HQ_MARKETER)))
                .andExpect(content().string(containsString("No image matches")));
        assertThat(asTenant(() -> library.images("t" + tag))).extracting(AssetSummary::name)
                .containsExactly("Summer hero " + tag);
    }

    @Test
    void invalidTagsAndAStaleVersionComeBackWithTheirMessagesAndWhatWasTyped() throws Exception {
        upload(file("edit-" + tag + ".png", "image/png", image("png", 9, 9, true)));
        AssetView asset = inLibrary(tag).get(0);
        mvc.perform(post("/hq/assets/{assetId}", asset.id()).with(personas.as(Personas.HQ_ADMIN)).with(csrf())
                        .param("name", "Kept " + tag).param("tags", "a,b,c,d,e,f,g,h,i,j,k")
                        .param("version", String.valueOf(asset.version())))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("At most 10 tags.")))
                .andExpect(content().string(containsString("Kept " + tag)));
        mvc.perform(post("/hq/assets/{assetId}", asset.id()).with(personas.as(Personas.HQ_ADMIN)).with(csrf())
                        .param("name", "Kept " + tag).param("tags", "x".repeat(31))
                        .param("version", String.valueOf(asset.version())))
                .andExpect(content().string(containsString("Each tag may have at most 30 characters.")));
        mvc.perform(post("/hq/assets/{assetId}", asset.id()).with(personas.as(Personas.HQ_ADMIN)).with(csrf())
                        .param("name", "Stale " + tag).param("tags", "")
                        .param("version", String.valueOf(asset.version() + 7)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Someone else changed this record")))
                .andExpect(content().string(containsString("Stale " + tag)));
        assertThat(asTenant(() -> library.get(asset.id())).name()).isEqualTo("edit-" + tag);
    }

    @Test
    void theDetailPageShowsThePublicUrlAndUsageAndAnUnusedAssetCanBeDeleted() throws Exception {
        upload(file("doomed-" + tag + ".png", "image/png", image("png", 9, 9, true)));
        AssetView asset = inLibrary(tag).get(0);
        mvc.perform(get("/hq/assets/{assetId}", asset.id()).with(personas.as(Personas.HQ_MARKETER)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("http://localhost" + asset.summary().publicUrl())))
                .andExpect(content().string(containsString("Not used by any template yet")));
        assertThat(asTenant(() -> library.usageCount(asset.id()))).isZero();
        mvc.perform(post("/hq/assets/{assetId}/delete", asset.id()).with(personas.as(Personas.HQ_MARKETER)).with(csrf()))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/hq/assets"));
        assertThat(inLibrary(tag)).isEmpty();
        mvc.perform(get(asset.summary().publicUrl())).andExpect(status().isNotFound());
    }

    // --- who may ----------------------------------------------------------------------------------------------------

    @Test
    void onlyHqAdminsAndMarketersOpenTheLibrary() throws Exception {
        for (String persona : List.of(Personas.BRANCH_MANAGER, Personas.EXECUTIVE, Personas.VALIDATOR)) {
            mvc.perform(get("/hq/assets").with(personas.as(persona))).andExpect(status().isForbidden());
            mvc.perform(multipart("/hq/assets").file(file("x.png", "image/png", image("png", 3, 3, true)))
                    .with(personas.as(persona)).with(csrf())).andExpect(status().isForbidden());
        }
        mvc.perform(get("/hq/assets").with(personas.as(Personas.HQ_ADMIN))).andExpect(status().isOk());
        mvc.perform(get("/hq/assets").with(personas.as(Personas.HQ_MARKETER))).andExpect(status().isOk());
    }

    @Test
    void anotherTenantsAssetIsNotFound() throws Exception {
        UUID otherTenant = tenants.create("assets-other-" + tag, "Other network " + tag, "en");
        UUID[] id = new UUID[1];
        TenantContext.runAsSystem(otherTenant, () -> {
            try {
                byte[] bytes = image("png", 5, 5, true);
                id[0] = library.upload("other-" + tag + ".png", bytes.length, () -> bytes).assetId();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(id[0]).isNotNull();
        mvc.perform(get("/hq/assets/{assetId}", id[0]).with(personas.as(Personas.HQ_ADMIN)))
                .andExpect(status().isNotFound());
        mvc.perform(post("/hq/assets/{assetId}/delete", id[0]).with(personas.as(Personas.HQ_ADMIN)).with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(get("/media/" + tenantId + "/" + id[0] + "/x.png")).andExpect(status().isNotFound());
        mvc.perform(get("/media/" + otherTenant + "/" + id[0] + "/x.png")).andExpect(status().isOk());
    }

    // --------------------------------------------------------------------------------------------------------------

    private MvcResult upload(MockMultipartFile... files) throws Exception {
        var request = multipart("/hq/assets");
        for (MockMultipartFile f : files) {
            request.file(f);
        }
        return mvc.perform(request.with(personas.as(Personas.HQ_MARKETER)).with(csrf()))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/hq/assets")).andReturn();
    }

    /** The library page the browser is redirected to after an upload, in the same session (flash attributes). */
    private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder report(MvcResult upload) {
        var request = get("/hq/assets");
        jakarta.servlet.http.Cookie session = upload.getResponse().getCookie("SESSION");
        assertThat(session).as("session cookie holding the flash attributes").isNotNull();
        return request.cookie(session);
    }

    @SuppressWarnings("unchecked")
    private static List<UploadOutcome> outcomes(MvcResult result) {
        return (List<UploadOutcome>) result.getFlashMap().get("uploadOutcomes");
    }

    private <T> T asTenant(java.util.function.Supplier<T> work) {
        Object[] out = new Object[1];
        TenantContext.runAsSystem(tenantId, () -> out[0] = work.get());
        @SuppressWarnings("unchecked")
        T t = (T) out[0];
        return t;
    }

    private List<AssetView> inLibrary(String text) {
        return asTenant(() -> library.search(text, null));
    }

    private AssetSummary stored(String name) {
        return inLibrary(name).stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow().summary();
    }

    private static MockMultipartFile file(String name, String type, byte[] bytes) {
        return new MockMultipartFile("files", name, type, bytes);
    }

    /** A random-coloured image, so that every test run uploads new bytes. */
    static byte[] image(String format, int width, int height, boolean alpha) throws IOException {
        BufferedImage img = new BufferedImage(width, height, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(new Color(ThreadLocalRandom.current().nextInt(0xFFFFFF)));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(ThreadLocalRandom.current().nextInt(0xFFFFFF)));
        g.fillRect(0, 0, Math.max(1, width / 2), Math.max(1, height / 2));
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, format, out)).isTrue();
        return out.toByteArray();
    }

    /** A two-frame animated GIF. */
    static byte[] animatedGif(int width, int height) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < 2; i++) {
                BufferedImage frame = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
                var g = frame.createGraphics();
                g.setColor(new Color(ThreadLocalRandom.current().nextInt(0xFFFFFF)));
                g.fillRect(0, 0, width, height);
                g.dispose();
                IIOMetadata metadata = writer.getDefaultImageMetadata(
                        ImageTypeSpecifier.createFromRenderedImage(frame), writer.getDefaultWriteParam());
                writer.writeToSequence(new IIOImage(frame, null, metadata), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** A real 1×1 lossless WebP shipped with the tests. */
    static byte[] webp() throws IOException {
        try (InputStream in = AssetLibraryTest.class.getResourceAsStream("/assets/pixel.webp")) {
            return in.readAllBytes();
        }
    }

    /** A PNG signature and a valid IHDR chunk claiming the given size, then an empty IDAT and IEND. */
    static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer buf = ByteBuffer.allocate(8 + 25 + 12 + 12);
        buf.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 6).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(buf, "IHDR", ihdr.array());
        chunk(buf, "IDAT", new byte[0]);
        chunk(buf, "IEND", new byte[0]);
        return buf.array();
    }

    private static void chunk(ByteBuffer buf, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        buf.putInt(data.length).put(typeBytes).put(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        buf.putInt((int) crc.getValue());
    }
}
