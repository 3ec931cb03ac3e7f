package io.archipel.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

import io.archipel.brand.BrandKitService;
import io.archipel.brand.TemplateService;
import io.archipel.delivery.internal.TestSendLimiter;
import io.archipel.delivery.sandbox.MailSandbox;
import io.archipel.delivery.sandbox.SandboxMessages;
import io.archipel.identity.UserAccountService;
import io.archipel.shared.mail.MailDeliveryException;
import io.archipel.shared.mail.OutgoingMail;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantService;
import io.archipel.tenancy.TerritoryService;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Test e-mails of the template editor really travel over SMTP into the embedded sink (GreenMail, on a free port) and
 * show up in the mail sandbox of their own network only.
 */
@ArchipelTest
class MailSandboxTest {

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
    BrandKitService brandKits;
    @Autowired
    TemplateService templates;
    @Autowired
    MailSandbox sandbox;
    @Autowired
    Outbox outbox;
    @Autowired
    TestSendLimiter limiter;

    MailNetwork network;

    @BeforeEach
    void setUp() {
        network = MailNetwork.ensure(tenants, territories, branches, users, brandKits);
        limiter.reset();
    }

    private MockHttpServletRequestBuilder testSend(UUID templateId) {
        return post("/hq/templates/{templateId}/test-email", templateId).with(csrf())
                .with(personas.as(network.marketerEmail())).locale(Locale.ENGLISH)
                .header("Accept-Language", "en");
    }

    /** The newest sandbox message of the mail network whose subject contains the text. */
    private SandboxMessages.Message received(String subjectPart) {
        SandboxMessages.Message[] found = new SandboxMessages.Message[1];
        TenantContext.runAsSystem(network.tenantId(), () -> {
            SandboxMessages.Summary summary = sandbox.list().stream()
                    .filter(m -> m.subject().contains(subjectPart)).findFirst().orElseThrow(
                            () -> new AssertionError("no sandbox mail with subject containing " + subjectPart));
            found[0] = sandbox.get(summary.id());
        });
        return found[0];
    }

    private MimeMessage source(SandboxMessages.Message message) throws Exception {
        byte[][] bytes = new byte[1][];
        TenantContext.runAsSystem(network.tenantId(), () -> bytes[0] = sandbox.source(message.id()).orElseThrow());
        return new MimeMessage(Session.getInstance(new java.util.Properties()), new ByteArrayInputStream(bytes[0]));
    }

