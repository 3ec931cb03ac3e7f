package io.archipel.delivery.smtp;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;

import io.archipel.delivery.internal.MimeMails;
import io.archipel.shared.mail.OutgoingMail;

/**
 * Hands a batch of one tenant's campaign mails to that tenant's SMTP relay and reports, per mail, what the server
 * said. Blocks until every mail of the batch has an outcome. Thread-safe. The sending engine marks a recipient sent
 * only on {@link Kind#ACCEPTED}.
 */
public interface CampaignTransport {

    /**
     * One mail with the Message-ID it must carry (the engine records it before sending) and, optionally, its bodies
     * as literals encoded once per campaign and this recipient's values ({@code null}: encoded from the mail).
     */
    record CampaignMail(OutgoingMail mail, String messageId, MimeMails.Bodies bodies) {
        public CampaignMail(OutgoingMail mail, String messageId) {
            this(mail, messageId, null);
        }
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

    /**
     * Outcomes of {@code count} mails built on demand ({@code mails.apply(i)}, once each, possibly on another thread
     * and in any order), so that a transport may build each mail just before sending it instead of holding the whole
     * batch in memory. A mail that cannot be built is PERMANENT. By default all are built first.
     */
    default List<Outcome> sendAll(UUID tenantId, int count, IntFunction<CampaignMail> mails) {
        List<CampaignMail> built = new ArrayList<>(count);
        Outcome[] failed = new Outcome[count];
        for (int i = 0; i < count; i++) {
            try {
                built.add(mails.apply(i));
            } catch (RuntimeException e) {
                failed[i] = new Outcome(Kind.PERMANENT, "cannot build the mail: " + e.getMessage());
                built.add(null);
            }
        }
        List<CampaignMail> toSend = built.stream().filter(java.util.Objects::nonNull).toList();
        List<Outcome> sent = toSend.isEmpty() ? List.of() : sendAll(tenantId, toSend);
        List<Outcome> outcomes = new ArrayList<>(count);
        int next = 0;
        for (int i = 0; i < count; i++) {
            outcomes.add(failed[i] != null ? failed[i] : sent.get(next++));
        }
        return outcomes;
    }
}
