package io.archipel.delivery.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.WeakHashMap;

import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import io.archipel.delivery.Outbox;
import io.archipel.tenancy.TenantContext;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives every mail of the SMTP sink: reads the tenant from {@value Outbox#TENANT_HEADER}, extracts sender,
 * recipients, subject, the HTML and text bodies and the headers, and files it in that tenant's sandbox. A mail without
 * a valid tenant header is accepted and dropped (logged): nobody could see it. GreenMail calls the handler once per
 * envelope recipient; a message is filed once.
 */
final class SandboxReceiver implements MessageDeliveryHandler {

    private static final Logger log = LoggerFactory.getLogger(SandboxReceiver.class);
    /** Larger messages are listed, but their raw source is not kept. */
    static final int MAX_SOURCE_BYTES = 2 * 1024 * 1024;

    private final MailSandbox sandbox;
    private final Map<MovingMessage, Boolean> filed = Collections.synchronizedMap(new WeakHashMap<>());
    private final GreenMailUser sink = new SinkUser();

    SandboxReceiver(MailSandbox sandbox) {
        this.sandbox = sandbox;
    }

    @Override
    public GreenMailUser handle(MovingMessage msg, MailAddress mailAddress) {
        if (filed.put(msg, Boolean.TRUE) == null) {
            file(msg);
        }
        return sink;
    }

    private void file(MovingMessage msg) {
        MimeMessage message = msg.getMessage();
        try {
            UUID tenantId = tenant(message);
            if (tenantId == null) {
                log.warn("Mail sandbox: dropped a mail without a valid {} header (subject: {})", Outbox.TENANT_HEADER,
                        message.getSubject());
                return;
            }
            SandboxMessages.Received received = parse(message, envelope(msg));
            TenantContext.runAsSystem(tenantId, () -> sandbox.record(received));
        } catch (MessagingException | IOException | RuntimeException e) {
            log.warn("Mail sandbox: could not file a received mail: {}", e.toString());
        }
    }

    private static UUID tenant(MimeMessage message) throws MessagingException {
        String value = message.getHeader(Outbox.TENANT_HEADER, null);
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String envelope(MovingMessage msg) {
        List<String> to = new ArrayList<>();
        for (MailAddress address : msg.getToAddresses()) {
            to.add(address.getEmail());
        }
        return String.join(", ", to);
    }

    static SandboxMessages.Received parse(MimeMessage message, String envelopeRecipients)
            throws MessagingException, IOException {
        Bodies bodies = new Bodies();
        collect(message, bodies);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        message.writeTo(raw);
        byte[] source = raw.size() <= MAX_SOURCE_BYTES ? raw.toByteArray() : null;
        String recipients = addresses(message.getRecipients(Message.RecipientType.TO));
        String cc = addresses(message.getRecipients(Message.RecipientType.CC));
        if (!cc.isEmpty()) {
            recipients = recipients.isEmpty() ? cc : recipients + ", " + cc;
        }
        if (recipients.isEmpty()) {
            recipients = envelopeRecipients;
        }
        StringBuilder headers = new StringBuilder();
        Enumeration<String> lines = message.getAllHeaderLines();
        while (lines.hasMoreElements()) {
            headers.append(lines.nextElement()).append('\n');
        }
        String replyTo = message.getHeader("Reply-To") == null ? null : addresses(message.getReplyTo());
        String subject = message.getSubject();
        return new SandboxMessages.Received(addresses(message.getFrom()), recipients, replyTo,
                subject == null ? "" : subject, bodies.html, bodies.text, headers.toString(), source, raw.size());
    }

    private static final class Bodies {
        String html;
        String text;
    }

    private static void collect(Part part, Bodies bodies) throws MessagingException, IOException {
        if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return;
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                collect(child, bodies);
            }
        } else if (part.isMimeType("text/html") && bodies.html == null) {
            bodies.html = String.valueOf(part.getContent());
        } else if (part.isMimeType("text/plain") && bodies.text == null) {
            bodies.text = String.valueOf(part.getContent());
        }
    }

    private static String addresses(Address[] addresses) {
        if (addresses == null) {
            return "";
        }
        List<String> out = new ArrayList<>();
        for (Address a : addresses) {
            if (a instanceof InternetAddress ia) {
                String personal = ia.getPersonal();
                out.add(personal == null || personal.isBlank() ? ia.getAddress()
                        : personal + " <" + ia.getAddress() + ">");
            } else {
                out.add(a.toString());
            }
        }
        return String.join(", ", out);
    }

    /** Where GreenMail "delivers" after the handler: nothing is kept in memory, the sandbox has the mail. */
    private static final class SinkUser implements GreenMailUser {
        @Override public String getEmail() { return "sandbox@localhost"; }
        @Override public String getLogin() { return "sandbox"; }
        @Override public void deliver(MovingMessage msg) { }
        @Override public void deliver(MimeMessage msg) { }
        @Override public void create() { }
        @Override public void delete() { }
        @Override public String getPassword() { return ""; }
        @Override public void setPassword(String password) { }
        @Override public void authenticate(String password) { }
        @Override public String getQualifiedMailboxName() { return "sandbox"; }
    }
}
