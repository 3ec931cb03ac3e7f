package io.archipel.delivery.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.archipel.delivery.TrackingService;
import io.archipel.delivery.TrackingStats;
import io.archipel.delivery.TrackingTokens;
import io.archipel.delivery.TrackingTokensForTests;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

@ArchipelTest
class TrackingEndpointsTest {

    private static final String BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/131.0 Safari/537.36";

    @Autowired
    ApplicationContext context;
    @Autowired
    MockMvc mvc;
    @Autowired
    TrackingTokens tokens;
    @Autowired
    TrackingEventWriter writer;
    @Autowired
    TrackingService tracking;
    @Autowired
    Personas personas;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    javax.sql.DataSource dataSource;

    TrackingFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = TrackingFixture.of(context);
    }

    private MockHttpServletResponse call(String uri, String userAgent) throws Exception {
        var request = get(URI.create(uri));
        if (userAgent != null) {
            request.header("User-Agent", userAgent);
        }
        return mvc.perform(request).andReturn().getResponse();
    }

    @Test
    void thePixelIsAConstantUncachedGifAndItsOpensAreWrittenInBatches() throws Exception {
        TrackingFixture.Sent sent = fixture.sent(3, false);
        writer.flush();
        long statementsBefore = writer.counters().statements();
        int requests = 0;
        // hold the tenant's flush lock (as another instance flushing would): the background flush that takes the first
        // event waits, the other requests queue up behind it
        java.sql.Connection holder = dataSource.getConnection();
        try (var ps = holder.prepareStatement("select pg_advisory_lock(?)")) {
            ps.setLong(1, TrackingEventWriter.lockKey(sent.tenantId()));
            ps.execute();
        }
        try {
            for (TrackingFixture.Recipient r : sent.recipients()) {
                for (int i = 0; i < 4; i++) {
                    MockHttpServletResponse response = call("/t/o/" + tokens.open(sent.tenantId(), r.id()), BROWSER);
                    requests++;
                    assertThat(response.getStatus()).isEqualTo(200);
                    assertThat(response.getContentType()).isEqualTo("image/gif");
                    assertThat(response.getContentAsByteArray()).hasSize(43)
                            .startsWith(0x47, 0x49, 0x46, 0x38, 0x39, 0x61);
                    assertThat(response.getHeader("Cache-Control")).contains("no-store");
                    assertThat(response.getHeader("Set-Cookie")).isNull();
                }
            }
        } finally {
            try (holder; var ps = holder.prepareStatement("select pg_advisory_unlock(?)")) {
                ps.setLong(1, TrackingEventWriter.lockKey(sent.tenantId()));
                ps.execute();
            }
        }
        writer.flush();
        assertThat(fixture.count(sent.tenantId(), "select count(*) from tracking_event where tenant_id = ? "
                + "and campaign_id = ? and kind = 'OPEN'", sent.tenantId(), sent.campaignId())).isEqualTo(requests);
        for (TrackingFixture.Recipient r : sent.recipients()) {
            List<Map<String, Object>> events = fixture.events(sent.tenantId(), r.id());
            assertThat(events).hasSize(4)
                    .allSatisfy(e -> assertThat(e.get("campaign_id")).isEqualTo(sent.campaignId()));
            assertThat(events).extracting(e -> e.get("first_of_kind")).containsExactly(true, false, false, false);
            assertThat(events).extracting(e -> e.get("machine_suspected")).containsOnly(false);
        }
        // batched: the 12 requests reached the database in at most two statements (the flush that was waiting with
        // what it had taken, then one with everything queued meanwhile), never one per request
        assertThat(writer.counters().statements() - statementsBefore).isBetween(1L, 2L);

        TrackingStats stats = personas.callAs(Personas.HQ_ADMIN, () -> tracking.stats(sent.campaignId()));
        assertThat(stats.opens()).isEqualTo(12);
        assertThat(stats.uniqueOpens()).isEqualTo(3);
        assertThat(stats.humanUniqueOpens()).isEqualTo(3);
        assertThat(stats.machineOpens()).isZero();
    }

    @Test
    void privacyProxiesAndOpensRightAfterDeliveryAreFlaggedAsMachineOpens() throws Exception {
        TrackingFixture.Sent sent = fixture.sent(3, false);
        call("/t/o/" + tokens.open(sent.tenantId(), sent.recipients().get(0).id()),
                "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)");
        call("/t/o/" + tokens.open(sent.tenantId(), sent.recipients().get(1).id()), "Mozilla/5.0");
        // delivered just now: an open in the same second is a prefetch, not a person
        fixture.update(sent.tenantId(), "update campaign_recipient set sent_at = now() where tenant_id = ? and id = ?",
                sent.tenantId(), sent.recipients().get(2).id());
        call("/t/o/" + tokens.open(sent.tenantId(), sent.recipients().get(2).id()), BROWSER);
        writer.flush();
        for (TrackingFixture.Recipient r : sent.recipients()) {
            assertThat(fixture.events(sent.tenantId(), r.id())).singleElement()
                    .satisfies(e -> assertThat(e.get("machine_suspected")).isEqualTo(true));
        }
        TrackingStats stats = personas.callAs(Personas.HQ_ADMIN, () -> tracking.stats(sent.campaignId()));
        assertThat(stats.machineOpens()).isEqualTo(3);
        assertThat(stats.uniqueOpens()).isEqualTo(3);
        assertThat(stats.humanUniqueOpens()).isZero();
    }

    @Test
    void aClickRedirectsToTheStoredUrlOnlyAndCountsUniqueClicks() throws Exception {
        TrackingFixture.Sent sent = fixture.sent(1, false);
        long id = sent.first().id();
        String link1 = tokens.click(sent.tenantId(), id, 1);
        MockHttpServletResponse response = call("/t/c/" + link1, BROWSER);
        assertThat(response.getStatus()).isEqualTo(302);
        assertThat(response.getHeader("Location")).isEqualTo(TrackingFixture.LINK_1);
        // open-redirect attempts: parameters are never read
        for (String attempt : List.of("/t/c/" + link1 + "?url=https://evil.example",
                "/t/c/" + link1 + "?redirect=https%3A%2F%2Fevil.example&to=//evil.example&next=https://evil.example")) {
            MockHttpServletResponse r = call(attempt, BROWSER);
            assertThat(r.getStatus()).isEqualTo(302);
            assertThat(r.getHeader("Location")).isEqualTo(TrackingFixture.LINK_1);
        }
        // a link number the campaign does not have, an encoded URL in place of the token, a path suffix
        for (String attempt : List.of("/t/c/" + tokens.click(sent.tenantId(), id, 7),
                "/t/c/https%3A%2F%2Fevil.example", "/t/c/" + link1 + "/https://evil.example",
                "/t/c/" + link1 + "%2F%2Fevil.example", "/t/c/" + tokens.click(sent.tenantId(), id + 1_000_000, 0))) {
            MockHttpServletResponse r = call(attempt, BROWSER);
            // 404, or 400 where the firewall refuses an encoded slash: never a redirect
            assertThat(r.getStatus()).as(attempt).isIn(400, 404);
            assertThat(r.getHeader("Location")).as(attempt).isNull();
        }
        // a link checker's HEAD is answered but is not a click
        assertThat(mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.head(
                URI.create("/t/c/" + link1))).andReturn().getResponse().getStatus()).isEqualTo(302);
        // a second link, seconds later: a person does not click every link of a mail that fast (scanner)
        assertThat(call("/t/c/" + tokens.click(sent.tenantId(), id, 0), BROWSER).getHeader("Location"))
                .isEqualTo(TrackingFixture.LINK_0);
        writer.flush();
        List<Map<String, Object>> events = fixture.events(sent.tenantId(), id);
        assertThat(events).extracting(e -> e.get("kind")).containsOnly("CLICK").hasSize(4);
        assertThat(events).extracting(e -> e.get("first_of_kind")).containsExactly(true, false, false, false);
        assertThat(events).extracting(e -> ((Number) e.get("link_no")).intValue()).containsExactly(1, 1, 1, 0);
        assertThat(events.get(3).get("machine_suspected")).isEqualTo(true);
        TrackingStats stats = personas.callAs(Personas.HQ_ADMIN, () -> tracking.stats(sent.campaignId()));
        assertThat(stats.clicks()).isEqualTo(4);
        assertThat(stats.uniqueClicks()).isEqualTo(1);
    }

    @Test
    void tamperedExpiredForeignAndMisusedTokensAnswerANeutral404() throws Exception {
        TrackingFixture.Sent sent = fixture.sent(1, false);
        long id = sent.first().id();
        String open = tokens.open(sent.tenantId(), id);
        byte[] bytes = Base64.getUrlDecoder().decode(open);
        bytes[20] ^= 0x01; // the recipient id
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        TrackingTokens longAgo = TrackingTokensForTests.issuedAt(jdbc,
                Clock.fixed(Instant.now().minus(Duration.ofDays(30)), ZoneOffset.UTC), Duration.ofDays(10));
        // a token naming another tenant (Rival's id) with this recipient id: the signature does not match
        byte[] foreign = Base64.getUrlDecoder().decode(open);
        UUID other = UUID.randomUUID();
        java.nio.ByteBuffer.wrap(foreign, 1, 16).putLong(other.getMostSignificantBits())
                .putLong(other.getLeastSignificantBits());
        String unknown = call("/t/zzz-unknown-url", BROWSER).getContentAsString();
        writer.flush();
        long before = writer.counters().written();
        for (String uri : List.of("/t/o/" + tampered, "/t/o/" + longAgo.open(sent.tenantId(), id),
                "/t/o/" + Base64.getUrlEncoder().withoutPadding().encodeToString(foreign),
                "/t/o/" + tokens.click(sent.tenantId(), id, 0), "/t/o/not-a-token",
                "/t/c/" + tampered, "/t/c/" + longAgo.click(sent.tenantId(), id, 0), "/t/c/" + open,
                "/u/" + tampered, "/u/" + longAgo.unsubscribe(sent.tenantId(), id), "/u/" + open,
                "/u/" + tokens.unsubscribe(sent.tenantId(), id + 1_000_000))) {
            MockHttpServletResponse r = call(uri, BROWSER);
            assertThat(r.getStatus()).as(uri).isEqualTo(404);
            assertThat(r.getContentAsString()).as(uri).isEqualTo(unknown);
        }
        // a validly signed token of a recipient row that does not exist: the pixel answers, the writer drops it
        assertThat(call("/t/o/" + tokens.open(sent.tenantId(), id + 1_000_000), BROWSER).getStatus()).isEqualTo(200);
        writer.flush();
        assertThat(writer.counters().written()).isEqualTo(before);
        assertThat(fixture.events(sent.tenantId(), id)).isEmpty();
    }

    @Test
    void statsAreScopeChecked() {
        TrackingFixture.Sent sent = fixture.sent(1, false);
        assertThat(personas.callAs(Personas.BRANCH_MANAGER, () -> tracking.stats(sent.campaignId())))
                .isEqualTo(TrackingStats.NONE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> personas.callAs(Personas.OTHER_BRANCH_MANAGER,
                () -> tracking.stats(sent.campaignId())))
                .isInstanceOf(io.archipel.shared.AccessDeniedInScopeException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> personas.callAs(Personas.HQ_ADMIN,
                () -> tracking.stats(UUID.randomUUID()))).isInstanceOf(io.archipel.shared.NotFoundException.class);
    }
}
