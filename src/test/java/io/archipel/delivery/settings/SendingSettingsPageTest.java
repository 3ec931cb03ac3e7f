package io.archipel.delivery.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.archipel.delivery.SendingSettings;
import io.archipel.delivery.SendingSettings.Security;
import io.archipel.identity.Role;
import io.archipel.identity.UserAccountService;
import io.archipel.identity.UserAccountService.UserData;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.ScopeType;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The HQ sending settings page of a fresh tenant per test (one settings row per tenant). */
@ArchipelTest
class SendingSettingsPageTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    Personas personas;
    @Autowired
    TenantService tenants;
    @Autowired
    UserAccountService users;
    @Autowired
    SendingSettings settings;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    UUID tenantId;
    String slug;
    String admin;
    String marketer;

    @BeforeEach
    void newTenant() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        slug = "sendtest-" + tag;
        tenantId = tenants.create(slug, "Sendtest " + tag, "en");
        admin = "send-admin-" + tag + "@sendtest.example";
        marketer = "send-marketer-" + tag + "@sendtest.example";
        TenantContext.runAsSystem(tenantId, () -> {
            users.create(new UserData(admin, "Admin " + tag, Role.HQ_ADMIN, ScopeType.TENANT, null, Set.of(),
                    "Send-Password-2026"));
            users.create(new UserData(marketer, "Marketer " + tag, Role.HQ_MARKETER, ScopeType.TENANT, null,
                    Set.of(), "Send-Password-2026"));
        });
    }

    private MockHttpServletRequestBuilder form(String path, long version, String... overrides) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("version", Long.toString(version));
        p.put("relayHost", "smtp.relay.example");
        p.put("relayPort", "587");
        p.put("relaySecurity", "STARTTLS");
        p.put("relayUsername", "mailer");
        p.put("relayPassword", "S3cret-relay-pass");
        p.put("maxPerSecond", "250");
        p.put("connections", "6");
        p.put("dkimDomain", "news.sendtest.example");
        p.put("dkimSelector", "arch2026");
        for (int i = 0; i < overrides.length; i += 2) {
            p.put(overrides[i], overrides[i + 1]);
        }
        MockHttpServletRequestBuilder request = post(path).with(personas.as(admin)).with(csrf())
                .header("Accept-Language", "en");
        p.forEach((k, v) -> request.param(k, v));
        return request;
    }

    /** Reads raw rows as the app does: in a transaction of the tenant (row-level security). */
    private <T> T inTenant(java.util.function.Supplier<T> read) {
        return TenantContext.callAs(tenantId, () -> new org.springframework.transaction.support.TransactionTemplate(
                transactions).execute(status -> read.get()));
    }

    private long version() {
        return TenantContext.callAs(tenantId, settings::view).version();
    }

    @Test
    void theNewNetworksPageExplainsTheDefaultsAndShowsTheTabsAndWebhookUrls() throws Exception {
        mvc.perform(get("/hq/sending").with(personas.as(admin)).header("Accept-Language", "en"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("Sending settings"),
                        containsString("href=\"/hq/sending/sms\""), containsString("aria-current=\"page\""),
                        containsString("the platform’s mail service"),
                        containsString("/hooks/" + slug + "/email-events"),
                        containsString("/hooks/" + slug + "/sms-replies"),
                        containsString("No secret yet"), containsString("Campaigns are not signed"))));
        mvc.perform(get("/hq/sending").with(personas.as(admin)).header("Accept-Language", "fr"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("Paramètres d’envoi"),
                        containsString("Tester la connexion"), containsString("Signature DKIM"))));
    }

    @Test
    void savingStoresTheRelayWithTheEncryptedPasswordNeverShownBack() throws Exception {
        mvc.perform(form("/hq/sending", version()))
                .andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/hq/sending"))
                .andExpect(flash().attribute("flashSuccess", "sending.saved"));

        SendingSettings.TransportSettings saved = settings.transport(tenantId);
        assertThat(saved.relay()).hasValueSatisfying(r -> {
            assertThat(r.host()).isEqualTo("smtp.relay.example");
            assertThat(r.port()).isEqualTo(587);
            assertThat(r.security()).isEqualTo(Security.STARTTLS);
            assertThat(r.username()).isEqualTo("mailer");
            assertThat(r.password()).isEqualTo("S3cret-relay-pass");
        });
        assertThat(saved.maxPerSecond()).isEqualTo(250);
        assertThat(saved.connections()).isEqualTo(6);
        byte[] stored = inTenant(() -> jdbc.queryForObject(
                "select relay_password_encrypted from sending_settings where tenant_id = ?", byte[].class, tenantId));
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("S3cret");

        mvc.perform(get("/hq/sending").with(personas.as(admin)).header("Accept-Language", "en"))
                .andExpect(content().string(allOf(containsString("smtp.relay.example"),
                        containsString("A password is saved"), not(containsString("S3cret-relay-pass")))));

        // an empty password keeps the saved one; "remove" removes it
        mvc.perform(form("/hq/sending", version(), "relayPassword", "", "maxPerSecond", "300"))
                .andExpect(status().is3xxRedirection());
        assertThat(settings.transport(tenantId).relay().orElseThrow().password()).isEqualTo("S3cret-relay-pass");
        assertThat(settings.transport(tenantId).maxPerSecond()).isEqualTo(300);
        mvc.perform(form("/hq/sending", version(), "relayPassword", "", "clearPassword", "true"))
                .andExpect(status().is3xxRedirection());
        assertThat(settings.transport(tenantId).relay().orElseThrow().password()).isNull();

        // an empty host goes back to the platform's mail service
        mvc.perform(form("/hq/sending", version(), "relayHost", "", "relayUsername", "", "relayPassword", ""))
                .andExpect(status().is3xxRedirection());
        assertThat(settings.transport(tenantId).relay()).isEmpty();
    }

    @Test
    void invalidValuesComeBackWithClearMessagesAndWhatWasTyped() throws Exception {
        long before = version();
        mvc.perform(form("/hq/sending", before, "relayHost", "smtp relay!", "relayPort", "70000", "maxPerSecond",
                "0", "connections", "64", "dkimSelector", ""))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("Enter a host name such as smtp.example.com"),
                        containsString("value=\"smtp relay!\""), containsString("Enter a port between 1 and 65535"),
                        containsString("Enter a number between 1 and 100,000"),
                        containsString("Enter a number between 1 and 32"),
                        containsString("Enter a selector as well as the domain"),
                        containsString("aria-invalid=\"true\""))));
        assertThat(version()).isEqualTo(before);
    }

    @Test
    void aStaleSaveKeepsWhatWasTypedAndSaysSomeoneElseChangedIt() throws Exception {
        mvc.perform(form("/hq/sending", version())).andExpect(status().is3xxRedirection());
        long seen = version();
        mvc.perform(form("/hq/sending", seen, "maxPerSecond", "120")).andExpect(status().is3xxRedirection());

        mvc.perform(form("/hq/sending", seen, "relayHost", "other.relay.example", "maxPerSecond", "999"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("Someone else changed this record"),
                        containsString("value=\"other.relay.example\""), containsString("value=\"999\""))));
        assertThat(settings.transport(tenantId).maxPerSecond()).isEqualTo(120);
    }

    @Test
    void aGeneratedDkimKeySignsCampaignsAndItsDnsRecordIsShown() throws Exception {
        mvc.perform(form("/hq/sending", version())).andExpect(status().is3xxRedirection());
        mvc.perform(post("/hq/sending/dkim/generate").with(personas.as(admin)).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("flashSuccess", "sending.dkim.generated"));

        SendingSettings.Dkim dkim = settings.dkim(tenantId).orElseThrow();
        assertThat(dkim.privateKey().getModulus().bitLength()).isEqualTo(2048);
        assertThat(dkim.recordName()).isEqualTo("arch2026._domainkey.news.sendtest.example");
        mvc.perform(get("/hq/sending").with(personas.as(admin)).header("Accept-Language", "en"))
                .andExpect(content().string(allOf(containsString("arch2026._domainkey.news.sendtest.example"),
                        containsString(dkim.recordValue()), containsString("v=DKIM1; k=rsa; p=MII"),
                        containsString("Campaigns are signed"), not(containsString("BEGIN PRIVATE KEY-----\n")))));

        mvc.perform(post("/hq/sending/dkim/remove").with(personas.as(admin)).with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(settings.dkim(tenantId)).isEmpty();
    }

    @Test
    void aPastedKeyIsCheckedAndStoredEncrypted() throws Exception {
        mvc.perform(form("/hq/sending", version())).andExpect(status().is3xxRedirection());
        mvc.perform(post("/hq/sending/dkim/key").with(personas.as(admin)).with(csrf())
                        .header("Accept-Language", "en").param("pem", "-----BEGIN PRIVATE KEY-----\nnot a key\n"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("This is not an RSA private key"),
                        containsString("not a key"))));
        assertThat(settings.dkim(tenantId)).isEmpty();

        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END PRIVATE KEY-----\n";
        mvc.perform(post("/hq/sending/dkim/key").with(personas.as(admin)).with(csrf()).param("pem", pem))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("flashSuccess", "sending.dkim.imported"));
        assertThat(settings.dkim(tenantId)).hasValueSatisfying(
                d -> assertThat(d.privateKey().getEncoded()).isEqualTo(der));
        byte[] stored = inTenant(() -> jdbc.queryForObject(
                "select dkim_private_key_encrypted from sending_settings where tenant_id = ?", byte[].class,
                tenantId));
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("PRIVATE KEY");
    }

    @Test
    void aNewWebhookSecretIsShownOnceAndOnlyItsHashIsKept() throws Exception {
        MvcResult result = mvc.perform(post("/hq/sending/webhook-secret").with(personas.as(admin)).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("flashSuccess", "sending.webhook.generated")).andReturn();
        String secret = (String) result.getFlashMap().get("newWebhookSecret");
        assertThat(secret).startsWith("whsec_").hasSizeGreaterThan(40);

        assertThat(settings.webhookSecretMatches(tenantId, secret)).isTrue();
        assertThat(settings.webhookSecretMatches(tenantId, secret + "x")).isFalse();
        assertThat(settings.webhookSecretMatches(tenantId, "")).isFalse();
        assertThat(settings.webhookSecretMatches(UUID.randomUUID(), secret)).isFalse();
        String hash = inTenant(() -> jdbc.queryForObject(
                "select webhook_secret_hash from sending_settings where tenant_id = ?", String.class, tenantId));
        assertThat(hash).hasSize(64).doesNotContain(secret);

        // the redirect shows it once (flash attribute kept in the session across the redirect)…
        jakarta.servlet.http.Cookie session = result.getResponse().getCookie("SESSION");
        assertThat(session).isNotNull();
        mvc.perform(get("/hq/sending").cookie(session).with(personas.as(admin)).header("Accept-Language", "en"))
                .andExpect(content().string(allOf(containsString(secret), containsString("shown only this once"))));
        // …and never again
        mvc.perform(get("/hq/sending").cookie(session).with(personas.as(admin)).header("Accept-Language", "en"))
                .andExpect(content().string(allOf(not(containsString(secret)), containsString("A secret is set"))));
    }

    @Test
    void testingTheConnectionSaysWhetherTheRelayAnswersWithoutSavingAnything() throws Exception {
        GreenMail relay = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        relay.start();
        try {
            long before = version();
            mvc.perform(form("/hq/sending/test", before, "relayHost", "127.0.0.1", "relayPort",
                            String.valueOf(relay.getSmtp().getPort()), "relaySecurity", "NONE", "relayUsername", "",
                            "relayPassword", ""))
                    .andExpect(status().isOk())
                    .andExpect(content().string(allOf(containsString("accepted the connection"),
                            containsString("value=\"127.0.0.1\""))));
            assertThat(version()).isEqualTo(before);
            assertThat(relay.getReceivedMessages()).isEmpty();
        } finally {
            relay.stop();
        }
        int closed;
        try (ServerSocket probe = new ServerSocket(0)) {
            closed = probe.getLocalPort();
        }
        mvc.perform(form("/hq/sending/test", version(), "relayHost", "127.0.0.1", "relayPort", String.valueOf(closed),
                        "relaySecurity", "NONE", "relayUsername", "", "relayPassword", ""))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("The connection test failed"),
                        containsString("cannot be reached on this port"))));
    }

    @Test
    void onlyHqAdminsReachTheSettings() throws Exception {
        mvc.perform(get("/hq/sending").with(personas.as(marketer))).andExpect(status().isForbidden());
        mvc.perform(post("/hq/sending/webhook-secret").with(personas.as(marketer)).with(csrf()))
                .andExpect(status().isForbidden());
        assertThat(settings.webhookSecretMatches(tenantId, "anything")).isFalse();
    }
}
