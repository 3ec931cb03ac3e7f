package io.archipel.delivery.tracking;

import java.util.List;
import java.util.Locale;

/**
 * The request-time part of the machine-open heuristics (see docs/delivery-tracking.md): mail privacy proxies and
 * image proxies fetch the pixel on their own (Apple Mail Privacy Protection preloads every image when the mail
 * arrives; Gmail, Yahoo fetch through their proxies), and security scanners open and follow everything. Such events
 * are kept but flagged, so that rates can leave them out. The batch writer adds the database-side rules: an open
 * within a few seconds of delivery, and clicks on several links of a mail within a few seconds (a scanner).
 */
public final class MachineOpens {

    /** User-agent fragments of image proxies, privacy proxies and scanners (lower case). */
    static final List<String> AGENT_MARKERS = List.of("googleimageproxy", "ggpht.com", "yahoomailproxy",
            "apple-mail-privacy", "barracuda", "mimecast", "proofpoint", "symantec", "forcepoint", "trendmicro",
            "bitdefender", "python-requests", "go-http-client", "headlesschrome", "bot", "crawler", "spider",
            "preview");

    private MachineOpens() {
    }

    /**
     * Whether the request looks like a machine: an agent marker above; the bare {@code Mozilla/5.0} that Apple's
     * privacy proxy sends; no user agent at all; or an address of Apple's network (17.0.0.0/8), where Apple's
     * privacy proxies fetch mail images.
     */
    public static boolean suspected(String userAgent, String remoteAddress) {
        if (remoteAddress != null && remoteAddress.startsWith("17.") && remoteAddress.indexOf(':') < 0) {
            return true;
        }
        if (userAgent == null || userAgent.isBlank()) {
            return true;
        }
        String agent = userAgent.strip();
        if (agent.equals("Mozilla/5.0")) {
            return true;
        }
        String lower = agent.toLowerCase(Locale.ROOT);
        for (String marker : AGENT_MARKERS) {
            if (lower.contains(marker)) {
                return true;
            }
        }
        return false;
    }
}
