package io.archipel.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.archipel.audience.Contacts;
import io.archipel.audience.SegmentService;
import io.archipel.audience.Segments;
import io.archipel.brand.Availability;
import io.archipel.brand.BlockField;
import io.archipel.brand.EmailTemplateContent;
import io.archipel.brand.LockableText;
import io.archipel.brand.TemplateBlock;
import io.archipel.brand.TemplateCategory;
import io.archipel.brand.TemplateChannel;
import io.archipel.brand.TemplateService;
import io.archipel.brand.Templates;
import io.archipel.campaign.CampaignService;
import io.archipel.campaign.CampaignStatus;
import io.archipel.campaign.PolicyService;
import io.archipel.campaign.Policies;
import io.archipel.delivery.SendingSettings;
import io.archipel.delivery.TrackingTokens;
import io.archipel.delivery.smtp.CampaignTransport;
import io.archipel.delivery.smtp.CampaignTransport.CampaignMail;
import io.archipel.delivery.smtp.CampaignTransport.Kind;
import io.archipel.delivery.smtp.CampaignTransport.Outcome;
import io.archipel.shared.mail.OutgoingMail;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TenantContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Campaign sending throughput against Postfix's {@code smtp-sink} on loopback (Debian package {@code postfix}; only the
 * {@code smtp-sink} and {@code smtp-source} binaries are used, no daemon), beside {@code smtp-source} sending the same
 * number of ~20 KB messages over the same number of sessions (reused connections, {@code -d}) in the same run.
 * <ul>
 * <li>{@link #transportOnly()}: our pooled transport alone, fed personalised, tracked ~20 KB mails built on the fly
 * (DKIM on, then off).</li>
 * <li>{@link #endToEnd()}: a real campaign of the demo network's LYO-01 through the engine: materialisation of
 * {@code benchmark.recipients} consenting contacts, claims under leases, personalisation, tracked links, DKIM, the
 * SMTP pool, outcomes recorded; timed from the start of the send to its end (state FINISHED).</li>
 * </ul>
 * Prints messages/s of both, the ratio, and the peak heap (the benchmark profile runs with {@code -Xmx512m}).
 * {@code ./mvnw -Pbenchmark test -Dtest=SmtpSendBenchmark} ({@code -Dbenchmark.recipients=1000000} on demand,
 * {@code -Dbenchmark.workers=6 -Dbenchmark.sessions=6}, the defaults: on 2 cores they keep both busier than 4 / 4);
 * not part of verify.
 */
@SpringBootTest(properties = {"archipel.delivery.enabled=true", "archipel.delivery.start-sweep-ms=500",
        "archipel.delivery.idle=PT0.05S", "archipel.delivery.workers=${benchmark.workers:6}",
        "archipel.delivery.batch-size=${benchmark.batch:500}", "logging.level.io.archipel.delivery=WARN"})
@Import(Personas.class)
class SmtpSendBenchmark {

    static final int RECIPIENTS = Integer.getInteger("benchmark.recipients", 100_000);
    static final int TRANSPORT_MAILS = Integer.getInteger("benchmark.transport.mails", 20_000);
    static final int SESSIONS = Integer.getInteger("benchmark.sessions", 6);
    /** Recipients of an untimed campaign sent first (JIT warm-up), {@code -Dbenchmark.warmup=0} for a cold run. */
    static final int WARM_UP = Integer.getInteger("benchmark.warmup", 30_000);
    static final int MESSAGE_BYTES = 20_480;
    /** End to end with DKIM (RSA-2048) on: {@code -Dbenchmark.dkim=true}; off by default (the goal's plain case). */
    static final boolean END_TO_END_DKIM = Boolean.getBoolean("benchmark.dkim");
    static final String SINK = "/usr/sbin/smtp-sink";
    static final String SOURCE = "/usr/sbin/smtp-source";

    @Autowired
    CampaignTransport transport;
    @Autowired
    SendingSettings settings;
    @Autowired
    TrackingTokens tokens;
    @Autowired
    Personas personas;
    @Autowired
    TemplateService templates;
    @Autowired
    PolicyService policies;
    @Autowired
    CampaignService campaigns;
    @Autowired
    SegmentService segments;
    @Autowired
    BranchService branches;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void transportOnly() throws Exception {
        assumeTrue(new File(SINK).canExecute() && new File(SOURCE).canExecute(), "apt-get install -y postfix");
        UUID tenantId = personas.principal(Personas.HQ_ADMIN).tenantId();
        try (Sink sink = new Sink()) {
            configure(tenantId, sink.port, true);
            double baseline = smtpSource(sink.port, TRANSPORT_MAILS);
            warmUp(tenantId);
            resetPeaks();
            double signed = ours(tenantId, TRANSPORT_MAILS);
            long peakSigned = peakHeap();
            configure(tenantId, sink.port, false);
            resetPeaks();
            double unsigned = ours(tenantId, TRANSPORT_MAILS);
            long peakUnsigned = peakHeap();
            System.out.printf("%nSMTP transport only, %,d mails of ~20 KB, %d sessions, load %s%n", TRANSPORT_MAILS,
                    SESSIONS, load());
            System.out.printf("  smtp-source (-d)        : %,10.0f msg/s%n", baseline);
            System.out.printf("  ours, DKIM on           : %,10.0f msg/s  ratio %.2f  peak heap %d MB%n", signed,
                    signed / baseline, peakSigned >> 20);
            System.out.printf("  ours, DKIM off          : %,10.0f msg/s  ratio %.2f  peak heap %d MB%n", unsigned,
                    unsigned / baseline, peakUnsigned >> 20);
        } finally {
            restore(tenantId);
        }
    }

    @Test
    void endToEnd() throws Exception {
        assumeTrue(new File(SINK).canExecute() && new File(SOURCE).canExecute(), "apt-get install -y postfix");
        UUID tenantId = personas.principal(Personas.HQ_ADMIN).tenantId();
        String tag = "bench" + UUID.randomUUID().toString().substring(0, 6);
        try (Sink sink = new Sink()) {
            configure(tenantId, sink.port, END_TO_END_DKIM);
            UUID branchId = personas.callAs(Personas.HQ_ADMIN, () -> branches.search("LYO-01", null).stream()
                    .filter(b -> b.code().equals("LYO-01")).findFirst().orElseThrow().id());
            long s = System.nanoTime();
            withoutSendBudget(tenantId, branchId);
            insertContacts(tenantId, branchId, tag, RECIPIENTS);
            System.out.printf("%,d consenting contacts inserted in %.0f s%n", RECIPIENTS, (System.nanoTime() - s) / 1e9);

            double baseline = smtpSource(sink.port, RECIPIENTS);
            if (WARM_UP > 0) {
                // a server that has sent before: the JIT has compiled the sending path, as in a long-running
                // instance (C2 took ~110 µs of CPU per mail of a cold 100,000 run, ~60 after 10,000, ~35 after 30,000)
                String warmTag = tag + "w";
                insertContacts(tenantId, branchId, warmTag, WARM_UP);
                UUID warm = approvedCampaign(branchId, warmTag);
                waitForState(tenantId, warm, "FINISHED", 600);
                System.out.printf("warm-up campaign of %,d recipients sent (not timed)%n", WARM_UP);
            }
            resetPeaks();
            long cpuBefore = processCpuNanos();
            Map<String, Long> threadsBefore = threadCpu();
            long sinkBefore = cpuNanos(ProcessHandle.current().descendants());
            long postgresBefore = cpuNanos(postgres());
            long[] updatesBefore = recipientUpdates();
            UUID campaignId = approvedCampaign(branchId, tag);
            // the engine (5 s sweep here 0.5 s) starts it: time from the send's start to its end
            Map<String, Object> row = waitForState(tenantId, campaignId, "FINISHED", 3600);
            double seconds = ((java.sql.Timestamp) row.get("finished_at")).getTime() / 1000.0
                    - ((java.sql.Timestamp) row.get("started_at")).getTime() / 1000.0;
            long peak = peakHeap();
            long cpu = processCpuNanos() - cpuBefore;
            Map<String, Long> threadsAfter = threadCpu();
            long sinkCpu = cpuNanos(ProcessHandle.current().descendants()) - sinkBefore;
            long postgresCpu = cpuNanos(postgres()) - postgresBefore;
            long[] updatesAfter = recipientUpdates();
            int sent = ((Number) row.get("sent_count")).intValue();
            int failed = ((Number) row.get("failed_count")).intValue();
            double ours = sent / seconds;
            System.out.printf("%nEnd to end (engine + pool, DKIM %s), %,d recipients, %d sessions, load %s%n",
                    END_TO_END_DKIM ? "on" : "off", RECIPIENTS, SESSIONS, load());
            System.out.printf("  smtp-source (-d)        : %,10.0f msg/s%n", baseline);
            System.out.printf("  campaign send           : %,10.0f msg/s  (%,d sent, %,d failed in %.1f s, "
                    + "materialisation included)  ratio %.2f  peak heap %d MB%n", ours, sent, failed, seconds,
                    ours / baseline, peak >> 20);
            // CPU of this JVM (all threads, GC included; not PostgreSQL's nor smtp-sink's): independent of the load
            System.out.printf("  CPU of the JVM per mail : %,10.0f µs  (%.0f s of CPU; %,.0f msg/s if it had 2 cores "
                    + "to itself)%n", cpu / 1e3 / sent, cpu / 1e9, 2e9 * sent / cpu);
            System.out.printf("  CPU of PostgreSQL       : %,10.0f µs per mail (postmaster and backends, from /proc; "
                    + "%.0f s)%n", postgresCpu / 1e3 / sent, postgresCpu / 1e9);
            System.out.printf("  CPU of smtp-sink        : %,10.0f µs per mail (%.0f s)%n", sinkCpu / 1e3 / sent,
                    sinkCpu / 1e9);
            Map<String, Long> byGroup = new java.util.TreeMap<>();
            threadsAfter.forEach((name, t) -> byGroup.merge(name.replaceAll("[-#]?\\d+$", "").replaceAll("\\d+", "N"),
                    t - threadsBefore.getOrDefault(name, 0L), Long::sum));
            System.out.print("  JVM CPU by thread kind  :");
            byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                    .forEach(e -> System.out.printf(" %s %.0f µs;", e.getKey(), e.getValue() / 1e3 / sent));
            System.out.println();
            System.out.printf("  recipient row updates   : %,d, of which HOT %,d (%.0f %%)%n",
                    updatesAfter[0] - updatesBefore[0], updatesAfter[1] - updatesBefore[1],
                    100.0 * (updatesAfter[1] - updatesBefore[1]) / Math.max(1, updatesAfter[0] - updatesBefore[0]));
            assertThat(sent).isEqualTo(RECIPIENTS);
        } finally {
            restore(tenantId);
        }
    }

    /**
     * CPU (this thread's) per mail of the steps our code owns, independent of the machine's load: writing the
     * prebuilt MIME bytes, canonicalising the body for DKIM, and a whole DKIM signature (RSA-2048 included).
     */
    @Test
    void cpuPerMail() throws Exception {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        io.archipel.delivery.smtp.RawDkimSigner signer = new io.archipel.delivery.smtp.RawDkimSigner(
                "news.maison-lumiere.example", "bench", generator.generateKeyPair().getPrivate(),
                List.of("From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type",
                        "List-Unsubscribe", "List-Unsubscribe-Post", "X-Archipel-Campaign"));
        UUID tenantId = personas.principal(Personas.HQ_ADMIN).tenantId();
        int n = 4_000;
        List<OutgoingMail> mails = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            mails.add(mail(tenantId, i).mail());
        }
        io.archipel.delivery.internal.MimeMails.Raw[] raws = new io.archipel.delivery.internal.MimeMails.Raw[n];
        for (int round = 1; round <= 3; round++) {
            long a = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                raws[i] = io.archipel.delivery.internal.MimeMails.raw(mails.get(i), tenantId, "<" + i + "@bench>",
                        java.time.ZonedDateTime.now());
            }
            long b = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                signer.relaxedBody(raws[i].body());
            }
            long c = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < n / 4; i++) {
                signer.sign(raws[i], 1L);
            }
            long d = threads.getCurrentThreadCpuTime();
            System.out.printf("CPU per mail, round %d: MIME bytes %.0f µs, DKIM body canonicalisation %.0f µs, "
                    + "whole DKIM signature %.0f µs (mail of %,d bytes)%n", round, (b - a) / 1e3 / n,
                    (c - b) / 1e3 / n, (d - c) / 1e3 / (n / 4), raws[0].headers().length + raws[0].body().length);
        }
        assertThat(raws[n - 1].body().length).isGreaterThan(15_000);
    }

    // ------------------------------------------------------------------------------------------------ our side

    private double ours(UUID tenantId, int total) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        int callers = 2;
        int batch = 200;
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < callers; t++) {
            Thread thread = new Thread(() -> {
                long from;
                while ((from = next.getAndAdd(batch)) < total) {
                    List<CampaignMail> mails = new ArrayList<>(batch);
                    for (long i = from; i < Math.min(total, from + batch); i++) {
                        mails.add(mail(tenantId, i));
                    }
                    for (Outcome o : transport.sendAll(tenantId, mails)) {
                        if (o.kind() == Kind.ACCEPTED) {
                            accepted.incrementAndGet();
                        }
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(accepted.get()).isEqualTo(total);
        return total / seconds;
    }

    private void warmUp(UUID tenantId) throws InterruptedException {
        ours(tenantId, 5_000);
    }

    private static final String PARAGRAPH = "Chez Maison Lumière, l’hiver se vit en couleurs : découvrez nos "
            + "luminaires en laiton brossé, nos abat-jour en lin lavé et nos guirlandes à LED chaudes, sélectionnés "
            + "par l’équipe de votre boutique pour éclairer les soirées de janvier sans alourdir la facture. ";

    /** A personalised, tracked mail of ~20 KB (HTML ~14 KB with 20 tracked links and a pixel, text ~5 KB). */
    private CampaignMail mail(UUID tenantId, long i) {
        String first = FIRST[(int) (i % FIRST.length)];
        StringBuilder html = new StringBuilder(16_000);
        StringBuilder text = new StringBuilder(6_000);
        html.append("<!DOCTYPE html><html><body><table role=\"presentation\" width=\"100%\"><tr><td>");
        html.append("<h1>Bonjour ").append(first).append(",</h1>");
        text.append("Bonjour ").append(first).append(",\n\n");
        for (int p = 0; p < 20; p++) {
            String url = "https://lumiere.example/t/c/" + tokens.click(tenantId, i, p);
            html.append("<p style=\"font-family:Arial;color:#222\">").append(PARAGRAPH).append("<a href=\"")
                    .append(url).append("\">Voir l’offre ").append(p + 1).append("</a></p>");
            text.append(PARAGRAPH).append("\nVoir l’offre : ").append(url).append("\n\n");
        }
        html.append("<img src=\"https://lumiere.example/t/o/").append(tokens.open(tenantId, i))
                .append("\" width=\"1\" height=\"1\" alt=\"\"></td></tr></table></body></html>");
        String unsubscribe = "https://lumiere.example/u/" + tokens.unsubscribe(tenantId, i);
        OutgoingMail mail = new OutgoingMail("Maison Lumière Lyon", "lyon@news.maison-lumiere.example", null,
                first + " Martin", "c" + i + "@bench.example", first + ", nos lumières d’hiver ✨", html.toString(),
                text.toString(), Map.of("List-Unsubscribe", "<" + unsubscribe + ">", "List-Unsubscribe-Post",
                        "List-Unsubscribe=One-Click", "X-Archipel-Campaign", "bench"));
        return new CampaignMail(mail, "<" + i + ".bench@news.maison-lumiere.example>");
    }

    private static final String[] FIRST = {"Anne", "Bruno", "Chloé", "Denis", "Emma", "Farid", "Gaëlle", "Hugo"};

    // ------------------------------------------------------------------------------------------------ baseline

    private double smtpSource(int port, int messages) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(SOURCE, "-d", "-s", String.valueOf(SESSIONS), "-m", String.valueOf(messages),
                "-l", String.valueOf(MESSAGE_BYTES), "-f", "bench@news.maison-lumiere.example", "-t",
                "c@bench.example", "127.0.0.1:" + port).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return messages / ((System.nanoTime() - start) / 1e9);
    }

    /** {@code smtp-sink} on a free loopback port (accepts every mail, keeps nothing). */
    static final class Sink implements AutoCloseable {
        final int port;
        final Process process;

        Sink() throws IOException, InterruptedException {
            try (ServerSocket probe = new ServerSocket(0)) {
                port = probe.getLocalPort();
            }
            process = new ProcessBuilder(SINK, "-u", "nobody", "127.0.0.1:" + port, "1024")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            for (int i = 0; i < 50; i++) {
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                    return;
                } catch (IOException e) {
                    Thread.sleep(100);
                }
            }
            throw new IllegalStateException("smtp-sink did not start");
        }

        @Override
        public void close() {
            process.destroy();
        }
    }

    // ------------------------------------------------------------------------------------------------ set-up

    private void configure(UUID tenantId, int port, boolean dkim) {
        TenantContext.runAs(tenantId, () -> {
            long version = settings.view().version();
            settings.save(version, new SendingSettings.Changes("127.0.0.1", port, SendingSettings.Security.NONE,
                    null, null, false, 100_000, SESSIONS, "news.maison-lumiere.example", "bench"));
            if (dkim) {
                settings.generateDkimKey();
            } else {
                settings.removeDkimKey();
            }
        });
        assertThat(settings.transport(tenantId).dkim().isPresent()).isEqualTo(dkim);
    }

    private void restore(UUID tenantId) {
        TenantContext.runAs(tenantId, () -> {
            settings.save(settings.view().version(), new SendingSettings.Changes(null, null,
                    SendingSettings.Security.STARTTLS, null, null, false, SendingSettings.DEFAULT_MAX_PER_SECOND,
                    SendingSettings.DEFAULT_CONNECTIONS, null, null));
            settings.removeDkimKey();
        });
    }

    /** The demo budgets of the branch would send the benchmark's 130,000 mails to an HQ review (ask-HQ policy). */
    private void withoutSendBudget(UUID tenantId, UUID branchId) {
        TenantContext.runAsSystem(tenantId, () -> new TransactionTemplate(transactions).executeWithoutResult(s ->
                jdbc.update("delete from steering_budget where tenant_id = ? and branch_id = ?", tenantId, branchId)));
    }

    private void insertContacts(UUID tenantId, UUID branchId, String tag, int n) {
        TransactionTemplate tx = new TransactionTemplate(transactions);
        int chunk = 50_000;
        for (int from = 0; from < n; from += chunk) {
            int to = Math.min(n, from + chunk) - 1;
            int f = from;
            TenantContext.runAsSystem(tenantId, () -> tx.executeWithoutResult(s -> jdbc.update("""
                    insert into contact (tenant_id, id, branch_id, email, first_name, last_name, tags, email_consent)
                    select ?, gen_random_uuid(), ?, ? || '-' || g || '@bench.example',
                           (array['Anne','Bruno','Chloé','Denis','Emma','Farid','Gaëlle','Hugo'])[1 + (g % 8)],
                           'Martin', array[?], 'GRANTED'
                      from generate_series(?, ?) g""", tenantId, branchId, tag, tag, f, to)));
        }
    }

    private UUID approvedCampaign(UUID branchId, String tag) {
        UUID segmentId = personas.callAs(Personas.HQ_ADMIN, () -> segments.create(null, new Segments.Draft(
                "Bench " + tag, "", new Segments.Definition(Contacts.Channel.EMAIL, new Segments.Group(
                        Segments.Combinator.ALL, List.of(new Segments.Condition("tags", Segments.Operator.HAS_TAG,
                                List.of(tag))))))));
        UUID templateId = personas.callAs(Personas.HQ_MARKETER, () -> templates.create(TemplateChannel.EMAIL,
                "Bench " + tag, TemplateCategory.PROMOTION, ""));
        StringBuilder body = new StringBuilder("<p>Bonjour {{contact.firstName|ami}},</p>");
        for (int p = 0; p < 20; p++) {
            body.append("<p>").append(PARAGRAPH).append("<a href=\"https://maison-lumiere.example/offre-")
                    .append(p + 1).append("?from=mail\">Voir l’offre ").append(p + 1).append("</a></p>");
        }
        personas.runAs(Personas.HQ_MARKETER, () -> {
            Templates.Details d = templates.get(templateId);
            List<TemplateBlock> blocks = d.email().blocks().stream().map(b -> switch (b.type()) {
                case RICH_TEXT -> b.withContent(Map.of(BlockField.HTML.key(), body.toString()));
                default -> b;
            }).toList();
            EmailTemplateContent content = new EmailTemplateContent(new LockableText(
                    "{{contact.firstName|Bonjour}}, nos lumières d’hiver", false, true, 200), d.email().preheader(),
                    blocks);
            Templates.DraftSaved saved = templates.saveEmailDraft(templateId, d.version(), content);
            templates.publish(templateId, saved.version(), Availability.NETWORK);
            policies.setTemplatePolicy(templateId, new Policies.Policy(Policies.ReviewMode.NEVER,
                    Policies.Reviewer.HQ, 24, Policies.ExpiryAction.ESCALATE_TO_HQ, null,
                    EnumSet.allOf(TemplateChannel.class)));
        });
        UUID campaignId = personas.callAs(Personas.BRANCH_MANAGER, () -> campaigns.createFromTemplate(branchId,
                templateId, "Bench " + tag));
        personas.runAs(Personas.BRANCH_MANAGER, () -> campaigns.setAudience(campaignId,
                campaigns.get(campaignId).version(), segmentId));
        io.archipel.campaign.Campaigns.Submitted submitted = personas.callAs(Personas.BRANCH_MANAGER,
                () -> campaigns.submit(campaignId, campaigns.get(campaignId).version()));
        assertThat(submitted.status()).isEqualTo(CampaignStatus.APPROVED);
        return campaignId;
    }

    private Map<String, Object> waitForState(UUID tenantId, UUID campaignId, String state, int maxSeconds)
            throws InterruptedException {
        TransactionTemplate tx = new TransactionTemplate(transactions);
        long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        int lastSent = -1;
        while (System.nanoTime() < deadline) {
            Map<String, Object>[] row = new Map[1];
            TenantContext.runAsSystem(tenantId, () -> tx.executeWithoutResult(s -> row[0] = jdbc.queryForList(
                    "select * from campaign_send where tenant_id = ? and campaign_id = ?", tenantId, campaignId)
                    .stream().findFirst().orElse(null)));
            if (row[0] != null) {
                if (state.equals(row[0].get("state"))) {
                    return row[0];
                }
                int sent = ((Number) row[0].get("sent_count")).intValue();
                if (sent / 10_000 != lastSent / 10_000) {
                    System.out.printf("  … %,d sent (%s)%n", sent, row[0].get("state"));
                    lastSent = sent;
                }
                if ("PAUSED".equals(row[0].get("state")) || "CANCELLED".equals(row[0].get("state"))) {
                    throw new IllegalStateException("send stopped: " + row[0]);
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("campaign did not finish in time");
    }

    // ------------------------------------------------------------------------------------------------ measures

    /** campaign_recipient's updates and HOT updates so far (statistics may lag by up to a second). */
    private long[] recipientUpdates() throws InterruptedException {
        Thread.sleep(1_000);
        return jdbc.query("select n_tup_upd, n_tup_hot_upd from pg_stat_user_tables where relname = "
                + "'campaign_recipient'", rs -> rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)}
                        : new long[] {0, 0});
    }

    /** The largest heap in use seen since the last reset, sampled every 10 ms (the sum of per-pool peaks overstates). */
    private static final AtomicLong PEAK = new AtomicLong();

    static {
        Thread sampler = new Thread(() -> {
            java.lang.management.MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            while (true) {
                PEAK.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private static void resetPeaks() {
        System.gc();
        PEAK.set(0);
        System.out.printf("max heap (-Xmx): %d MB%n", Runtime.getRuntime().maxMemory() >> 20);
    }

    private static long peakHeap() {
        return PEAK.get();
    }

    /** This worktree's embedded PostgreSQL (the postmaster runs detached: found by its data directory) and backends. */
    private static java.util.stream.Stream<ProcessHandle> postgres() {
        String dataDir = Path.of(System.getProperty("user.dir"), "target").toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("postgres -D " + dataDir))
                .flatMap(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants()));
    }

    /** utime + stime of the processes, from /proc (exited processes are not counted). */
    private static long cpuNanos(java.util.stream.Stream<ProcessHandle> processes) {
        long ticks = processes.mapToLong(p -> {
            try {
                String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }).sum();
        return ticks * 10_000_000L; // USER_HZ = 100
    }

    /** CPU of each of this JVM's threads (GC and JIT included), by thread name, from /proc/self/task. */
    private static Map<String, Long> threadCpu() {
        Map<String, Long> cpu = new java.util.HashMap<>();
        File[] tasks = new File("/proc/self/task").listFiles();
        if (tasks == null) {
            return cpu;
        }
        for (File task : tasks) {
            try {
                String stat = Files.readString(task.toPath().resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')) + "#" + task.getName();
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                cpu.put(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L);
            } catch (IOException | RuntimeException e) {
                // the thread ended
            }
        }
        return cpu;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}
