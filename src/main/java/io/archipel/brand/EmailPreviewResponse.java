package io.archipel.brand;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * An e-mail's HTML served for an {@code <iframe sandbox>} of our own pages (previews, mail sandbox). E-mail HTML needs
 * inline styles, which the app's CSP forbids, so this response carries its own policy: no scripts at all, inline
 * styles, images from anywhere (as a mail client would load them), sandboxed, framable by our own pages only. Spring
 * Security's header writers leave headers a response already has.
 */
public final class EmailPreviewResponse {

    static final String POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src https: http: data:; "
            + "font-src https:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'; sandbox allow-popups "
            + "allow-popups-to-escape-sandbox";

    private EmailPreviewResponse() {
    }

    public static ResponseEntity<String> of(String html) {
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noStore())
                .header("Content-Security-Policy", POLICY)
                .header("X-Frame-Options", "SAMEORIGIN")
                .body(html);
    }
}
