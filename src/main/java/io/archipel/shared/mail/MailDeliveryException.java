package io.archipel.shared.mail;

/** An e-mail could not be handed to the SMTP server; {@link #reason()} says why, in words a page can translate. */
public class MailDeliveryException extends RuntimeException {

    public enum Reason {
        /** No SMTP server is configured (no spring.mail.host and the sandbox is off). */
        NOT_CONFIGURED,
        /** The SMTP server could not be reached or did not answer. */
        UNREACHABLE,
        /** The SMTP server refused the message (sender, recipient or content). */
        REJECTED
    }

    private final Reason reason;

    public MailDeliveryException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
