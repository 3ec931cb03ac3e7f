package io.archipel.shared.mail;

/**
 * Hands an e-mail to the SMTP server. Modules that only need to send a notification depend on this interface; the
 * delivery module implements it (its {@code Outbox}), so delivery may in turn use those modules (it sends their
 * campaigns) without a dependency cycle.
 */
public interface MailSender {

    /** Whether an SMTP server (real or the development sandbox) is configured at all. */
    boolean configured();

    /**
     * Returns once the server accepted the mail, with its Message-ID.
     *
     * @throws MailDeliveryException when it was not accepted (not configured, unreachable, rejected)
     */
    String send(OutgoingMail mail);
}