    @Test
    void aTestEmailGoesOverSmtpToTheSignedInPersonAndLandsInTheirNetworksSandbox() throws Exception {
        String heading = "Autumn sale " + UUID.randomUUID().toString().substring(0, 8);
        UUID templateId = network.newTemplate(templates, heading);

        String fragment = mvc.perform(testSend(templateId).header("HX-Request", "true")
                        .param("branchId", network.branchId().toString())
                        // a typed address is ignored: a test goes to oneself only
                        .param("to", "someone.else@elsewhere.example"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(fragment).contains("Test sent to " + network.marketerEmail()).contains("href=\"/hq/mail-sandbox\"");

        SandboxMessages.Message mail = received(heading);
        assertThat(mail.subject()).isEqualTo("[TEST] " + heading + " for Alex");
        assertThat(mail.recipients()).contains(network.marketerEmail()).doesNotContain("elsewhere.example");
        // the chosen branch's sender name (what its recipients will see), the brand kit's sender address
        assertThat(mail.sender()).contains("Mail shop").contains("<" + network.senderEmail() + ">");
        // brand kit rule BRANCH_EMAIL: replies go to the chosen branch
        assertThat(mail.replyTo()).isEqualTo(network.branchEmail());
        assertThat(mail.html()).contains(heading).contains("Hello Alex");
        assertThat(mail.text()).contains(heading).contains("Hello Alex");
        assertThat(mail.headers()).contains("X-Archipel-Tenant: " + network.tenantId());

        MimeMessage mime = source(mail);
        assertThat(mime.isMimeType("multipart/alternative")).isTrue();
        Multipart parts = (Multipart) mime.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).isMimeType("text/plain")).isTrue();
        assertThat(parts.getBodyPart(0).getContentType()).containsIgnoringCase("charset=UTF-8");
        assertThat(parts.getBodyPart(1).isMimeType("text/html")).isTrue();
        assertThat(mime.getRecipients(Message.RecipientType.TO)).hasSize(1);
        assertThat(((jakarta.mail.internet.InternetAddress) mime.getRecipients(Message.RecipientType.TO)[0])
                .getAddress()).isEqualTo(network.marketerEmail());

        // the network's HQ sees it in its sandbox list and page...
        String list = mvc.perform(get("/hq/mail-sandbox").with(personas.as(network.marketerEmail())))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(list).contains(heading).contains("/hq/mail-sandbox/" + mail.id());
        String page = mvc.perform(get("/hq/mail-sandbox/{messageId}", mail.id())
                        .with(personas.as(network.marketerEmail())))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("/hq/mail-sandbox/" + mail.id() + "/html").contains("<iframe")
                .contains("sandbox=\"").contains("Hello Alex").contains("X-Archipel-Tenant");
        // ...and another network's HQ does not
        String demoList = mvc.perform(get("/hq/mail-sandbox").with(personas.as(Personas.HQ_ADMIN)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(demoList).doesNotContain(heading);
        mvc.perform(get("/hq/mail-sandbox/{messageId}", mail.id()).with(personas.as(Personas.HQ_ADMIN)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/hq/mail-sandbox/{messageId}/html", mail.id()).with(personas.as(Personas.HQ_ADMIN)))
                .andExpect(status().isNotFound());
    }

    @Test
    void theHtmlEndpointServesTheMailWithItsOwnRestrictivePolicy() throws Exception {
        String heading = "Policy check " + UUID.randomUUID().toString().substring(0, 8);
        UUID templateId = network.newTemplate(templates, heading);
        mvc.perform(testSend(templateId).header("HX-Request", "true")).andExpect(status().isOk());
        SandboxMessages.Message mail = received(heading);

        var response = mvc.perform(get("/hq/mail-sandbox/{messageId}/html", mail.id())
                        .with(personas.as(network.marketerEmail())))
                .andExpect(status().isOk())
                .andReturn().getResponse();
        String policy = response.getHeader("Content-Security-Policy");
        assertThat(policy).contains("default-src 'none'").contains("sandbox").contains("frame-ancestors 'self'")
                .doesNotContain("script-src");
        assertThat(response.getContentType()).startsWith("text/html");
        assertThat(response.getContentAsString(StandardCharsets.UTF_8)).contains(heading);
    }

    @Test
    void aPlainFormPostIsRedirectedToTheEditorWithAMessage() throws Exception {
        String heading = "Redirect " + UUID.randomUUID().toString().substring(0, 8);
        UUID templateId = network.newTemplate(templates, heading);
        mvc.perform(testSend(templateId))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/hq/templates/" + templateId + "/email"))
                .andExpect(flash().attribute("flashSuccess", "delivery.testEmail.sent.sandbox"));
        assertThat(received(heading).subject()).startsWith("[TEST] ");
    }

    @Test
    void clearingEmptiesTheSandboxOfTheNetwork() throws Exception {
        String heading = "To clear " + UUID.randomUUID().toString().substring(0, 8);
        mvc.perform(testSend(network.newTemplate(templates, heading)).header("HX-Request", "true"))
                .andExpect(status().isOk());
        received(heading);

        mvc.perform(post("/hq/mail-sandbox/clear").with(csrf()).with(personas.as(network.marketerEmail())))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/hq/mail-sandbox"));

        String list = mvc.perform(get("/hq/mail-sandbox").with(personas.as(network.marketerEmail()))
                        .locale(Locale.ENGLISH))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(list).doesNotContain(heading).contains("id=\"sandbox-empty\"")
                .contains("every e-mail Archipel sends lands here instead of real inboxes");
        TenantContext.runAsSystem(network.tenantId(), () -> assertThat(sandbox.list()).isEmpty());
    }

    @Test
    void lineBreaksInHeaderValuesCannotAddHeaders() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        TenantContext.runAs(network.tenantId(), () -> outbox.send(new OutgoingMail("Sender\r\nBcc: evil@attack.example",
                network.senderEmail(), null, "You", network.marketerEmail(),
                "Injected " + tag + "\r\nBcc: victim@attack.example\r\n\r\n<b>body</b>", "<p>Hi</p>", "Hi",
                java.util.Map.of("X-Campaign", "c1\nBcc: other@attack.example"))));

        SandboxMessages.Message mail = received("Injected " + tag);
        assertThat(mail.subject()).isEqualTo("Injected " + tag + "  Bcc: victim@attack.example    <b>body</b>");
        assertThat(mail.headers().lines()).noneMatch(line -> line.regionMatches(true, 0, "Bcc:", 0, 4));
        assertThat(mail.headers()).doesNotContain("\nBcc:");
        MimeMessage mime = source(mail);
        assertThat(mime.getRecipients(Message.RecipientType.BCC)).isNull();
        assertThat(mime.getHeader("X-Campaign", null)).isEqualTo("c1 Bcc: other@attack.example");
        assertThat(mail.html()).isEqualTo("<p>Hi</p>");
    }

    @Test
    void addressesWithLineBreaksOrDisplayNamesAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OutgoingMail.of("A", "a@example.com\r\nBcc: b@x.example",
                "B", "b@example.com", "s", null, "t")).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OutgoingMail.of("A", "a@example.com", "B",
                "B <b@example.com>", "s", null, "t")).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OutgoingMail.of("A", "a@example.com", "B",
                "b@example.com", "s", null, "t").withHeader("Bcc", "c@example.com"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void testSendsAreLimitedPerPersonWithAClearMessage() throws Exception {
        UUID templateId = network.newTemplate(templates, "Limit " + UUID.randomUUID().toString().substring(0, 8));
        for (int i = 0; i < limiter.perMinute(); i++) {
            mvc.perform(testSend(templateId).header("HX-Request", "true")).andExpect(status().isOk());
        }
        String refused = mvc.perform(testSend(templateId).header("HX-Request", "true"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(refused).contains("You have sent " + limiter.perMinute() + " test e-mails in the last minute")
                .contains("alert-danger").doesNotContain("Test sent to");
    }

    @Test
    void aDraftWithNothingToShowIsNotSent() throws Exception {
        UUID templateId = network.emptyTemplate(templates);
        String answer = mvc.perform(testSend(templateId).header("HX-Request", "true"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(answer).contains("This draft has no content to send yet").doesNotContain("Test sent to");
    }

    @Test
    void anotherNetworksTemplateIsNotFoundAndBranchManagersAreRefused() throws Exception {
        UUID templateId = network.newTemplate(templates, "Not yours");
        mvc.perform(post("/hq/templates/{templateId}/test-email", templateId).with(csrf())
                .with(personas.as(Personas.HQ_MARKETER))).andExpect(status().isNotFound());
        mvc.perform(post("/hq/templates/{templateId}/test-email", templateId).with(csrf())
                .with(personas.as(Personas.BRANCH_MANAGER))).andExpect(status().isForbidden());
        mvc.perform(get("/hq/mail-sandbox").with(personas.as(Personas.BRANCH_MANAGER)))
                .andExpect(status().isForbidden());
    }

    @Test
    void whenTheSmtpServerIsDownTheSendFailsWithAReason() {
        org.springframework.mail.javamail.JavaMailSenderImpl down = new org.springframework.mail.javamail.JavaMailSenderImpl();
        down.setHost("127.0.0.1");
        down.setPort(freePort());
        Outbox unreachable = new Outbox(new org.springframework.beans.factory.support.StaticListableBeanFactory(
                java.util.Map.of("mailSender", down)).getBeanProvider(org.springframework.mail.javamail.JavaMailSender.class));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> unreachable.send(OutgoingMail.of("A", "a@example.com",
                "B", "b@example.com", "s", "<p>h</p>", "t")))
                .isInstanceOfSatisfying(MailDeliveryException.class,
                        e -> assertThat(e.reason()).isEqualTo(MailDeliveryException.Reason.UNREACHABLE));
    }

    @Test
    void withoutAnySmtpServerSendingSaysMailIsNotConfigured() {
        Outbox none = new Outbox(new org.springframework.beans.factory.support.StaticListableBeanFactory()
                .getBeanProvider(org.springframework.mail.javamail.JavaMailSender.class));
        assertThat(none.configured()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> none.send(OutgoingMail.of("A", "a@example.com",
                "B", "b@example.com", "s", "<p>h</p>", "t")))
                .isInstanceOfSatisfying(MailDeliveryException.class,
                        e -> assertThat(e.reason()).isEqualTo(MailDeliveryException.Reason.NOT_CONFIGURED));
    }

    @Test
    void theHqNavigationLinksToTheSandboxWhileItRuns() throws Exception {
        assertThat(sandbox.running()).isTrue();
        String page = mvc.perform(get("/hq/brand").with(personas.as(Personas.HQ_MARKETER)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("href=\"/hq/mail-sandbox\"");
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
