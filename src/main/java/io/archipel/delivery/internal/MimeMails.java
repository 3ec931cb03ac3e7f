package io.archipel.delivery.internal;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import io.archipel.shared.mail.OutgoingMail;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;

/**
 * Writes an {@link OutgoingMail} into a {@link MimeMessage}: multipart/alternative (plain text, then HTML) in UTF-8,
 * the extra headers, and the tenant it was sent for in {@code X-Archipel-Tenant} (the mail sandbox files received
 * mails by it). One implementation for the single mails of the {@code Outbox} and the campaign transport.
 */
public final class MimeMails {

    /** The header naming the tenant a mail was sent for. */
    public static final String TENANT_HEADER = "X-Archipel-Tenant";

    private static final String UTF_8 = StandardCharsets.UTF_8.name();

    private MimeMails() {
    }

    /** Fills {@code message} from {@code mail}; {@code tenantId} null: no tenant header. Calls saveChanges(). */
    public static void build(MimeMessage message, OutgoingMail mail, UUID tenantId)
            throws MessagingException, UnsupportedEncodingException {
        message.setFrom(new InternetAddress(mail.fromAddress(), blankToNull(mail.fromName()), UTF_8));
        message.setRecipient(Message.RecipientType.TO,
                new InternetAddress(mail.toAddress(), blankToNull(mail.toName()), UTF_8));
        if (mail.replyTo() != null) {
            message.setReplyTo(new InternetAddress[] {new InternetAddress(mail.replyTo())});
        }
        message.setSubject(mail.subject(), UTF_8);
        message.setSentDate(new Date());
        for (Map.Entry<String, String> header : mail.headers().entrySet()) {
            message.setHeader(header.getKey(), MimeUtility.fold(header.getKey().length() + 2,
                    MimeUtility.encodeText(header.getValue(), UTF_8, null)));
        }
        if (tenantId != null) {
            message.setHeader(TENANT_HEADER, tenantId.toString());
        }
        if (mail.html() == null) {
            message.setText(mail.text(), UTF_8, "plain");
        } else {
            MimeBodyPart text = new MimeBodyPart();
            text.setText(mail.text(), UTF_8, "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(mail.html(), UTF_8, "html");
            MimeMultipart alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            message.setContent(alternative);
        }
        message.saveChanges();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
