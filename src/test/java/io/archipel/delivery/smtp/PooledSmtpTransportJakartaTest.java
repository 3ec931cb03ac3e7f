package io.archipel.delivery.smtp;

/**
 * Every test of {@link PooledSmtpTransportTest} again with the pipelined client off: the mails go through Jakarta
 * Mail's {@code SMTPTransport}, the path of relays with TLS or authentication.
 */
class PooledSmtpTransportJakartaTest extends PooledSmtpTransportTest {

    @Override
    boolean pipelining() {
        return false;
    }
}
