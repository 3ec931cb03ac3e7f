package io.archipel.delivery.unsubscribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.List;
import java.util.UUID;

import io.archipel.audience.ContactService;
import io.archipel.audience.Contacts;
import io.archipel.delivery.TrackingService;
import io.archipel.delivery.TrackingTokens;
import io.archipel.delivery.tracking.TrackingFixture;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.TenantContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

@ArchipelTest
class UnsubscribePagesTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    MockMvc mvc;
    @Autowired
    TrackingTokens tokens;
    @Autowired
    TrackingService tracking;
    @Autowired
    Personas personas;
    @Autowired
    ContactService contacts;

    TrackingFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = TrackingFixture.of(context);
    }

    private Contacts.Contact contact(TrackingFixture.Sent sent, UUID contactId) {
        Contacts.Contact[] c = new Contacts.Contact[1];
        TenantContext.runAsSystem(sent.tenantId(), () -> c[0] = contacts.get(contactId));
        return c[0];
    }

    private List<Contacts.ConsentEvent> history(TrackingFixture.Sent sent, UUID contactId) {
        Object[] h = new Object[1];
        TenantContext.runAsSystem(sent.tenantId(), () -> h[0] = contacts.consentHistory(contactId));
        @SuppressWarnings("unchecked")
        List<Contacts.ConsentEvent> list = (List<Contacts.ConsentEvent>) h[0];
        return list;
    }

    private long suppressions(TrackingFixture.Sent sent) {
        return fixture.count(sent.tenantId(), "select count(*) from suppression where tenant_id = ?", sent.tenantId());
    }

    @Test
    void theUnsubscribePageNamesTheAddressAndBranchAndChangesNothing() throws Exception {
        TrackingFixture.Sent sent = fixture.sent(1, false);
        String token = tokens.unsubscribe(sent.tenantId(), sent.first().id());
        MockHttpServletResponse page = mvc.perform(get("/u/" + token)).andReturn().getResponse();
        assertThat(page.getStatus()).isEqualTo(200);
        String html = page.getContentAsString();
        // the demo network's language is French
        assertThat(html).contains(sent.first().email()).contains("Lyon Part-Dieu").contains("Me désinscrire")
                .contains("action=\"/u/" + token + "?lang=fr\"").contains("/u/" + token + "/preferences")
                .doesNotContain("name=\"_csrf\"");
        assertThat(page.getHeader("Set-Cookie")).isNull();
        MockHttpServletResponse english = mvc.perform(get("/u/" + token).param("lang", "en")).andReturn().getResponse();
        assertThat(english.getContentAsString()).contains("Unsubscribe").contains("lang=\"en\"");
        // a scanner prefetching the link changes nothing
        mvc.perform(get("/u/" + token));
        mvc.perform(get("/u/" + token + "/preferences"));
        assertThat(contact(sent, sent.first().contactId()).emailConsent()).isEqualTo(Contacts.ConsentState.GRANTED);
        assertThat(history(sent, sent.first().contactId())).hasSize(1);
        assertThat(fixture.events(sent.tenantId(), sent.first().id())).isEmpty();
    }

    @Test
    void theButtonUnsubscribesOnceWithoutCookieOrCsrfAndSuppressesNothing() throws Exception {
        TrackingFixture.Sent sent = fixture.sent(2, false);
        String token = tokens.unsubscribe(sent.tenantId(), sent.first().id());
        long suppressedBefore = suppressions(sent);
        for (int i = 0; i < 2; i++) { // idempotent
            MockHttpServletResponse done = mvc.perform(post("/u/" + token).param("lang", "en")).andReturn()
                    .getResponse();
            assertThat(done.getStatus()).isEqualTo(200);
            assertThat(done.getContentAsString()).contains("You are unsubscribed").contains(sent.first().email());
        }
        assertThat(contact(sent, sent.first().contactId()).emailConsent()).isEqualTo(Contacts.ConsentState.WITHDRAWN);
        List<Contacts.ConsentEvent> history = history(sent, sent.first().contactId());
        assertThat(history).hasSize(2);
        assertThat(history.get(0).source()).isEqualTo(Contacts.ConsentSource.UNSUBSCRIBE_LINK);
        assertThat(history.get(0).proof()).contains(sent.campaignId().toString());
        assertThat(fixture.events(sent.tenantId(), sent.first().id())).extracting(e -> e.get("kind"))
                .containsExactly("UNSUBSCRIBE");
        // nothing else: no suppression, the other recipient still subscribed
        assertThat(suppressions(sent)).isEqualTo(suppressedBefore);
        assertThat(contact(sent, sent.recipients().get(1).contactId()).emailConsent())
                .isEqualTo(Contacts.ConsentState.GRANTED);
        assertThat(personas.callAs(Personas.HQ_ADMIN, () -> tracking.stats(sent.campaignId())).unsubscribes())
                .isEqualTo(1);
        // the page now says so
        assertThat(mvc.perform(get("/u/" + token).param("lang", "en")).andReturn().getResponse().getContentAsString())
                .contains("is unsubscribed");
    }

    @Test
    void aMailClientsOneClickPostUnsubscribesWithoutCookieOrCsrf() throws Exception {
        TrackingFixture.Sent sent = fixture.sent(1, false);
        String token = tokens.unsubscribe(sent.tenantId(), sent.first().id());
        MockHttpServletResponse response = mvc.perform(post("/u/" + token)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).content("List-Unsubscribe=One-Click"))
                .andReturn().getResponse();
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentAsString()).isEqualTo("Unsubscribed.\n");
        assertThat(response.getHeader("Set-Cookie")).isNull();
        assertThat(contact(sent, sent.first().contactId()).emailConsent()).isEqualTo(Contacts.ConsentState.WITHDRAWN);
        // again (mail clients retry): still one event each
        mvc.perform(post("/u/" + token).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .content("List-Unsubscribe=One-Click"));
        assertThat(history(sent, sent.first().contactId())).hasSize(2);
        assertThat(fixture.events(sent.tenantId(), sent.first().id())).hasSize(1);
    }

    @Test
    void preferencesRoundTripPerChannel() throws Exception {
        TrackingFixture.Sent sent = fixture.sent(1, true);
        String token = tokens.unsubscribe(sent.tenantId(), sent.first().id());
        String page = mvc.perform(get("/u/" + token + "/preferences").param("lang", "en")).andReturn().getResponse()
                .getContentAsString();
        assertThat(page).contains("name=\"email\"").contains("name=\"sms\"").contains("Text messages");
        // keep e-mail, stop SMS
        String saved = mvc.perform(post("/u/" + token + "/preferences").param("lang", "en").param("email", "true"))
                .andReturn().getResponse().getContentAsString();
        assertThat(saved).contains("Your preferences are saved.");
        Contacts.Contact c = contact(sent, sent.first().contactId());
        assertThat(c.emailConsent()).isEqualTo(Contacts.ConsentState.GRANTED);
        assertThat(c.smsConsent()).isEqualTo(Contacts.ConsentState.WITHDRAWN);
        assertThat(history(sent, sent.first().contactId()).get(0).source())
                .isEqualTo(Contacts.ConsentSource.PREFERENCE_CENTER);
        // then stop e-mail, start SMS again
        mvc.perform(post("/u/" + token + "/preferences").param("sms", "true"));
        c = contact(sent, sent.first().contactId());
        assertThat(c.emailConsent()).isEqualTo(Contacts.ConsentState.WITHDRAWN);
        assertThat(c.smsConsent()).isEqualTo(Contacts.ConsentState.GRANTED);
        // 2 granted at creation + sms withdrawn + email withdrawn + sms granted
        assertThat(history(sent, sent.first().contactId())).hasSize(5);
        // and e-mail back on
        mvc.perform(post("/u/" + token + "/preferences").param("email", "true").param("sms", "true"));
        assertThat(contact(sent, sent.first().contactId()).emailConsent()).isEqualTo(Contacts.ConsentState.GRANTED);
        String reloaded = mvc.perform(get("/u/" + token + "/preferences")).andReturn().getResponse()
                .getContentAsString();
        assertThat(reloaded).contains("Vos préférences");
    }

    @Test
    void thePagesTakeTheNetworksColourWhenItIsReadable() throws Exception {
        TrackingFixture.Sent sent = fixture.sent(1, false);
        String token = tokens.unsubscribe(sent.tenantId(), sent.first().id());
        assertThat(mvc.perform(get("/u/" + token)).andReturn().getResponse().getContentAsString())
                .contains("href=\"/u/" + token + "/brand.css\"");
        MockHttpServletResponse css = mvc.perform(get("/u/" + token + "/brand.css")).andReturn().getResponse();
        assertThat(css.getStatus()).isEqualTo(200);
        assertThat(css.getContentType()).startsWith("text/css");
        // the demo network keeps the default kit: its blue reads well on white
        assertThat(css.getContentAsString()).contains("--recipient-accent:#1d4ed8");
        assertThat(mvc.perform(get("/u/not-a-token/brand.css")).andReturn().getResponse().getStatus()).isEqualTo(404);
        // a pale colour would make white button text unreadable: the default theme stays
        assertThat(Unsubscribes.contrastWithWhite("#1d4ed8")).isGreaterThan(4.5);
        assertThat(Unsubscribes.contrastWithWhite("#f5c518")).isLessThan(4.5);
        assertThat(Unsubscribes.contrastWithWhite("#000000")).isEqualTo(21.0);
    }

    @Test
    void noSmsChoiceWithoutAMobileNumber() throws Exception {
        TrackingFixture.Sent sent = fixture.sent(1, false);
        String token = tokens.unsubscribe(sent.tenantId(), sent.first().id());
        String page = mvc.perform(get("/u/" + token + "/preferences")).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("name=\"email\"").doesNotContain("name=\"sms\"");
    }
}
