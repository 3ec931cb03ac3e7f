package io.archipel.delivery.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.UUID;

import io.archipel.audience.ContactService;
import io.archipel.delivery.TrackingService;
import io.archipel.delivery.WebhookSecrets;
import io.archipel.delivery.send.CampaignMailFactory;
import io.archipel.delivery.tracking.TrackingFixture;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.TenantContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.PlatformTransactionManager;

@ArchipelTest
class EmailEventsWebhookTest {

    private static final String URL = "/hooks/maison-lumiere/email-events";

    @Autowired
    ApplicationContext context;
    @Autowired
    MockMvc mvc;
    @Autowired
    WebhookSecrets secrets;
    @Autowired
    TrackingService tracking;
    @Autowired
    Personas personas;
    @Autowired
    ContactService contacts;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    TrackingFixture fixture;
    static String secret;

    @BeforeEach
    void setUp() {
        fixture = TrackingFixture.of(context);
        synchronized (EmailEventsWebhookTest.class) {
            if (secret == null) {
                secret = "whsec-" + UUID.randomUUID();
                UUID tenantId = fixture.demoTenant();
                fixture.update(tenantId, "insert into sending_settings (tenant_id, webhook_secret_hash) values (?, ?) "
                        + "on conflict (tenant_id) do update set webhook_secret_hash = excluded.webhook_secret_hash",
                        tenantId, WebhookSecrets.sha256Hex(secret));
            }
        }
    }

    private MockHttpServletResponse send(String url, String authorization, String body) throws Exception {
        var request = post(url).contentType(MediaType.APPLICATION_JSON).content(body);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return mvc.perform(request).andReturn().getResponse();
    }

    private boolean suppressed(UUID tenantId, String email) {
        boolean[] s = new boolean[1];
        TenantContext.runAsSystem(tenantId, () -> s[0] = contacts.isSuppressed(email, null));
        return s[0];
    }

    private static String event(String type, String email, String messageId) {
        return "{\"type\":\"" + type + "\",\"email\":\"" + email + "\""
                + (messageId == null ? "" : ",\"messageId\":\"" + messageId + "\"")
                + ",\"occurredAt\":\"2026-11-23T10:15:30Z\",\"reason\":\"550 5.1.1 user unknown\"}";
    }

    @Test
    void aWrongMissingOrForeignSecretIsRefusedWithoutDetail() throws Exception {
        TrackingFixture.Sent sent = fixture.sent(1, false);
        String body = "{\"events\":[" + event("hard_bounce", sent.first().email(), null) + "]}";
        for (String[] attempt : new String[][] {{URL, null}, {URL, "Bearer wrong"}, {URL, "Bearer " + secret + "x"},
                {URL, "Basic " + secret}, {URL, "Bearer "}, {"/hooks/no-such-network/email-events", "Bearer " + secret},
                {"/hooks/MAISON-LUMIERE-X/email-events", "Bearer " + secret}}) {
            MockHttpServletResponse r = send(attempt[0], attempt[1], body);
            assertThat(r.getStatus()).as(attempt[0] + " " + attempt[1]).isEqualTo(401);
            assertThat(r.getContentAsString()).isEmpty();
        }
        assertThat(suppressed(sent.tenantId(), sent.first().email())).isFalse();
        assertThat(secrets.matches("maison-lumiere", "Bearer " + secret)).isTrue();
        assertThat(secrets.matches("maison-lumiere", "bearer  " + secret + " ")).isTrue();
    }

