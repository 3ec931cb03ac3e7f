package io.archipel.delivery.sandbox;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The development SMTP sink: a GreenMail SMTP server on the loopback interface that accepts every mail and hands it to
 * {@link SandboxReceiver} (nothing is kept in GreenMail's own memory). Port 0 picks a free port (tests); when the
 * configured port is taken (another instance runs), a free port is used instead, with a warning.
 */
public final class MailSandboxServer {

    private static final Logger log = LoggerFactory.getLogger(MailSandboxServer.class);

    private final GreenMail greenMail;

    MailSandboxServer(String bindAddress, int port, SandboxReceiver receiver) {
        GreenMail started;
        try {
            started = start(bindAddress, port, receiver);
        } catch (RuntimeException e) {
            if (port == 0) {
                throw e;
            }
            log.warn("Mail sandbox: port {} on {} is not free ({}); using a free port instead", port, bindAddress,
                    e.getMessage());
            started = start(bindAddress, 0, receiver);
        }
        this.greenMail = started;
        log.info("Mail sandbox: SMTP sink listening on {}:{} (no spring.mail.host set); its mails are shown at "
                + "/hq/mail-sandbox", bindAddress, port());
    }

    private static GreenMail start(String bindAddress, int port, SandboxReceiver receiver) {
        ServerSetup setup = new ServerSetup(port, bindAddress, ServerSetup.PROTOCOL_SMTP);
        GreenMail greenMail = new GreenMail(setup);
        greenMail.getUserManager().setMessageDeliveryHandler(receiver);
        try {
            greenMail.start();
        } catch (RuntimeException e) {
            try {
                greenMail.stop();
            } catch (RuntimeException ignored) {
                // nothing was started
            }
            throw e;
        }
        return greenMail;
    }

    /** The port the sink listens on. */
    public int port() {
        return greenMail.getSmtp().getPort();
    }

    public String host() {
        return greenMail.getSmtp().getBindTo();
    }

    public boolean running() {
        return greenMail.isRunning();
    }

    void stop() {
        greenMail.stop();
    }
}
