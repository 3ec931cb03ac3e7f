package io.archipel.delivery.web;

import io.archipel.delivery.send.ViewOnline;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * "View in the browser": {@code GET /t/v/{token}} (the recipient's open token) shows that recipient's e-mail as it was
 * sent, as a document of its own under a strict Content-Security-Policy (no script, no form, no framing; inline
 * styles and images only). Records nothing. An unknown, altered or expired token is a plain 404.
 */
@RestController
class SendViewOnlineController {

    static final String CSP = "default-src 'none'; img-src http: https: data:; style-src 'unsafe-inline'; "
            + "font-src http: https: data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private final ViewOnline viewOnline;

    SendViewOnlineController(ViewOnline viewOnline) {
        this.viewOnline = viewOnline;
    }

    @GetMapping("/t/v/{token}")
    ResponseEntity<String> view(@PathVariable String token) {
        return viewOnline.html(token)
                .map(html -> ResponseEntity.ok()
                        .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                        .header("Content-Security-Policy", CSP)
                        .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
                        .header("X-Robots-Tag", "noindex")
                        .body(html))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_PLAIN)
                        .body("Not found"));
    }
}
