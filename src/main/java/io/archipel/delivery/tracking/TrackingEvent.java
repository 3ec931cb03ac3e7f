package io.archipel.delivery.tracking;

import java.time.Instant;
import java.util.UUID;

/**
 * One event waiting in memory for the batch writer. {@code machineHint} is what the request alone tells (a privacy
 * proxy's user agent or address); the writer adds what only the database knows (time since delivery, scanners).
 */
public record TrackingEvent(UUID tenantId, long recipientId, Kind kind, int linkNo, Instant occurredAt,
        boolean machineHint, String detail) {

    public enum Kind { OPEN, CLICK, UNSUBSCRIBE, BOUNCE, COMPLAINT }
}
