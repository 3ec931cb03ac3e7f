package io.archipel.delivery.smtp;

import java.io.IOException;
import java.io.OutputStream;

import io.archipel.delivery.internal.MimeMails;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * Campaign mails as Jakarta Mail messages: the bytes are prebuilt ({@link MimeMails#raw}, with the engine's Message-ID
 * and, when the tenant has a DKIM key, a DKIM-Signature field from {@link RawDkimSigner}).
 */
final class CampaignMessages {

    private CampaignMessages() {
    }

    /**
     * A mail already written as bytes ({@link MimeMails#raw}): {@code SMTPTransport.sendMessage} only asks it for
     * its sender (MAIL FROM) and its subject (for tracing), then calls {@link #writeTo}, which writes the prebuilt
     * bytes (an optional DKIM-Signature field first). Nothing is parsed, encoded or copied again.
     */
    static final class Prebuilt extends MimeMessage {
        private final byte[] signature;
        private final MimeMails.Raw raw;
        private final InternetAddress[] from;

        Prebuilt(Session session, MimeMails.Raw raw, String fromAddress, byte[] signature) throws MessagingException {
            super(session);
            this.raw = raw;
            this.signature = signature;
            this.from = new InternetAddress[] {new InternetAddress(fromAddress, false)};
        }

        @Override
        public Address[] getFrom() {
            return from.clone();
        }

        @Override
        public String getSubject() {
            return null;
        }

        @Override
        public void writeTo(OutputStream os, String[] ignoreList) throws IOException {
            if (signature != null) {
                os.write(signature);
            }
            os.write(raw.headers());
            os.write(CRLF);
            os.write(raw.body());
        }

        @Override
        public void writeTo(OutputStream os) throws IOException {
            writeTo(os, null);
        }

        private static final byte[] CRLF = {'\r', '\n'};
    }
}
