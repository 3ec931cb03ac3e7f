package io.archipel.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.archipel.audience.ContactService;
import io.archipel.audience.Contacts;
import io.archipel.audience.SegmentService;
import io.archipel.brand.TemplateService;
import io.archipel.campaign.CampaignService;
import io.archipel.campaign.PolicyService;
import io.archipel.delivery.TrackingTokens;
import io.archipel.delivery.progress.ProgressFixture;
import io.archipel.delivery.sms.SmsGateway;
import io.archipel.delivery.sms.SmsMessage;
import io.archipel.support.Chromium;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivery in a real browser: a branch's approved campaign is sent by the engine (running in this test, with short
 * sweeps) while the campaign page shows its progress until "Finished"; the mail waits in HQ's mail sandbox with its
 * List-Unsubscribe header, whose link opens the recipient's unsubscribe page (when the tracking pages are part of the
 * build). Also the progress card of a paused send, and the HQ SMS sandbox, where a STOP reply is simulated and
 * withdraws the contact's SMS consent. Every page is audited with axe-core in English and French, and
 * screenshotted wide and at a phone's width ({@code target/screenshots/delivery/}).
 * <p>
 * Runs in {@code mvn verify} (failsafe). The context is closed after the class, so nothing of it keeps running.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // the engine runs here (tests switch it off elsewhere), with short sweeps so that a campaign starts at once
        "archipel.delivery.enabled=true", "archipel.delivery.start-sweep-ms=500", "archipel.delivery.idle=PT0.2S",
        "archipel.delivery.workers=2"})
