package io.archipel.delivery.sandbox;

import java.time.Instant;
import java.util.UUID;

/** The read models of the mail sandbox. */
public final class SandboxMessages {

    private SandboxMessages() {
    }

    /** A row of the sandbox list. */
    public record Summary(UUID id, Instant receivedAt, String sender, String recipients, String subject,
            boolean hasHtml, int sizeBytes) {
    }

    /** One received message, with its bodies and headers. */
    public record Message(UUID id, Instant receivedAt, String sender, String recipients, String replyTo,
            String subject, String html, String text, String headers, int sizeBytes, boolean hasSource) {
    }

    /** A message as the SMTP sink parsed it, before it is stored. */
    public record Received(String sender, String recipients, String replyTo, String subject, String html, String text,
            String headers, byte[] source, int sizeBytes) {
    }
}
