package io.archipel.delivery.send;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.archipel.delivery.internal.MimeMails;
import io.archipel.delivery.smtp.CampaignTransport;
import io.archipel.shared.mail.OutgoingMail;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

/**
 * A plain SMTP transport for the engine tests, pointed at a GreenMail server the test starts and stops: a refused
 * connection or a 4xx is TEMPORARY; addresses listed in {@link #reject} get a PERMANENT outcome as a 550 would give
 * (GreenMail accepts every address). Keeps the engine's Message-ID.
 */
final class SmtpTestTransport implements CampaignTransport {

    volatile int port;
    final Set<String> reject = ConcurrentHashMap.newKeySet();

    SmtpTestTransport(int port) {
        this.port = port;
    }

    @Override
    public List<Outcome> sendAll(UUID tenantId, List<CampaignMail> mails) {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(port));
        props.put("mail.smtp.connectiontimeout", "2000");
        props.put("mail.smtp.timeout", "5000");
        Session session = Session.getInstance(props);
        List<Outcome> outcomes = new ArrayList<>();
        for (CampaignMail m : mails) {
            if (reject.contains(m.mail().toAddress())) {
                outcomes.add(new Outcome(Kind.PERMANENT, "550 5.1.1 mailbox unavailable"));
                continue;
            }
            try {
                Transport.send(message(session, m.mail(), m.messageId()));
                outcomes.add(Outcome.ACCEPTED_OUTCOME);
            } catch (MessagingException e) {
                outcomes.add(new Outcome(Kind.TEMPORARY, "connection: " + e.getMessage()));
            }
        }
        return outcomes;
    }

    /** The mail as the application builds it ({@link MimeMails#build}), with the engine's Message-ID kept. */
    static MimeMessage message(Session session, OutgoingMail mail, String messageId) throws MessagingException {
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        try {
            MimeMails.build(message, mail, null);
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
        return message;
    }
}
