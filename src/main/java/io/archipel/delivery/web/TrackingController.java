package io.archipel.delivery.web;

import java.time.Instant;

import io.archipel.delivery.TrackingTokens;
import io.archipel.delivery.TrackingTokens.Purpose;
import io.archipel.delivery.TrackingTokens.Token;
import io.archipel.delivery.tracking.MachineOpens;
import io.archipel.delivery.tracking.TrackedLinks;
import io.archipel.delivery.tracking.TrackingEvent;
import io.archipel.delivery.tracking.TrackingEventWriter;
import io.archipel.shared.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The open pixel ({@code GET /t/o/{token}}) and the click redirect ({@code GET /t/c/{token}}) of sent mail. The
 * signed token is the only input: nothing else of the request (no query parameter) decides anything. A tampered,
 * expired or unknown token answers the application's ordinary 404. The pixel answers at once; its event is queued for
 * the batch writer (which drops it if the token names no recipient row).
 */
@RestController
class TrackingController {

    /** A transparent 1×1 GIF (43 bytes). */
    static final byte[] PIXEL = {0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, (byte) 0x80, 0x00, 0x00,
            0x00, 0x00, 0x00, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x21, (byte) 0xf9, 0x04, 0x01, 0x00, 0x00, 0x00,
            0x00, 0x2c, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b};

    private static final MediaType GIF = MediaType.IMAGE_GIF;
    private static final String HEAD = "HEAD";
    private static final String NO_STORE = CacheControl.noStore().getHeaderValue();

    private final TrackingTokens tokens;
    private final TrackingEventWriter events;
    private final TrackedLinks links;

    TrackingController(TrackingTokens tokens, TrackingEventWriter events, TrackedLinks links) {
        this.tokens = tokens;
        this.events = events;
        this.links = links;
    }

    @GetMapping("/t/o/{token}")
    ResponseEntity<byte[]> open(@PathVariable String token, HttpServletRequest request) {
        Token t = tokens.verify(token, Purpose.OPEN).orElseThrow(() -> new NotFoundException("Tracking"));
        if (events.enabled() && !HEAD.equals(request.getMethod())) {
            events.offer(new TrackingEvent(t.tenantId(), t.recipientId(), TrackingEvent.Kind.OPEN, -1, Instant.now(),
                    MachineOpens.suspected(request.getHeader(HttpHeaders.USER_AGENT), request.getRemoteAddr()),
                    null));
        }
        return ResponseEntity.ok().contentType(GIF).header(HttpHeaders.CACHE_CONTROL, NO_STORE)
                .contentLength(PIXEL.length).body(PIXEL);
    }

    @GetMapping("/t/c/{token}")
    ResponseEntity<Void> click(@PathVariable String token, HttpServletRequest request) {
        Token t = tokens.verify(token, Purpose.CLICK).orElseThrow(() -> new NotFoundException("Tracking"));
        String url = links.target(t.tenantId(), t.recipientId(), t.linkNo())
                .orElseThrow(() -> new NotFoundException("Tracking"));
        if (!HEAD.equals(request.getMethod())) { // link checkers ask HEAD: not a click
            events.offer(new TrackingEvent(t.tenantId(), t.recipientId(), TrackingEvent.Kind.CLICK, t.linkNo(),
                    Instant.now(), MachineOpens.suspected(request.getHeader(HttpHeaders.USER_AGENT),
                            request.getRemoteAddr()), null));
        }
        return ResponseEntity.status(HttpStatus.FOUND).header(HttpHeaders.LOCATION, url)
                .header(HttpHeaders.CACHE_CONTROL, NO_STORE).build();
    }
}
