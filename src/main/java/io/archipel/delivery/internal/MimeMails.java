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
import jakarta.mail.internet.PreencodedMimeBodyPart;
import jakarta.mail.util.ByteArrayDataSource;
import jakarta.activation.DataHandler;
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
            MimeBodyPart text = encodedPart("text/plain; charset=UTF-8", mail.text());
            MimeBodyPart html = encodedPart("text/html; charset=UTF-8", mail.html());
            MimeMultipart alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            message.setContent(alternative);
        }
        message.saveChanges();
    }

    /**
     * A body part whose content is already quoted-printable: Jakarta Mail then writes its bytes as they are, instead
     * of scanning the text to choose an encoding, then encoding it byte by byte (several passes over a 20 KB body,
     * the bulk of the CPU a campaign mail costs).
     */
    public static MimeBodyPart encodedPart(String contentType, String content) throws MessagingException {
        PreencodedMimeBodyPart part = new PreencodedMimeBodyPart("quoted-printable");
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(quotedPrintable(content), contentType)));
        part.setHeader("Content-Type", contentType);
        part.setHeader("Content-Transfer-Encoding", "quoted-printable");
        return part;
    }

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_LINE = 76;

    /**
     * RFC 2045 quoted-printable of the UTF-8 text: line breaks (CRLF, LF or CR) become CRLF, printable ASCII but "="
     * stays, spaces and tabs stay except before a line break, everything else is =XX; lines are cut with soft breaks
     * so that none is longer than 76 characters.
     */
    public static byte[] quotedPrintable(String text) {
        byte[] in = text.getBytes(StandardCharsets.UTF_8);
        // worst case: every byte as =XX, plus a soft break every 25 of them (a plain array: no per-byte locking)
        byte[] out = new byte[in.length * 3 + in.length / 24 * 3 + 8];
        int o = 0;
        int column = 0;
        for (int i = 0; i < in.length; i++) {
            int b = in[i] & 0xff;
            if (b == '\r' || b == '\n') {
                if (b == '\r' && i + 1 < in.length && in[i + 1] == '\n') {
                    i++;
                }
                out[o++] = '\r';
                out[o++] = '\n';
                column = 0;
                continue;
            }
            boolean lineEnds = i + 1 == in.length || in[i + 1] == '\r' || in[i + 1] == '\n';
            boolean literal = (b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !lineEnds);
            int width = literal ? 1 : 3;
            // keep room for the soft break's "=" unless this is the line's last character
            int limit = lineEnds ? MAX_LINE : MAX_LINE - 1;
            if (column + width > limit) {
                out[o++] = '=';
                out[o++] = '\r';
                out[o++] = '\n';
                column = 0;
            }
            if (literal) {
                out[o++] = (byte) b;
            } else {
                out[o++] = '=';
                out[o++] = HEX[b >> 4];
                out[o++] = HEX[b & 0xf];
            }
            column += width;
        }
        return java.util.Arrays.copyOf(out, o);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
