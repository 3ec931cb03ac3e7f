package io.archipel.delivery.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.archipel.audience.ContactService;
import io.archipel.audience.Contacts;
import io.archipel.delivery.SendingSettings;
import io.archipel.delivery.progress.ProgressFixture;
import io.archipel.delivery.smtp.CampaignTransport.Kind;
import io.archipel.delivery.smtp.CampaignTransport.Outcome;
import io.archipel.identity.UserAccountService;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantService;
import io.archipel.tenancy.TerritoryService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SMS channel: the development provider keeps SMS in the tenant's sandbox and HQ reads them there; the generic
 * HTTP provider posts JSON with the bearer token and maps 2xx/4xx/5xx; STOP replies (provider webhook or the sandbox's
 * "Simulate a reply") withdraw SMS consent for every contact with that number. Runs in a network of its own.
 */
@ArchipelTest
class SmsChannelTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    Personas personas;
    @Autowired
    TenantService tenants;
    @Autowired
    TerritoryService territories;
    @Autowired
    BranchService branches;
    @Autowired
    UserAccountService users;
    @Autowired
    ContactService contacts;
    @Autowired
    SmsGateway gateway;
    @Autowired
    SmsSettingsService settings;
    @Autowired
    SendingSettings sendingSettings;
    @Autowired
    JsonMapper json;
    @Autowired
    SmsTransport transport;
    @Autowired
    io.archipel.brand.TemplateService templates;
    @Autowired
    io.archipel.campaign.PolicyService policies;
    @Autowired
    io.archipel.campaign.CampaignService campaigns;
    @Autowired
    io.archipel.audience.SegmentService segments;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;
    @Autowired
    org.springframework.transaction.PlatformTransactionManager txManager;

    SmsNetwork network;

    @BeforeEach
    void setUp() {
        network = SmsNetwork.ensure(tenants, territories, branches, users);
        useDevelopmentProvider();
    }

    private void useDevelopmentProvider() {
        TenantContext.runAsSystem(network.tenantId(), () -> {
            SmsSettings.View view = settings.current();
            if (view.provider() != SmsSettings.Provider.DEVELOPMENT) {
                settings.save(view.version(), new SmsSettings.Changes(SmsSettings.Provider.DEVELOPMENT,
                        view.httpUrl(), null, view.senderName()));
            }
        });
    }

    private Contacts.ConsentState smsConsent(UUID contactId) {
        Contacts.ConsentState[] state = new Contacts.ConsentState[1];
        TenantContext.runAsSystem(network.tenantId(), () -> state[0] = contacts.currentConsent(contactId,
                Contacts.Channel.SMS));
        return state[0];
    }

    @Test
    void theDevelopmentProviderKeepsEverySmsAndHqReadsThemInTheSandbox() throws Exception {
        String first = SmsNetwork.newMobile();
        String second = SmsNetwork.newMobile();
        String longText = "Soldes d'hiver chez Maison Lumière : -30 % sur tout le magasin jusqu'à dimanche. "
                + "Venez avec ce SMS pour un cadeau surprise à la caisse. Réponse STOP pour ne plus recevoir nos SMS.";
        List<Outcome> outcomes = gateway.send(network.tenantId(), List.of(
                new SmsMessage(41L, first, longText),
                new SmsMessage(42L, second, "Soirée VIP jeudi 🎉 Répondez STOP pour ne plus recevoir")));

        assertThat(outcomes).extracting(Outcome::kind).containsExactly(Kind.ACCEPTED, Kind.ACCEPTED);
        String page = mvc.perform(get("/hq/sms-sandbox").param("phone", first).locale(Locale.ENGLISH)
                .with(personas.as(network.marketerEmail()))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains(first, second, "Conversation with " + first, "Soldes d&#39;hiver chez Maison Lumi",
                "2 segments", "GSM-7", "Campaign SMS", "Simulate a reply");
        String unicode = mvc.perform(get("/hq/sms-sandbox").param("phone", second).locale(Locale.FRENCH)
                .with(personas.as(network.marketerEmail()))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(unicode).contains("Soirée VIP jeudi 🎉", "Unicode (UCS-2)", "1 segment", "Conversation avec le " + second);

        // another network's HQ sees none of it; branch managers and validators have no SMS sandbox
        String demo = mvc.perform(get("/hq/sms-sandbox").with(personas.as(Personas.HQ_MARKETER)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(demo).doesNotContain(first, second);
        mvc.perform(get("/hq/sms-sandbox").param("phone", first).with(personas.as(Personas.HQ_MARKETER)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/hq/sms-sandbox").with(personas.as(Personas.BRANCH_MANAGER))).andExpect(status().isForbidden());
        mvc.perform(get("/hq/sms-sandbox").with(personas.as(Personas.VALIDATOR))).andExpect(status().isForbidden());
    }

    @Test
    void theHttpProviderPostsJsonWithTheBearerTokenAndMapsTheAnswers() throws Exception {
        List<Map<String, String>> received = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/sms", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            JsonNode node = json.readTree(body);
            Map<String, String> request = new ConcurrentHashMap<>();
            request.put("authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            request.put("contentType", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
            node.properties().forEach(e -> request.put(e.getKey(), e.getValue().asString()));
            received.add(request);
            String to = node.get("to").asString();
            int status = to.endsWith("1") ? 202 : to.endsWith("2") ? 422 : 503;
            byte[] answer = (status == 422 ? "{\"error\":\"number blocked\"}" : "{}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/sms";
        try {
            TenantContext.runAsSystem(network.tenantId(), () -> settings.save(settings.current().version(),
                    new SmsSettings.Changes(SmsSettings.Provider.HTTP, url, "tok-" + network.slug(), "MaisonLum")));
            List<Outcome> outcomes = gateway.send(network.tenantId(), List.of(
                    new SmsMessage(101L, "+33600000001", "Bonjour"),
                    new SmsMessage(102L, "+33600000002", "Bonjour"),
                    new SmsMessage(103L, "+33600000003", "Bonjour")));

            assertThat(outcomes).extracting(Outcome::kind)
                    .containsExactly(Kind.ACCEPTED, Kind.PERMANENT, Kind.TEMPORARY);
            assertThat(outcomes.get(1).detail()).contains("422", "number blocked");
            assertThat(outcomes.get(2).detail()).contains("503");
            assertThat(received).hasSize(3).allSatisfy(r -> {
                assertThat(r.get("authorization")).isEqualTo("Bearer tok-" + network.slug());
                assertThat(r.get("contentType")).startsWith("application/json");
                assertThat(r.get("text")).isEqualTo("Bonjour");
                assertThat(r.get("from")).isEqualTo("MaisonLum");
            });
            assertThat(received).extracting(r -> r.get("reference")).containsExactlyInAnyOrder("101", "102", "103");
            assertThat(received).extracting(r -> r.get("to"))
                    .containsExactlyInAnyOrder("+33600000001", "+33600000002", "+33600000003");
        } finally {
            server.stop(0);
        }
        // the provider is down: nothing is lost, the engine retries later
        List<Outcome> down = gateway.send(network.tenantId(), List.of(new SmsMessage(104L, "+33600000001", "Bonjour")));
        assertThat(down).extracting(Outcome::kind).containsExactly(Kind.TEMPORARY);
    }

    @Test
    void theSettingsPageKeepsTheTokenSecretAndExplainsBadInput() throws Exception {
        String token = "secret-token-" + UUID.randomUUID();
        long[] current = new long[1];
        TenantContext.runAsSystem(network.tenantId(), () -> current[0] = settings.current().version());
        long version = current[0];
        // bad input comes back with the field errors and what was typed
        String invalid = mvc.perform(post("/hq/sending/sms").with(csrf()).with(personas.as(network.adminEmail()))
                .locale(Locale.ENGLISH).param("version", String.valueOf(version)).param("provider", "HTTP")
                .param("httpUrl", "ftp://sms.example.com").param("token", token).param("senderName", "Maison Lum"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(invalid).contains("Use 1 to 11 letters or digits", "value=\"Maison Lum\"").doesNotContain(token);
        String badUrl = mvc.perform(post("/hq/sending/sms").with(csrf()).with(personas.as(network.adminEmail()))
                .locale(Locale.ENGLISH).param("version", String.valueOf(version)).param("provider", "HTTP")
                .param("httpUrl", "ftp://sms.example.com").param("token", token).param("senderName", "MaisonLum"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(badUrl).contains("Enter a complete web address", "ftp://sms.example.com", "aria-invalid=\"true\"");

        mvc.perform(post("/hq/sending/sms").with(csrf()).with(personas.as(network.adminEmail()))
                .param("version", String.valueOf(version)).param("provider", "HTTP")
                .param("httpUrl", "https://sms.example.com/v1/messages").param("token", token)
                .param("senderName", "MaisonLum"))
                .andExpect(status().is3xxRedirection()).andExpect(flash().attribute("flashSuccess",
                        "dispatch.sms.settings.saved"));
        String page = mvc.perform(get("/hq/sending/sms").with(personas.as(network.adminEmail())).locale(Locale.ENGLISH))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("https://sms.example.com/v1/messages", "A token is stored", "MaisonLum",
                "/hooks/" + network.slug() + "/sms-replies").doesNotContain(token);
        TenantContext.runAsSystem(network.tenantId(), () -> assertThat(settings.resolve().token()).isEqualTo(token));

        // a stale form is refused and keeps what was typed
        String stale = mvc.perform(post("/hq/sending/sms").with(csrf()).with(personas.as(network.adminEmail()))
                .locale(Locale.ENGLISH).param("version", String.valueOf(version)).param("provider", "DEVELOPMENT")
                .param("senderName", "Typed"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(stale).contains("Someone else changed this record", "Typed");

        // only HQ admins
        mvc.perform(get("/hq/sending/sms").with(personas.as(network.marketerEmail()))).andExpect(status().isForbidden());
        mvc.perform(get("/hq/sending/sms").with(personas.as(Personas.BRANCH_MANAGER))).andExpect(status().isForbidden());
    }

    @Test
    void aTestSmsGoesToTheSandboxAndABadNumberIsExplained() throws Exception {
        String bad = mvc.perform(post("/hq/sending/sms/test").with(csrf()).with(personas.as(network.adminEmail()))
                .locale(Locale.ENGLISH).param("testNumber", "12"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(bad).contains("Enter a valid mobile number", "value=\"12\"");

        String mobile = SmsNetwork.newMobile();
        String national = "0" + mobile.substring(3);
        mvc.perform(post("/hq/sending/sms/test").with(csrf()).with(personas.as(network.adminEmail()))
                .locale(Locale.ENGLISH).param("testNumber", national))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("flashSuccess", "dispatch.sms.settings.test.sentSandbox"));
        String sandbox = mvc.perform(get("/hq/sms-sandbox").param("phone", mobile).locale(Locale.ENGLISH)
                .with(personas.as(network.adminEmail()))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(sandbox).contains("this test SMS shows that your SMS settings work", "Test SMS");
    }

    @Test
    void aStopReplyThroughTheWebhookWithdrawsSmsConsentForEveryContactWithThatNumber() throws Exception {
        String mobile = SmsNetwork.newMobile();
        UUID anne = network.contactWithConsent(contacts, mobile, "Anne");
        String other = SmsNetwork.newMobile();
        UUID bruno = network.contactWithConsent(contacts, other, "Bruno");
        String[] secret = new String[1];
        TenantContext.runAsSystem(network.tenantId(), () -> secret[0] = sendingSettings.generateWebhookSecret());
        String url = "/hooks/" + network.slug() + "/sms-replies";

        // no secret, a wrong one, another tenant's slug: 401 without detail, and nothing changes
        mvc.perform(post(url).contentType(MediaType.APPLICATION_JSON).content(reply(mobile, "STOP")))
                .andExpect(status().isUnauthorized());
        mvc.perform(post(url).header("Authorization", "Bearer " + secret[0] + "x")
                .contentType(MediaType.APPLICATION_JSON).content(reply(mobile, "STOP")))
                .andExpect(status().isUnauthorized());
        mvc.perform(post("/hooks/maison-lumiere/sms-replies").header("Authorization", "Bearer " + secret[0])
                .contentType(MediaType.APPLICATION_JSON).content(reply(mobile, "STOP")))
                .andExpect(status().isUnauthorized());
        assertThat(smsConsent(anne)).isEqualTo(Contacts.ConsentState.GRANTED);

        // a conversation is not STOP
        String kept = mvc.perform(post(url).header("Authorization", "Bearer " + secret[0])
                .contentType(MediaType.APPLICATION_JSON).content(reply(other, "Merci, je ne veux pas stop")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(json.readTree(kept).get("stop").asBoolean()).isFalse();
        assertThat(smsConsent(bruno)).isEqualTo(Contacts.ConsentState.GRANTED);

        // "Arrêt." from the national form of the number: withdrawn, with the reply as proof
        String national = "0" + mobile.substring(3, 4) + " " + mobile.substring(4);
        String answer = mvc.perform(post(url).header("Authorization", "bearer " + secret[0])
                .contentType(MediaType.APPLICATION_JSON).content(reply(national, "  Arrêt. ")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(json.readTree(answer).get("stop").asBoolean()).isTrue();
        assertThat(json.readTree(answer).get("contactsWithdrawn").asInt()).isEqualTo(1);
        assertThat(smsConsent(anne)).isEqualTo(Contacts.ConsentState.WITHDRAWN);
        assertThat(smsConsent(bruno)).isEqualTo(Contacts.ConsentState.GRANTED);
        TenantContext.runAsSystem(network.tenantId(), () -> assertThat(contacts.consentHistory(anne).get(0))
                .satisfies(e -> {
                    assertThat(e.source()).isEqualTo(Contacts.ConsentSource.UNSUBSCRIBE_LINK);
                    assertThat(e.proof()).contains(mobile, "Arrêt.");
                }));

        // a body without sender is refused
        mvc.perform(post(url).header("Authorization", "Bearer " + secret[0])
                .contentType(MediaType.APPLICATION_JSON).content("{\"text\":\"STOP\"}"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void simulatingAStopReplyInTheSandboxWithdrawsConsentLikeARealReply() throws Exception {
        String mobile = SmsNetwork.newMobile();
        UUID claire = network.contactWithConsent(contacts, mobile, "Claire");
        gateway.send(network.tenantId(), List.of(new SmsMessage(7L, mobile, "Nouvelle collection ce week-end")));

        mvc.perform(post("/hq/sms-sandbox/replies").with(csrf()).with(personas.as(network.marketerEmail()))
                .param("phone", mobile).param("text", "Super, à samedi"))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("flashSuccess", "dispatch.sms.sandbox.reply.kept"));
        assertThat(smsConsent(claire)).isEqualTo(Contacts.ConsentState.GRANTED);

        mvc.perform(post("/hq/sms-sandbox/replies").with(csrf()).with(personas.as(network.marketerEmail()))
                .param("phone", mobile).param("text", "STOP"))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("flashSuccess", "dispatch.sms.sandbox.reply.stop"));
        assertThat(smsConsent(claire)).isEqualTo(Contacts.ConsentState.WITHDRAWN);

        String page = mvc.perform(get("/hq/sms-sandbox").param("phone", mobile).locale(Locale.ENGLISH)
                .with(personas.as(network.marketerEmail()))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("Super, à samedi", "STOP received: SMS consent withdrawn for 1 contact.",
                "Claire Texto", "SMS consent withdrawn");

        // only to a number the sandbox wrote to, and not from another network
        mvc.perform(post("/hq/sms-sandbox/replies").with(csrf()).with(personas.as(network.marketerEmail()))
                .param("phone", SmsNetwork.newMobile()).param("text", "STOP")).andExpect(status().isNotFound());
        mvc.perform(post("/hq/sms-sandbox/replies").with(csrf()).with(personas.as(Personas.HQ_MARKETER))
                .param("phone", mobile).param("text", "STOP")).andExpect(status().isNotFound());
        mvc.perform(post("/hq/sms-sandbox/replies").with(csrf()).with(personas.as(Personas.BRANCH_MANAGER))
                .param("phone", mobile).param("text", "STOP")).andExpect(status().isForbidden());
    }

    @Test
    void campaignSmsOfTheEngineLandInTheSandboxAndAStopCountsAsAnUnsubscribeOfThatCampaign() throws Exception {
        ProgressFixture demo = new ProgressFixture(personas, templates, policies, campaigns, segments, branches, jdbc,
                new TransactionTemplate(txManager));
        String mobile = SmsNetwork.newMobile();
        Object[] send = demo.finishedSmsSend(mobile);
        UUID campaignId = (UUID) send[0];
        long recipientId = (Long) send[1];

        List<Outcome> outcomes = transport.sendAll(demo.tenantId, List.of(
                new SmsTransport.Sms(recipientId, mobile, "Maison Lumière : vente privée jeudi. STOP au 36111")));
        assertThat(outcomes).extracting(Outcome::kind).containsExactly(Kind.ACCEPTED);
        String page = mvc.perform(get("/hq/sms-sandbox").param("phone", mobile).locale(Locale.ENGLISH)
                .with(personas.as(Personas.HQ_MARKETER))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("vente privée jeudi", "Campaign SMS");

        mvc.perform(post("/hq/sms-sandbox/replies").with(csrf()).with(personas.as(Personas.HQ_MARKETER))
                .param("phone", mobile).param("text", "Stop")).andExpect(status().is3xxRedirection());
        String card = mvc.perform(get("/hq/campaigns/{campaignId}/delivery", campaignId).locale(Locale.ENGLISH)
                .with(personas.as(Personas.HQ_MARKETER))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(card).contains("id=\"figure-unsubscribes\">1<");
        assertThat(demo.system(() -> jdbc.queryForObject("select count(*) from tracking_event where tenant_id = ? and "
                + "recipient_id = ? and kind = 'UNSUBSCRIBE' and first_of_kind", Integer.class, demo.tenantId,
                recipientId))).isEqualTo(1);
    }

    @Test
    void whatCountsAsStop() {
        assertThat(List.of("STOP", "stop", " Stop SMS ", "STOP.", "Arrêt", "ARRET", "arret !", "unsubscribe",
                "Stop please", "STOPSMS", "Stop, merci"))
                .allSatisfy(text -> assertThat(SmsReplies.isStop(text)).as(text).isTrue());
        assertThat(List.of("", "Merci", "please stop", "Ne pas stop", "Stoppez", "STOPPER", "Arrêtez", "top"))
                .allSatisfy(text -> assertThat(SmsReplies.isStop(text)).as(text).isFalse());
        assertThat(SmsReplies.isStop(null)).isFalse();
    }

    private String reply(String from, String text) {
        return json.writeValueAsString(Map.of("from", from, "text", text));
    }
}