    @Test
    void hardBouncesAndComplaintsSuppressSoftBouncesOnlyRecord() throws Exception {
        TrackingFixture.Sent sent = fixture.sent(4, false);
        TrackingFixture.Recipient hard = sent.recipients().get(0);
        TrackingFixture.Recipient complaint = sent.recipients().get(1);
        TrackingFixture.Recipient soft = sent.recipients().get(2);
        String unknown = "nobody-" + UUID.randomUUID() + "@example.com";
        String body = "{\"events\":[" + event("hard_bounce", hard.email().toUpperCase(), null) + ","
                + event("complaint", "someone-else@example.com", messageIdOf(sent, complaint)) + ","
                + event("soft_bounce", soft.email(), null) + "," + event("hard_bounce", unknown, null) + "]}";
        MockHttpServletResponse r = send(URL, "Bearer " + secret, body);
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getContentAsString()).contains("\"received\":4").contains("\"matched\":3")
                .contains("\"suppressed\":3");
        assertThat(suppressed(sent.tenantId(), hard.email())).isTrue();
        assertThat(suppressed(sent.tenantId(), "someone-else@example.com")).isTrue();
        assertThat(suppressed(sent.tenantId(), soft.email())).isFalse();
        assertThat(suppressed(sent.tenantId(), unknown)).isTrue();
        assertThat(fixture.events(sent.tenantId(), hard.id())).singleElement()
                .satisfies(e -> assertThat(e.get("kind")).isEqualTo("BOUNCE"))
                .satisfies(e -> assertThat((String) e.get("detail")).startsWith("hard: 550"));
        // found by its Message-ID although the address differs
        assertThat(fixture.events(sent.tenantId(), complaint.id())).singleElement()
                .satisfies(e -> assertThat(e.get("kind")).isEqualTo("COMPLAINT"));
        assertThat(fixture.events(sent.tenantId(), soft.id())).singleElement()
                .satisfies(e -> assertThat((String) e.get("detail")).startsWith("soft"));
        var stats = personas.callAs(Personas.HQ_ADMIN, () -> tracking.stats(sent.campaignId()));
        assertThat(stats.bounces()).isEqualTo(2);
        assertThat(stats.complaints()).isEqualTo(1);
    }

    @Test
    void theEnginesMessageIdLeadsToItsRowWithoutBeingStoredAndAnotherCampaignsTagDoesNot() throws Exception {
        TrackingFixture.Sent sent = fixture.sent(2, false);
        TrackingFixture.Recipient first = sent.recipients().get(0);
        TrackingFixture.Recipient second = sent.recipients().get(1);
        // what the engine writes in the mail: <{row id}.{campaign tag}@{sender domain}>
        String derived = "<" + first.id() + "." + CampaignMailFactory.campaignTag(sent.campaignId())
                + "@news.maison-lumiere.example>";
        String foreign = "<" + second.id() + "." + CampaignMailFactory.campaignTag(UUID.randomUUID())
                + "@news.maison-lumiere.example>";
        String body = "{\"events\":[" + event("complaint", "reported-" + UUID.randomUUID() + "@example.com", derived)
                + "," + event("soft_bounce", "nobody-" + UUID.randomUUID() + "@example.com", foreign) + "]}";
        MockHttpServletResponse r = send(URL, "Bearer " + secret, body);
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getContentAsString()).contains("\"received\":2").contains("\"matched\":1");
        assertThat(fixture.events(sent.tenantId(), first.id())).singleElement()
                .satisfies(e -> assertThat(e.get("kind")).isEqualTo("COMPLAINT"));
        // the tag names another campaign: not this row (and the address is unknown)
        assertThat(fixture.events(sent.tenantId(), second.id())).isEmpty();
    }

    private String messageIdOf(TrackingFixture.Sent sent, TrackingFixture.Recipient r) {
        String[] id = new String[1];
        TenantContext.runAsSystem(sent.tenantId(), () -> new org.springframework.transaction.support
                .TransactionTemplate(transactions).executeWithoutResult(s -> id[0] = jdbc.queryForObject(
                        "select message_id from campaign_recipient where tenant_id = ? and id = ?", String.class,
                        sent.tenantId(), r.id())));
        return id[0];
    }

    @Test
    void malformedBodiesAreRefusedWithAProblemAndRecordNothing() throws Exception {
        TrackingFixture.Sent sent = fixture.sent(1, false);
        String good = event("hard_bounce", sent.first().email(), null);
        StringBuilder tooMany = new StringBuilder("{\"events\":[");
        for (int i = 0; i < 1001; i++) {
            tooMany.append(i == 0 ? "" : ",").append(event("soft_bounce", "a" + i + "@example.com", null));
        }
        tooMany.append("]}");
        for (String[] c : new String[][] {{"{not json", "not valid JSON"}, {"", "empty"},
                {"{\"events\":{}}", "events\\\" array."}, {"[1,2]", "events\\\" array."},
                {"{\"events\":[" + good + ",{\"type\":\"bounce\",\"email\":\"x@example.com\"}]}", "events[1].type"},
                {"{\"events\":[" + good + ",{\"type\":\"complaint\",\"email\":\"nope\"}]}", "events[1].email"},
                {"{\"events\":[{\"type\":\"complaint\",\"email\":\"a@example.com\",\"occurredAt\":\"yesterday\"}]}",
                        "events[0].occurredAt"},
                {"{\"events\":[{\"type\":\"complaint\",\"email\":42}]}", "events[0].email must be a string"},
                {tooMany.toString(), "At most 1000 events"}}) {
            MockHttpServletResponse r = send(URL, "Bearer " + secret, c[0]);
            assertThat(r.getStatus()).as(c[1]).isEqualTo(400);
            assertThat(r.getContentType()).isEqualTo("application/problem+json");
            assertThat(r.getContentAsString()).as(c[1]).contains(c[1]).contains("\"status\":400");
        }
        // the valid first event of a refused call was not applied
        assertThat(suppressed(sent.tenantId(), sent.first().email())).isFalse();
        assertThat(fixture.events(sent.tenantId(), sent.first().id())).isEmpty();
    }
}
