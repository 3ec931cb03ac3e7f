package io.archipel.delivery.smtp;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.simplejavamail.utils.mail.dkim.DkimMessage;
import org.simplejavamail.utils.mail.dkim.DkimSigner;

/**
 * Campaign mails carry the Message-ID the engine recorded before sending (Jakarta Mail would otherwise make a new one
 * in {@code saveChanges()}); signed ones get a DKIM-Signature header when written.
 */
final class CampaignMessages {

    private CampaignMessages() {
    }

    static MimeMessage create(Session session, String messageId, DkimSigner signer) throws MessagingException {
        if (signer == null) {
            return new Plain(session, messageId);
        }
        return new Signed(session, messageId, signer);
    }

    /** An unsigned mail with a fixed Message-ID. */
    static final class Plain extends MimeMessage {
        private final String messageId;

        Plain(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }

    /**
     * A DKIM-signed mail with a fixed Message-ID. {@link DkimMessage} is built as a copy of a message; it copies a
     * one-line placeholder here (cheap), and the real content is then written into it.
     */
    static final class Signed extends DkimMessage {
        private final String messageId;

        Signed(Session session, String messageId, DkimSigner signer) throws MessagingException {
            super(placeholder(session), signer);
            this.messageId = messageId;
        }

        private static MimeMessage placeholder(Session session) throws MessagingException {
            MimeMessage empty = new MimeMessage(session);
            empty.setText("");
            return empty;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