@Import(Personas.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DeliveryBrowserIT {

    static final Path SCREENSHOTS = Path.of("target", "screenshots", "delivery");

    private static Chromium browser;
    private static ChromeDriver driver;

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
    ContactService contacts;
    @Autowired
    SmsGateway sms;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TrackingTokens tokens;
    @Autowired
    org.springframework.context.ApplicationContext context;
    @Autowired
    PlatformTransactionManager txManager;

    @BeforeAll
    static void startBrowser(@LocalServerPort int port) throws IOException {
        browser = Chromium.start("archipel-chromium-delivery-", port).screenshotsIn(SCREENSHOTS);
        driver = browser.driver();
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.stop();
        }
    }

    private ProgressFixture fixture() {
        return new ProgressFixture(personas, templates, policies, campaigns, segments, branches, jdbc,
                new TransactionTemplate(txManager));
    }

    @Test
    void aBranchCampaignIsSentLiveAndItsMailWaitsInTheMailSandboxWithItsUnsubscribeLink() throws IOException {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        List<String> emails = List.of("anna-" + tag + "@delivery.example", "ben-" + tag + "@delivery.example",
                "chloe-" + tag + "@delivery.example");
        UUID campaignId = fixture().approvedCampaignTo(contacts, emails);
        List<String> a11y = new ArrayList<>();

        // the branch manager watches the campaign page: the card turns into live progress, then "Finished"
        browser.signIn(ProgressFixture.LYON, "/portal");
        switchLanguage("en");
        browser.open("/portal/campaigns/" + campaignId);
        browser.patiently(Duration.ofSeconds(90)).withMessage("the send should finish")
                .until(d -> visible(By.id("send-state-badge")) != null
                        && "Finished".equals(visible(By.id("send-state-badge")).getText()));
        String card = driver.findElement(By.id("send-progress")).getText();
        assertThat(card).contains("of 3 sent", "100%", "Finished on", "Results");
        assertThat(driver.findElement(By.id("send-sent")).getText()).isEqualTo("3");
        a11y.addAll(browser.axeViolations("portal campaign page, finished send (en)"));
        browser.screenshot("campaign-sent-finished");
        browser.narrowScreenshot("campaign-sent-finished-narrow", By.id("send-progress"));

        // HQ finds the mail in the mail sandbox, with the one-click unsubscribe headers
        browser.signIn(Personas.HQ_MARKETER, "/hq");
        switchLanguage("en");
        browser.open("/hq/mail-sandbox");
        WebElement link = browser.patiently().until(d -> visible(By.xpath(
                "//table[@id='sandbox-messages']//tr[contains(., '" + emails.get(0) + "')]//a")));
        browser.clickElement(link);
        browser.patiently().until(d -> browser.path().startsWith("/hq/mail-sandbox/"));
        assertThat(driver.findElement(By.id("mail-to")).getText()).contains(emails.get(0));
        a11y.addAll(browser.axeViolations("/hq/mail-sandbox/{messageId} (en)"));
        browser.screenshot("mail-sandbox-campaign-mail");
        // the unsubscribe facts are picked out of the headers: one-click, and the link
        assertThat(driver.findElement(By.id("mail-unsubscribe")).getText()).contains("One-click");
        String url = driver.findElement(By.id("mail-unsubscribe-link")).getAttribute("href");
        String path = java.net.URI.create(url).getPath();
        assertThat(path).startsWith("/u/");
        assertThat(tokens.verify(path.substring(path.lastIndexOf('/') + 1), TrackingTokens.Purpose.UNSUBSCRIBE))
                .as("the link carries a valid unsubscribe token").isPresent();
        browser.click(By.id("tab-headers"));
        String headers = browser.patiently().until(d -> visible(By.id("mail-headers"))).getText();
        assertThat(headers).contains("List-Unsubscribe-Post", "List-Unsubscribe=One-Click", "X-Archipel-Campaign",
                "Maison Lumière", url);
        a11y.addAll(browser.axeViolations("/hq/mail-sandbox/{messageId}, headers (en)"));
        browser.screenshot("mail-sandbox-campaign-mail-headers");
        browser.narrowScreenshot("mail-sandbox-campaign-mail-headers-narrow", By.id("mail-headers"));
        browser.click(By.id("tab-text"));
        assertThat(browser.patiently().until(d -> visible(By.id("pane-text"))).getText()).contains(path);

        // following the link: the recipient's unsubscribe page (helper T's pages, when they are in this build)
        if (context.containsBean("unsubscribeController")) {
            // in the network's language (Maison Lumière is French), whatever the HQ user's choice; switchable
            browser.open(path);
            assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Se désinscrire");
            assertThat(driver.getPageSource()).contains(emails.get(0));
            browser.screenshot("unsubscribe-page");
            browser.open(path + "?lang=en");
            assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Unsubscribe");
            assertThat(driver.getPageSource()).contains(emails.get(0));
        } else {
            System.out.println("[DeliveryBrowserIT] no unsubscribe page in this build: the link's token was checked");
        }
        assertThat(a11y).as("serious or critical accessibility violations").isEmpty();
    }

    @Test
    void theProgressCardReadsWellAndPassesTheAudit() throws IOException {
        ProgressFixture fixture = fixture();
        UUID campaignId = fixture.pausedSend(1200, 0, 3, "550 5.1.1 <nobody@example.com>: mailbox unknown", 14,
                ProgressFixture.LYON);
        List<String> a11y = new ArrayList<>();

        browser.signIn(ProgressFixture.LYON, "/portal");
        switchLanguage("en");
        browser.open("/portal/campaigns/" + campaignId);
        WebElement card = browser.patiently().until(d -> visible(By.id("send-state")));
        assertThat(card.getText()).contains("Paused by " + ProgressFixture.LYON);
        assertThat(driver.findElement(By.id("send-progress")).getText()).contains("of 1,200 sent", "Resume",
                "Cancel the send", "mailbox unknown");
        a11y.addAll(browser.axeViolations("portal campaign page, progress card (en)"));
        browser.screenshot("progress-paused");
        browser.narrowScreenshot("progress-paused-narrow", By.id("send-progress"));

        switchLanguage("fr");
        browser.patiently().until(d -> visible(By.id("send-state")) != null
                && visible(By.id("send-state")).getText().contains("Mis en pause par"));
        a11y.addAll(browser.axeViolations("portal campaign page, progress card (fr)"));
        browser.screenshot("progress-paused-fr");

        // resume from the card: the send runs again and the card says so
        browser.click(By.id("send-resume"));
        browser.patiently().until(d -> visible(By.cssSelector(".alert-success")) != null);
        assertThat(visible(By.cssSelector(".alert-success")).getText()).contains("Envoi repris");
        switchLanguage("en");
        assertThat(a11y).as("serious or critical accessibility violations").isEmpty();
    }

    @Test
    void hqReadsTheSmsSandboxAndASimulatedStopWithdrawsConsent() throws IOException {
        String mobile = String.format("+33612%06d", ThreadLocalRandom.current().nextInt(1_000_000));
        UUID lyon = personas.callAs(Personas.HQ_ADMIN, () -> branches.search("LYO-01", null).stream()
                .filter(b -> b.code().equals("LYO-01")).findFirst().orElseThrow().id());
        UUID contact = personas.callAs(Personas.HQ_ADMIN, () -> {
            UUID id = contacts.create(lyon, new Contacts.ContactData(null, mobile, "Léa", "Martin", null, null, null,
                    null, null, null, List.of()));
            contacts.recordConsent(id, Contacts.Channel.SMS, Contacts.ConsentState.GRANTED,
                    Contacts.ConsentSource.FORM, "in-store form");
            return id;
        });
        UUID tenantId = personas.principal(Personas.HQ_ADMIN).tenantId();
        sms.send(tenantId, List.of(
                new SmsMessage(null, mobile, "Maison Lumière : -20 % sur les suspensions ce week-end à Lyon Part-Dieu. "
                        + "STOP au 36111"),
                new SmsMessage(null, mobile, "Dernier jour ! Venez découvrir la collection 🎄 STOP au 36111")));
        List<String> a11y = new ArrayList<>();

        browser.signIn(Personas.HQ_MARKETER, "/hq");
        switchLanguage("en");
        browser.click(By.cssSelector("a.nav-link[href='/hq/sms-sandbox']"));
        browser.patiently().until(d -> browser.path().equals("/hq/sms-sandbox"));
        browser.open("/hq/sms-sandbox?phone=" + mobile.replace("+", "%2B"));
        browser.patiently().until(d -> visible(By.id("sms-messages")) != null);
        String thread = driver.findElement(By.id("sms-thread")).getText();
        assertThat(thread).contains("Conversation with " + mobile, "Léa Martin", "SMS consent given", "GSM-7",
                "Unicode (UCS-2)", "Simulate a reply");
        a11y.addAll(browser.axeViolations("/hq/sms-sandbox (en)"));
        browser.screenshot("sms-sandbox");
        browser.narrowScreenshot("sms-sandbox-narrow", By.id("sms-thread"));

        browser.click(By.id("sms-reply-stop"));
        browser.patiently().until(d -> visible(By.cssSelector(".alert-success")) != null);
        assertThat(visible(By.cssSelector(".alert-success")).getText())
                .contains("STOP received: SMS consent withdrawn for 1 contact.");
        assertThat(driver.findElement(By.id("sms-thread")).getText()).contains("SMS consent withdrawn");
        assertThat(personas.callAs(Personas.HQ_ADMIN, () -> contacts.currentConsent(contact, Contacts.Channel.SMS)))
                .isEqualTo(Contacts.ConsentState.WITHDRAWN);
        browser.screenshot("sms-sandbox-after-stop");

        switchLanguage("fr");
        assertThat(driver.findElement(By.tagName("h1")).getText()).contains("SMS de test");
        a11y.addAll(browser.axeViolations("/hq/sms-sandbox (fr)"));
        browser.screenshot("sms-sandbox-fr");
        browser.narrowScreenshot("sms-sandbox-fr-narrow");
        switchLanguage("en");
        assertThat(a11y).as("serious or critical accessibility violations").isEmpty();
    }

    @Test
    void theSmsSettingsPagePassesTheAudit() throws IOException {
        List<String> a11y = new ArrayList<>();
        browser.signIn(Personas.HQ_ADMIN, "/hq");
        switchLanguage("en");
        browser.open("/hq/sending/sms");
        browser.patiently().until(d -> visible(By.id("sms-settings-form")) != null);
        // with the development sandbox chosen, the HTTP provider's fields stay out of the way
        assertThat(visible(By.id("httpUrl"))).isNull();
        a11y.addAll(browser.axeViolations("/hq/sending/sms (en)"));
        browser.screenshot("sms-settings");
        browser.click(By.cssSelector("input[name='provider'][value='HTTP']"));
        browser.patiently().until(d -> visible(By.id("httpUrl")) != null);
        a11y.addAll(browser.axeViolations("/hq/sending/sms, HTTP provider (en)"));
        browser.screenshot("sms-settings-http");
        browser.narrowScreenshot("sms-settings-narrow");
        switchLanguage("fr");
        a11y.addAll(browser.axeViolations("/hq/sending/sms (fr)"));
        browser.screenshot("sms-settings-fr");
        switchLanguage("en");
        assertThat(a11y).as("serious or critical accessibility violations").isEmpty();
    }

    /** The language switch of the header (the choice is remembered for the person). */
    private void switchLanguage(String lang) {
        if (!lang.equals(browser.htmlLang())) {
            WebElement button = driver.findElements(By.xpath("//*[contains(@class,'lang-switch')]//button"
                    + "[normalize-space()='" + lang.toUpperCase(Locale.ROOT) + "']")).stream()
                    .filter(WebElement::isDisplayed).findFirst().orElseThrow();
            button.click();
            browser.patiently().until(d -> lang.equals(browser.htmlLang()));
        }
    }

    private static WebElement visible(By by) {
        return driver.findElements(by).stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
    }
}
