package io.archipel.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.archipel.audience.ContactService;
import io.archipel.brand.TemplateService;
import io.archipel.campaign.CampaignService;
import io.archipel.delivery.TrackingTokens;
import io.archipel.delivery.tracking.TrackingEventWriter;
import io.archipel.delivery.tracking.TrackingFixture;
import io.archipel.support.Personas;
import io.archipel.tenancy.TenantService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Open-pixel throughput with {@code wrk} (Debian package {@code wrk}) against the running app on a random port:
 * {@code GET /t/o/{token}} over {@value #RECIPIENTS} recipients' valid tokens (a Lua script picks one at random per
 * request), alternately with event writing OFF (the token is still verified, nothing is queued) and ON (queued and
 * written in batches), in the same run. Prints requests/s of both and the ratio (goal ≥ 0.9), then, after a final
 * flush, compares the OPEN events in the database with the requests wrk saw acknowledged (2xx) and with the events
 * the app queued: none may be lost. Requests still in flight when wrk stops (at most one per connection) may be
 * written without wrk having counted them: those of each ON run, and those of the OFF run before it, answered once
 * writing is back on. So the database may hold up to 2 × {@code connections} more than wrk's count per round, never
 * fewer. {@code ./mvnw -Pbenchmark test -Dtest=OpenPixelBenchmark}; not part of verify.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(Personas.class)
class OpenPixelBenchmark {

    static final int RECIPIENTS = Integer.getInteger("pixel.benchmark.recipients", 20_000);
    static final int SECONDS = Integer.getInteger("pixel.benchmark.seconds", 10);
    static final int CONNECTIONS = Integer.getInteger("pixel.benchmark.connections", 32);
    static final int THREADS = Integer.getInteger("pixel.benchmark.threads", 2);
    static final int ROUNDS = Integer.getInteger("pixel.benchmark.rounds", 2);

    @LocalServerPort
    int port;
    @Autowired
    TrackingTokens tokens;
    @Autowired
    TrackingEventWriter writer;
    @Autowired
    TenantService tenants;
    @Autowired
    TemplateService templates;
    @Autowired
    CampaignService campaigns;
    @Autowired
    ContactService contacts;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    record Run(boolean events, double requestsPerSecond, long requests, long non2xx, long socketErrors) {
        Run withEvents(boolean on) {
            return new Run(on, requestsPerSecond, requests, non2xx, socketErrors);
        }
    }

