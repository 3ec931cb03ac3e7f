package io.archipel.delivery.smtp;

import java.util.List;
import java.util.UUID;

import io.archipel.shared.mail.OutgoingMail;

/**
 * Hands a batch of one tenant's campaign mails to that tenant's SMTP relay and reports, per mail, what the server
 * said. Blocks until every mail of the batch has an outcome. Thread-safe. The sending engine marks a recipient sent
 * only on {@link Kind#ACCEPTED}.
 */
public interface CampaignTransport {

    /** One mail with the Message-ID it must carry (the engine records it before sending). */
    record CampaignMail(OutgoingMail mail, String messageId) {
    }

    /** What the server (or the connection) said about one mail. */
    enum Kind {
        /** 250: the server took responsibility for the mail. */
        ACCEPTED,
        /** 4xx, connection refused/lost, timeout, rate-limited: try again later. */
        TEMPORARY,
        /** 5xx for this recipient or this mail: never try again. */
        PERMANENT
    }

    record Outcome(Kind kind, String detail) {
        public static final Outcome ACCEPTED_OUTCOME = new Outcome(Kind.ACCEPTED, null);
    }

    /** Outcomes in the order of {@code mails}. */
    List<Outcome> sendAll(UUID tenantId, List<CampaignMail> mails);
}
