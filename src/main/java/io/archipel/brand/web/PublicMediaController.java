package io.archipel.brand.web;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.archipel.brand.AssetLibrary;
import io.archipel.brand.AssetLibrary.Media;
import io.archipel.tenancy.TenantContext;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Public by design: mail clients load the library's images without logging in. The tenant comes from the URL and is
 * set as the tenant context, so row-level security still limits the lookup to that tenant; the file name is only
 * cosmetic (renaming an asset keeps its old URLs working). The bytes never change for an id, hence the year-long
 * immutable caching.
 */
@RestController
class PublicMediaController {

    private static final CacheControl IMMUTABLE = CacheControl.maxAge(365, TimeUnit.DAYS).cachePublic().immutable();

    private final AssetLibrary library;

    PublicMediaController(AssetLibrary library) {
        this.library = library;
    }

    @GetMapping("/media/{tenantId}/{assetId}/{fileName}")
    ResponseEntity<byte[]> original(@PathVariable String tenantId, @PathVariable String assetId,
            @PathVariable String fileName, @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String etag) {
        return serve(tenantId, assetId, fileName, false, etag);
    }

    @GetMapping("/media/{tenantId}/{assetId}/thumb/{fileName}")
    ResponseEntity<byte[]> thumbnail(@PathVariable String tenantId, @PathVariable String assetId,
            @PathVariable String fileName, @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String etag) {
        return serve(tenantId, assetId, fileName, true, etag);
    }

    private ResponseEntity<byte[]> serve(String tenantText, String assetText, String fileName, boolean thumbnail,
            String ifNoneMatch) {
        UUID tenantId = parse(tenantText);
        UUID assetId = parse(assetText);
        if (tenantId == null || assetId == null) {
            return ResponseEntity.notFound().build();
        }
        Optional<Media> found = TenantContext.callAs(tenantId, () -> library.media(assetId, thumbnail));
        if (found.isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        Media media = found.get();
        HttpHeaders headers = new HttpHeaders();
        headers.setCacheControl(IMMUTABLE);
        headers.setETag(media.etag());
        headers.set("X-Content-Type-Options", "nosniff");
        if (ifNoneMatch != null && (ifNoneMatch.contains(media.etag()) || ifNoneMatch.strip().equals("*"))) {
            return new ResponseEntity<>(headers, HttpStatus.NOT_MODIFIED);
        }
        headers.setContentType(MediaType.parseMediaType(media.contentType()));
        headers.setContentDisposition(ContentDisposition.inline()
                .filename(fileName.replaceAll("[^A-Za-z0-9._-]", "_")).build());
        headers.setContentLength(media.bytes().length);
        return new ResponseEntity<>(media.bytes(), headers, HttpStatus.OK);
    }

    private static UUID parse(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