    @Test
    void openPixelThroughput() throws Exception {
        TrackingFixture fixture = new TrackingFixture(tenants, templates, campaigns, contacts, jdbc, transactions);
        TrackingFixture.Sent sent = fixture.sent(1, false);
        UUID tenant = sent.tenantId();
        fixture.update(tenant, "insert into campaign_recipient (tenant_id, campaign_id, contact_id, address, status, "
                + "attempts, sent_at) select ?, ?, gen_random_uuid(), 'bench-' || g || '@example.com', 'SENT', 1, "
                + "now() - interval '1 hour' from generate_series(1, ?) g", tenant, sent.campaignId(), RECIPIENTS - 1);
        List<Long> ids = new ArrayList<>();
        org.springframework.transaction.support.TransactionTemplate tx =
                new org.springframework.transaction.support.TransactionTemplate(transactions);
        io.archipel.tenancy.TenantContext.runAsSystem(tenant, () -> tx.executeWithoutResult(s -> ids.addAll(
                jdbc.queryForList("select id from campaign_recipient where tenant_id = ? and campaign_id = ?",
                        Long.class, tenant, sent.campaignId()))));
        assertThat(ids).hasSize(RECIPIENTS);
        Path dir = Files.createTempDirectory("pixel-bench");
        Path script = dir.resolve("pixel.lua");
        StringBuilder lua = new StringBuilder("local paths = {\n");
        for (long id : ids) {
            lua.append("\"/t/o/").append(tokens.open(tenant, id)).append("\",\n");
        }
        lua.append("""
                }
                wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0"
                math.randomseed(os.time())
                request = function()
                  return wrk.format("GET", paths[math.random(#paths)])
                end
                done = function(summary, latency, requests)
                  io.write(string.format("SUMMARY requests=%d status_errors=%d connect=%d read=%d write=%d timeout=%d\\n",
                    summary.requests, summary.errors.status, summary.errors.connect, summary.errors.read,
                    summary.errors.write, summary.errors.timeout))
                end
                """);
        Files.writeString(script, lua.toString(), StandardCharsets.UTF_8);

        String count = "select count(*) from tracking_event where tenant_id = ? and campaign_id = ? and kind = 'OPEN'";
        writer.flush();
        TrackingEventWriter.Counters start = writer.counters();
        // warm-up (JIT, connection pool), events off
        writer.setEnabled(false);
        wrk(script, 5);
        List<Run> runs = new ArrayList<>();
        long acknowledgedOn = 0;
        for (int round = 0; round < ROUNDS; round++) {
            writer.setEnabled(false);
            runs.add(wrk(script, SECONDS).withEvents(false));
            writer.setEnabled(true);
            Run on = wrk(script, SECONDS).withEvents(true);
            runs.add(on);
            acknowledgedOn += on.requests() - on.non2xx();
        }
        writer.setEnabled(true);
        // wrk has stopped, but requests it had in flight may still be answered (and queued) for a moment: let them
        // land before the final flush, or they would be counted as queued after it and look lost
        Thread.sleep(1000);
        writer.flush();
        TrackingEventWriter.Counters end = writer.counters();
        long inDatabase = fixture.count(tenant, count, tenant, sent.campaignId());
        long queued = end.accepted() - start.accepted();
        double off = runs.stream().filter(r -> !r.events()).mapToDouble(Run::requestsPerSecond).average().orElse(0);
        double on = runs.stream().filter(Run::events).mapToDouble(Run::requestsPerSecond).average().orElse(0);
        long statements = end.statements() - start.statements();
        StringBuilder report = new StringBuilder();
        report.append(String.format("%nOpen pixel (wrk -t%d -c%d, %d s per run, %d valid tokens, %d rounds, %s, %d cores)%n",
                THREADS, CONNECTIONS, SECONDS, RECIPIENTS, ROUNDS, Instant.now(),
                Runtime.getRuntime().availableProcessors()));
        for (Run r : runs) {
            report.append(String.format("  events %-3s : %,10.0f req/s  (%,d requests, %d non-2xx, %d socket errors)%n",
                    r.events() ? "ON" : "OFF", r.requestsPerSecond(), r.requests(), r.non2xx(), r.socketErrors()));
        }
        report.append(String.format("  mean OFF %,.0f req/s, mean ON %,.0f req/s, ratio ON/OFF = %.3f (goal >= 0.9)%n",
                off, on, on / off));
        report.append(String.format("  acknowledged by wrk (2xx, ON runs) = %,d; queued by the app = %,d; OPEN events in "
                + "the database = %,d; dropped (queue full) = %d; failed writes = %d; insert statements = %,d "
                + "(%.0f events per statement)%n", acknowledgedOn, queued, inDatabase, end.dropped() - start.dropped(),
                end.failed() - start.failed(), statements, statements == 0 ? 0.0 : (double) inDatabase / statements));
        System.out.print(report);
        Files.writeString(Path.of("target", "open-pixel-benchmark.txt"), report.toString(), StandardCharsets.UTF_8);
        assertThat(inDatabase).as("events in the database = events queued (none lost)").isEqualTo(queued);
        assertThat(inDatabase).as("events in the database >= requests acknowledged")
                .isGreaterThanOrEqualTo(acknowledgedOn)
                .isLessThanOrEqualTo(acknowledgedOn + 2L * CONNECTIONS * ROUNDS);
        assertThat(end.dropped() - start.dropped()).isZero();
    }

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern SUMMARY = Pattern.compile(
            "SUMMARY requests=(\\d+) status_errors=(\\d+) connect=(\\d+) read=(\\d+) write=(\\d+) timeout=(\\d+)");

    private Run wrk(Path script, int seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("wrk", "-t" + THREADS, "-c" + CONNECTIONS, "-d" + seconds + "s", "-s",
                script.toString(), "http://127.0.0.1:" + port).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(seconds + 60L, TimeUnit.SECONDS)).isTrue();
        Matcher rps = RPS.matcher(out);
        Matcher summary = SUMMARY.matcher(out);
        assertThat(rps.find() && summary.find()).as(out).isTrue();
        long socketErrors = Long.parseLong(summary.group(3)) + Long.parseLong(summary.group(4))
                + Long.parseLong(summary.group(5)) + Long.parseLong(summary.group(6));
        return new Run(false, Double.parseDouble(rps.group(1)), Long.parseLong(summary.group(1)),
                Long.parseLong(summary.group(2)), socketErrors);
    }
}
