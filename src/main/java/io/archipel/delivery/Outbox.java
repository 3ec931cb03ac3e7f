package io.archipel.delivery;

import java.io.UnsupportedEncodingException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import io.archipel.delivery.internal.MimeMails;
import io.archipel.shared.mail.MailDeliveryException;
import io.archipel.shared.mail.MailSender;
import io.archipel.shared.mail.OutgoingMail;
import io.archipel.tenancy.TenantContext;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Service;

/**
 * Sends e-mails through the configured SMTP server ({@code spring.mail.*}), or through the embedded mail sandbox in
 * development. Every mail is multipart/alternative (plain text, then HTML) in UTF-8 and carries the tenant it was sent
 * for in {@value #TENANT_HEADER}. A mail the SMTP server did not accept raises {@link MailDeliveryException}.
 */
@Service
public class Outbox implements MailSender {

    /** The header naming the tenant a mail was sent for (the mail sandbox files received mails by it). */
    public static final String TENANT_HEADER = MimeMails.TENANT_HEADER;

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    private final ObjectProvider<JavaMailSender> senders;

    Outbox(ObjectProvider<JavaMailSender> senders) {
        this.senders = senders;
    }

    /** Whether an SMTP server (real or the sandbox) is configured at all. */
    @Override
    public boolean configured() {
        return senders.getIfAvailable() != null;
    }

    /**
     * Hands the mail to the SMTP server; returns once the server has accepted it. Returns the Message-ID.
     */
    @Override
    public String send(OutgoingMail mail) {
        JavaMailSender sender = senders.getIfAvailable();
        if (sender == null) {
            throw new MailDeliveryException(MailDeliveryException.Reason.NOT_CONFIGURED,
                    "No SMTP server configured (spring.mail.host) and the mail sandbox is off", null);
        }
        MimeMessage message = sender.createMimeMessage();
        try {
            build(message, mail);
        } catch (MessagingException | UnsupportedEncodingException e) {
            throw new IllegalArgumentException("Cannot build the e-mail: " + e.getMessage(), e);
        }
        try {
            sender.send(message);
            String id = message.getMessageID();
            log.debug("Mail {} sent to {}", id, mail.toAddress());
            return id;
        } catch (MailAuthenticationException e) {
            throw new MailDeliveryException(MailDeliveryException.Reason.REJECTED, e.getMessage(), e);
        } catch (MailException e) {
            boolean unreachable = hasCause(e, ConnectException.class, SocketTimeoutException.class,
                    UnknownHostException.class) || e.getMessage() != null && e.getMessage().contains("Couldn't connect");
            log.warn("Mail to {} not sent: {}", mail.toAddress(), e.getMessage());
            throw new MailDeliveryException(unreachable ? MailDeliveryException.Reason.UNREACHABLE
                    : MailDeliveryException.Reason.REJECTED, e.getMessage(), e);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void build(MimeMessage message, OutgoingMail mail) throws MessagingException, UnsupportedEncodingException {
        MimeMails.build(message, mail, TenantContext.current().orElse(null));
    }

    @SafeVarargs
    private static boolean hasCause(Throwable e, Class<? extends Throwable>... types) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
            if (t instanceof MessagingException me && me.getNextException() != null && me.getNextException() != t.getCause()) {
                if (hasCause(me.getNextException(), types)) {
                    return true;
                }
            }
        }
        return false;
    }
}
