package io.archipel.delivery.smtp;

import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

import io.archipel.delivery.SendingSettings;
import io.archipel.delivery.SendingSettings.TransportSettings;
import io.archipel.delivery.internal.MimeMails;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * The campaign transport: per tenant, a pool of {@code connections} long-lived SMTP connections (Jakarta Mail
 * {@link Transport}s kept open and reused, TCP_NODELAY sockets) to the tenant's relay or the platform default, used in
 * parallel (a batch is split across them), behind a token bucket of {@code max_per_second} permits per second. The
 * bucket is per instance: with several instances sending for one tenant, the tenant's rate is the sum.
 * <p>
 * Outcomes: 250 → ACCEPTED; a 5xx reply to the sender, a recipient or the data → PERMANENT; 4xx, connection refused,
 * lost or timed out, authentication refused → TEMPORARY (the engine retries later). A connection that failed is
 * closed and made again for the next mail; when the server cannot be reached, the rest of that connection's share of
 * the batch is TEMPORARY at once (no connection storm). When HQ changes the settings, the pool is rebuilt (its
 * connections close once their current mail is done).
 */
@Component
public class PooledSmtpTransport implements CampaignTransport, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PooledSmtpTransport.class);

    /** Header fields the DKIM signature covers (when present). */
    static final List<String> SIGNED_HEADERS = List.of("From", "Reply-To", "To", "Subject", "Date", "Message-ID",
            "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "List-Unsubscribe", "List-Unsubscribe-Post",
            "X-Archipel-Campaign");

    private final SendingSettings settings;
    private final ObjectProvider<JavaMailSender> platformSender;
    private final LongSupplier nanoClock;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final boolean pipelining;
    private final ConcurrentHashMap<UUID, TenantPool> pools = new ConcurrentHashMap<>();
    private final ExecutorService workers;

    @Autowired
    PooledSmtpTransport(SendingSettings settings, ObjectProvider<JavaMailSender> platformSender,
            @Value("${archipel.smtp.connect-timeout:10000}") int connectTimeoutMillis,
            @Value("${archipel.smtp.read-timeout:30000}") int readTimeoutMillis,
            @Value("${archipel.smtp.pipelining:true}") boolean pipelining) {
        this(settings, platformSender, System::nanoTime, connectTimeoutMillis, readTimeoutMillis, pipelining);
    }

    PooledSmtpTransport(SendingSettings settings, ObjectProvider<JavaMailSender> platformSender,
            LongSupplier nanoClock, int connectTimeoutMillis, int readTimeoutMillis) {
        this(settings, platformSender, nanoClock, connectTimeoutMillis, readTimeoutMillis, true);
    }

    PooledSmtpTransport(SendingSettings settings, ObjectProvider<JavaMailSender> platformSender,
            LongSupplier nanoClock, int connectTimeoutMillis, int readTimeoutMillis, boolean pipelining) {
        this.settings = settings;
        this.platformSender = platformSender;
        this.nanoClock = nanoClock;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
        this.pipelining = pipelining;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, "smtp-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.workers = Executors.newCachedThreadPool(threads);
    }

    @Override
    public List<Outcome> sendAll(UUID tenantId, List<CampaignMail> mails) {
        return sendAll(tenantId, mails.size(), mails::get);
    }

    /** Each mail is built by the connection's thread just before it is sent (a batch is never all in memory). */
    @Override
    public List<Outcome> sendAll(UUID tenantId, int count, IntFunction<CampaignMail> mails) {
        if (count == 0) {
            return List.of();
        }
        TransportSettings current = settings.transport(tenantId);
        TenantPool pool = pools.compute(tenantId, (id, old) -> {
            if (old != null && old.version == current.version()) {
                return old;
            }
            if (old != null) {
                old.retire();
            }
            return new TenantPool(tenantId, current);
        });
        Outcome[] outcomes = new Outcome[count];
        if (pool.endpoint == null) {
            Arrays.fill(outcomes, new Outcome(Kind.TEMPORARY, "No SMTP server configured"));
            return List.of(outcomes);
        }
        int shares = Math.min(pool.size, count);
        int per = (count + shares - 1) / shares;
        List<Future<?>> running = new ArrayList<>(shares - 1);
        for (int s = 1; s < shares; s++) {
            int from = s * per;
            int to = Math.min(count, from + per);
            if (from < to) {
                running.add(workers.submit(() -> pool.send(mails, from, to, outcomes)));
            }
        }
        pool.send(mails, 0, Math.min(per, count), outcomes);
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (java.util.concurrent.ExecutionException e) {
                log.error("SMTP worker failed", e.getCause());
            }
        }
        for (int i = 0; i < outcomes.length; i++) {
            if (outcomes[i] == null) {
                outcomes[i] = new Outcome(Kind.TEMPORARY, "not sent (interrupted)");
            }
        }
        return List.of(outcomes);
    }

    /** Closes every connection (shutdown). */
    @Override
    public void destroy() {
        pools.values().forEach(TenantPool::retire);
        pools.clear();
        workers.shutdownNow();
    }

    /** Connections opened since start, for tests and monitoring. */
    int connectionsOpened(UUID tenantId) {
        TenantPool pool = pools.get(tenantId);
        return pool == null ? 0 : pool.opened.get();
    }

    /** One tenant's connections, signer settings and rate limit, for one version of its settings. */
    private final class TenantPool {
        final UUID tenantId;
        final long version;
        final SmtpEndpoint endpoint;
        final Session session;
        final int size;
        final TokenBucket bucket;
        final SendingSettings.Dkim dkim;
        final BlockingQueue<Connection> idle;
        /** Plain relay, no authentication: our pipelined client instead of Jakarta Mail. */
        final boolean direct;
        final String heloName;
        final AtomicInteger opened = new AtomicInteger();
        volatile boolean retired;

        TenantPool(UUID tenantId, TransportSettings s) {
            this.tenantId = tenantId;
            this.version = s.version();
            this.endpoint = s.relay().map(SmtpEndpoint::of).orElseGet(() -> SmtpEndpoint.platform(
                    platformSender.getIfAvailable()));
            this.session = endpoint == null ? null : endpoint.session(connectTimeoutMillis, readTimeoutMillis);
            this.size = s.connections();
            this.bucket = TokenBucket.perSecond(s.maxPerSecond(), nanoClock);
            this.dkim = s.dkim().orElse(null);
            this.direct = pipelining && endpoint != null && endpoint.security() == SendingSettings.Security.NONE
                    && !endpoint.authenticates();
            this.heloName = endpoint == null ? null : endpoint.extra().getProperty("mail.smtp.localhost");
            this.idle = new ArrayBlockingQueue<>(size);
            for (int i = 0; i < size; i++) {
                idle.add(new Connection());
            }
            log.info("SMTP pool for tenant {}: {} connection(s) to {}, {} mail(s)/s, DKIM {}, {}", tenantId, size,
                    endpoint, s.maxPerSecond(), dkim == null ? "off" : dkim.recordName(),
                    direct ? "pipelined client" : "Jakarta Mail");
        }

        /** Sends mails[from, to) over one connection of the pool, writing their outcomes. */
        void send(IntFunction<CampaignMail> mails, int from, int to, Outcome[] outcomes) {
            Connection connection;
            try {
                connection = idle.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                for (int i = from; i < to; i++) {
                    try {
                        bucket.acquire();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    CampaignMail mail;
                    try {
                        mail = mails.apply(i);
                    } catch (RuntimeException e) {
                        outcomes[i] = new Outcome(Kind.PERMANENT, "cannot build the mail: " + e.getMessage());
                        continue;
                    }
                    outcomes[i] = connection.send(mail);
                    if (connection.unreachable) {
                        for (int j = i + 1; j < to; j++) {
                            outcomes[j] = outcomes[i];
                        }
                        connection.unreachable = false;
                        return;
                    }
                }
            } finally {
                if (retired) {
                    connection.close();
                } else {
                    idle.add(connection);
                }
            }
        }

        void retire() {
            retired = true;
            Connection c;
            while ((c = idle.poll()) != null) {
                c.close();
            }
        }

        /** One SMTP connection; used by one thread at a time (taken from {@link #idle}). */
        private final class Connection {
            private Transport transport;
            private PipelinedSmtpConnection pipelined;
            private RawDkimSigner signer;
            /** The last attempt could not reach the server: the caller stops this share of the batch. */
            boolean unreachable;

            Outcome send(CampaignMail mail) {
                if (direct) {
                    return sendDirect(mail);
                }
                MimeMessage message;
                Address[] recipients;
                try {
                    recipients = new Address[] {new InternetAddress(mail.mail().toAddress(), false)};
                    ZonedDateTime now = ZonedDateTime.now();
                    MimeMails.Raw raw = MimeMails.raw(mail.mail(), mail.bodies(), tenantId, mail.messageId(), now);
                    RawDkimSigner signer = signer();
                    byte[] signature = signer == null ? null : signer.sign(raw, now.toEpochSecond());
                    message = new CampaignMessages.Prebuilt(session, raw, mail.mail().fromAddress(), signature);
                } catch (GeneralSecurityException e) {
                    // the tenant's key, not the recipient: retry later (HQ sees the errors and fixes the key)
                    return new Outcome(Kind.TEMPORARY, "cannot sign the mail: " + e.getMessage());
                } catch (MessagingException | UnsupportedEncodingException | RuntimeException e) {
                    return new Outcome(Kind.PERMANENT, "cannot build the mail: " + e.getMessage());
                }
                try {
                    open();
                } catch (MessagingException e) {
                    close();
                    unreachable = true;
                    return new Outcome(Kind.TEMPORARY, "connect: " + message(e));
                }
                try {
                    transport.sendMessage(message, recipients);
                    return Outcome.ACCEPTED_OUTCOME;
                } catch (SendFailedException e) {
                    int code = replyCode(e);
                    if (code == -1 || brokenConnection(e)) {
                        close();
                        return new Outcome(Kind.TEMPORARY, message(e));
                    }
                    return new Outcome(code >= 500 ? Kind.PERMANENT : Kind.TEMPORARY, message(e));
                } catch (MessagingException e) {
                    close();
                    return new Outcome(Kind.TEMPORARY, message(e));
                } catch (RuntimeException e) {
                    close();
                    log.warn("SMTP send failed unexpectedly", e);
                    return new Outcome(Kind.TEMPORARY, String.valueOf(e.getMessage()));
                }
            }

            /** Our pipelined client: plain relays without authentication (see {@link PipelinedSmtpConnection}). */
            private Outcome sendDirect(CampaignMail mail) {
                MimeMails.Raw raw;
                byte[] signature;
                try {
                    ZonedDateTime now = ZonedDateTime.now();
                    raw = MimeMails.raw(mail.mail(), mail.bodies(), tenantId, mail.messageId(), now);
                    RawDkimSigner signer = signer();
                    signature = signer == null ? null : signer.sign(raw, now.toEpochSecond());
                } catch (GeneralSecurityException e) {
                    return new Outcome(Kind.TEMPORARY, "cannot sign the mail: " + e.getMessage());
                } catch (UnsupportedEncodingException | RuntimeException e) {
                    return new Outcome(Kind.PERMANENT, "cannot build the mail: " + e.getMessage());
                }
                if (pipelined == null || !pipelined.isOpen()) {
                    try {
                        pipelined = PipelinedSmtpConnection.open(endpoint.host(), endpoint.port(), heloName,
                                connectTimeoutMillis, readTimeoutMillis);
                        opened.incrementAndGet();
                    } catch (IOException e) {
                        pipelined = null;
                        unreachable = true;
                        return new Outcome(Kind.TEMPORARY, "connect: " + e.getMessage());
                    }
                }
                try {
                    return pipelined.send(mail.mail().fromAddress(), mail.mail().toAddress(), signature, raw);
                } catch (IOException e) {
                    pipelined = null;
                    return new Outcome(Kind.TEMPORARY, String.valueOf(e.getMessage()));
                }
            }

            private RawDkimSigner signer() throws GeneralSecurityException {
                if (dkim == null) {
                    return null;
                }
                if (signer == null) {
                    // not thread-safe (one Signature per signer): one per connection
                    signer = new RawDkimSigner(dkim.domain(), dkim.selector(), dkim.privateKey(), SIGNED_HEADERS);
                }
                return signer;
            }

            private void open() throws MessagingException {
                if (transport != null) {
                    return;
                }
                Transport t = session.getTransport("smtp");
                t.connect(endpoint.host(), endpoint.port(), endpoint.authenticates() ? endpoint.username() : null,
                        endpoint.authenticates() ? endpoint.password() : null);
                opened.incrementAndGet();
                transport = t;
            }

            void close() {
                if (pipelined != null) {
                    pipelined.close();
                    pipelined = null;
                }
                if (transport != null) {
                    try {
                        transport.close();
                    } catch (MessagingException | RuntimeException ignored) {
                        // the connection is gone either way
                    }
                    transport = null;
                }
            }
        }
    }

    /** The SMTP reply code of a refusal: the sender's, the data's or the (single) recipient's; -1 when none. */
    static int replyCode(MessagingException e) {
        for (Exception x = e; x != null; x = x instanceof MessagingException m ? m.getNextException() : null) {
            if (x instanceof SMTPAddressFailedException a) {
                return a.getReturnCode();
            }
            if (x instanceof SMTPSenderFailedException s) {
                return s.getReturnCode();
            }
            if (x instanceof SMTPSendFailedException s && s.getReturnCode() > 0) {
                return s.getReturnCode();
            }
        }
        return -1;
    }

    private static boolean brokenConnection(MessagingException e) {
        for (Throwable t = e; t != null; t = t instanceof MessagingException m && m.getNextException() != null
                ? m.getNextException() : t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketException || t instanceof SocketTimeoutException || t instanceof ConnectException
                    || (t instanceof IOException && !(t instanceof UnsupportedEncodingException))) {
                return true;
            }
        }
        return false;
    }

    static String message(Exception e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()).strip());
        Exception next = e instanceof MessagingException m ? m.getNextException() : null;
        if (next != null && next.getMessage() != null && !text.toString().contains(next.getMessage().strip())) {
            text.append(" (").append(next.getMessage().strip()).append(')');
        }
        String s = text.toString().replaceAll("[\\r\\n]+", " ");
        return s.length() > 900 ? s.substring(0, 900) : s;
    }

}
