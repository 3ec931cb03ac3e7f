package io.archipel.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.archipel.brand.Availability;
import io.archipel.brand.TemplateChannel;
import io.archipel.campaign.CampaignService;
import io.archipel.campaign.CampaignStatus;
import io.archipel.campaign.Campaigns;
import io.archipel.campaign.KitService;
import io.archipel.campaign.Kits;
import io.archipel.campaign.Policies;
import io.archipel.campaign.ReviewFixture;
import io.archipel.support.Chromium;
import io.archipel.support.Personas;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * The whole path of a campaign in a real browser (issue 5): HQ has pushed a kit to LYO-01 on an e-mail template whose
 * policy asks for a review by the region's validators (set up through the services); then, in headless Chromium, the
 * Lyon manager finds the kit on the campaign list and on step 1, starts from it, personalises the subject with a
 * merge field without fallback, sees the compliance finding next to the field and the submission refused, fixes it,
 * confirms the audience, sets a send date and submits; the ARA validator requests changes with a comment; the manager
 * reads it, edits and resubmits; the validator approves; the branch sees the campaign scheduled with its date. The kit
 * pages are audited with axe-core along the way. Screenshots go to {@code target/screenshots/journey/}.
 * <p>
 * Runs in {@code mvn verify} (failsafe) with the Chromium and ChromeDriver of {@code PersonasBrowserIT}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(Personas.class)
class CampaignJourneyBrowserIT {

    static final Path SCREENSHOTS = Path.of("target", "screenshots", "journey");
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final String MANAGER = Personas.BRANCH_MANAGER;
    static final String VALIDATOR = Personas.VALIDATOR;

    private static Chromium browser;
    private static ChromeDriver driver;

    @Autowired
    ApplicationContext context;
    @Autowired
    Personas personas;
    @Autowired
    KitService kits;
    @Autowired
    CampaignService campaigns;

    @BeforeAll
    static void startBrowser(@LocalServerPort int port) throws IOException {
        browser = Chromium.start("archipel-chromium-journey-", port).screenshotsIn(SCREENSHOTS);
        driver = browser.driver();
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.stop();
        }
    }

    @Test
    void aBranchStartsFromAKitFailsACheckFixesItAndGetsItScheduledAfterAReviewRound() throws IOException {
        // ---- HQ's part, through the services: a template reviewed by the region's validators, a kit pushed to LYO-01
        ReviewFixture fixture = new ReviewFixture(context);
        UUID lyon = fixture.branchId("LYO-01");
        UUID template = fixture.newTemplate(new Policies.Policy(Policies.ReviewMode.ALWAYS,
                Policies.Reviewer.TERRITORY_VALIDATORS, 48, Policies.ExpiryAction.ESCALATE_TO_HQ, null,
                EnumSet.allOf(TemplateChannel.class)));
        UUID segment = fixture.segmentId();
        String tag = ReviewFixture.unique();
        String kitName = "Fête des lumières " + tag;
        String kitSubject = "La fête des lumières commence chez Maison Lumière";
        LocalDate today = LocalDate.now(PARIS);
        UUID kit = personas.callAs(Personas.HQ_MARKETER, () -> {
            UUID id = kits.create(kitName, template, "Nos lampes d’exception pour la fête des lumières.");
            long version = kits.saveContent(id, kits.get(id).version(),
                    new Campaigns.Content(kitSubject, null, Map.of(), Map.of()));
            version = kits.update(id, version, kitName, "Nos lampes d’exception pour la fête des lumières.", segment,
                    today.plusDays(1), today.plusDays(15));
            kits.push(id, version, new Availability(Availability.Audience.PILOT, Set.of(), Set.of(lyon), null, null));
            return id;
        });
        List<String> a11y = new ArrayList<>();

        // ---- the branch manager finds the kit: a banner on the campaign list, a card on step 1
        browser.signIn(MANAGER, "/portal");
        inEnglish();
        browser.open("/portal/campaigns");
        WebElement banner = browser.patiently().until(d -> visible(By.id("kits-waiting-text")));
        assertThat(banner.getText()).contains("waiting for you");
        browser.screenshot("campaign-list-with-kit-banner");
        browser.click(By.id("kits-waiting-link"));
        browser.patiently().until(d -> browser.path().equals("/portal/kits"));
        WebElement card = driver.findElement(By.id("kit-" + kit));
        assertThat(card.getText()).contains(kitName, "Nos lampes d’exception", kitSubject, "Suggested audience",
                "From " + day(today.plusDays(1), today) + " to " + day(today.plusDays(15), today));
        a11y.addAll(browser.axeViolations("/portal/kits"));
        browser.screenshot("kits-page");
        browser.narrowScreenshot("kits-page-narrow");
        // the same page in French, then back to English
        switchLanguage("fr");
        assertThat(text(By.tagName("h1"))).isEqualTo("Campagnes clé en main du siège");
        assertThat(driver.findElement(By.id("kit-" + kit)).getText()).contains("Personnaliser cette campagne",
                "Pas pour nous", "Audience proposée");
        browser.screenshot("kits-page-fr");
        switchLanguage("en");

        // a name that is too long is refused, what was typed stays, the message is tied to the field
        String tooLong = "Notre fête des lumières " + "x".repeat(110);
        type(By.id("kit-name-" + kit), tooLong);
        browser.click(By.cssSelector("#kit-" + kit + " .kit-start"));
        WebElement nameError = browser.patiently().until(d -> visible(By.id("kit-name-" + kit + "-error")));
        assertThat(nameError.getText()).isEqualTo("At most 120 characters.");
        assertThat(driver.findElement(By.id("kit-name-" + kit)).getDomProperty("value")).isEqualTo(tooLong);
        assertThat(driver.findElement(By.id("kit-name-" + kit)).getDomAttribute("aria-describedby"))
                .isEqualTo("kit-name-" + kit + "-error");
        a11y.addAll(browser.axeViolations("/portal/kits/{kitId}/start (name too long)"));

        // step 1 of a new campaign shows the kit next to the templates; personalise it
        browser.open("/portal/campaigns");
        browser.click(By.id("new-campaign"));
        browser.patiently().until(d -> browser.path().equals("/portal/campaigns/new"));
        WebElement choice = browser.patiently().until(d -> visible(By.id("kit-" + kit)));
        assertThat(driver.findElement(By.id("kit-choices")).getText()).contains("Kits from headquarters");
        assertThat(choice.getText()).contains(kitName, "Personalise this kit");
        a11y.addAll(browser.axeViolations("/portal/campaigns/new (with a kit)"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block:'start', behavior:'instant'})",
                driver.findElement(By.id("kit-choices")));
        browser.screenshot("step1-with-kit");
        browser.narrowScreenshot("step1-with-kit-narrow", By.id("kit-" + kit));
        String campaignName = "Fête des lumières Part-Dieu " + tag;
        type(By.id("kit-name-" + kit), campaignName);
        browser.click(By.cssSelector("#kit-" + kit + " .kit-start"));
        browser.patiently().until(d -> browser.path().endsWith("/content"));
        UUID campaign = UUID.fromString(browser.path().split("/")[3]);
        assertThat(text(By.cssSelector(".alert-success"))).contains("Kit copied into your new campaign");
        assertThat(text(By.id("kit-origin"))).isEqualTo("Started from the kit “" + kitName + "”");
        assertThat(driver.findElement(By.id("f-subject")).getDomProperty("value")).isEqualTo(kitSubject);
        assertThat(text(By.id("campaign-name"))).isEqualTo(campaignName);
        browser.screenshot("step2-from-kit");

        // ---- personalise: a merge field without fallback breaks the network's charter, next to the field
        long first = version();
        type(By.id("f-subject"), "{{contact.firstName}}, la fête des lumières commence");
        browser.patiently().withMessage(() -> "the autosave should report the missing fallback next to the subject")
                .until(d -> text(By.id("p-subject")).contains("has no fallback"));
        assertThat(version()).isGreaterThan(first);
        assertThat(text(By.id("campaign-checks"))).contains("to fix");
        browser.screenshot("step2-compliance-finding");

        // audience: the kit's suggestion is chosen; confirm it and go on
        browser.click(By.id("to-audience"));
        browser.patiently().until(d -> browser.path().endsWith("/audience"));
        assertThat(driver.findElement(By.id("seg-" + segment)).isSelected()).as("the kit's segment").isTrue();
        browser.click(By.cssSelector("label[for='seg-" + segment + "']"));
        browser.patiently().until(d -> !text(By.id("recipient-count")).isBlank());
        browser.click(By.id("to-schedule"));
        browser.patiently().until(d -> browser.path().endsWith("/schedule"));

        // schedule: the kit's window suggests its first day at 10:00; choose another day, submit → refused
        assertThat(driver.findElement(By.id("when-later")).isSelected()).isTrue();
        assertThat(driver.findElement(By.id("send-date")).getDomProperty("value"))
                .isEqualTo(today.plusDays(1).toString());
        LocalDate sendDay = today.plusDays(4);
        setValue("send-date", sendDay.toString());
        setValue("send-time", "09:30");
        browser.click(By.id("submit-campaign"));
        WebElement refused = browser.patiently().until(d -> visible(By.id("submit-refused")));
        assertThat(refused.getText()).contains("Not submitted", "has no fallback");
        browser.screenshot("submission-refused");
        assertThat(details(campaign).status()).isEqualTo(CampaignStatus.DRAFT);

        // fix it from the refusal's link, then submit
        browser.click(By.cssSelector("#submit-refused a[href*='/content']"));
        browser.patiently().until(d -> browser.path().endsWith("/content"));
        long refusedVersion = version();
        type(By.id("f-subject"), "{{contact.firstName|cher client}}, la fête des lumières commence");
        browser.patiently().withMessage(() -> "the fixed subject should autosave without a finding")
                .until(d -> version() > refusedVersion && text(By.id("p-subject")).isBlank());
        assertThat(text(By.id("campaign-checks"))).contains("All checks pass");
        goToStep("schedule");
        assertThat(driver.findElement(By.id("send-date")).getDomProperty("value")).isEqualTo(sendDay.toString());
        assertThat(driver.findElement(By.id("send-time")).getDomProperty("value")).isEqualTo("09:30");
        assertThat(text(By.id("what-next"))).contains("reviewed by the validators of", "It will be sent on",
                DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(Locale.ENGLISH).format(sendDay));
        browser.click(By.id("submit-campaign"));
        browser.patiently().until(d -> browser.path().equals("/portal/campaigns/" + campaign));
        assertThat(text(By.cssSelector(".page-header .campaign-status"))).isEqualTo("In review");
        assertThat(text(By.cssSelector(".alert-success"))).contains("is submitted");
        browser.screenshot("submitted");

        // ---- the ARA validator asks for a change
        String comment = "Merci d’indiquer l’ouverture exceptionnelle du dimanche dans l’objet.";
        browser.signIn(VALIDATOR, "/hq/reviews");
        inEnglish();
        browser.click(By.linkText(campaignName));
        browser.patiently().until(d -> browser.path().equals("/hq/reviews/" + campaign));
        assertThat(text(By.id("changes"))).contains("cher client");
        type(By.id("changes-comment"), comment);
        browser.screenshot("review-request-changes");
        browser.click(By.id("request-changes"));
        browser.patiently().until(d -> browser.path().equals("/hq/reviews"));
        assertThat(text(By.cssSelector(".alert-success"))).contains("Changes requested on “" + campaignName + "”");

        // ---- the branch reads the comment, edits, resubmits
        browser.signIn(MANAGER, "/portal");
        inEnglish();
        browser.open("/portal/campaigns");
        WebElement row = driver.findElement(By.xpath("//tr[.//a[normalize-space()='" + campaignName + "']]"));
        assertThat(row.getText()).contains("Changes requested", "See the changes asked");
        browser.clickElement(row.findElement(By.linkText("See the changes asked")));
        browser.patiently().until(d -> browser.path().equals("/portal/campaigns/" + campaign));
        assertThat(text(By.id("changes-requested"))).contains("The reviewer asks for changes", comment);
        assertThat(text(By.id("campaign-timeline"))).contains("Changes requested", comment);
        assertThat(text(By.id("kit-origin"))).contains(kitName);
        browser.screenshot("changes-requested");
        browser.click(By.id("edit-resubmit"));
        browser.patiently().until(d -> browser.path().endsWith("/content"));
        long sentBack = version();
        type(By.id("f-subject"), "{{contact.firstName|cher client}}, la fête des lumières : ouvert dimanche");
        browser.patiently().withMessage(() -> "the edited subject should autosave")
                .until(d -> version() > sentBack && text(By.id("p-subject")).isBlank());
        goToStep("schedule");
        browser.click(By.id("submit-campaign"));
        browser.patiently().until(d -> browser.path().equals("/portal/campaigns/" + campaign));
        assertThat(text(By.cssSelector(".page-header .campaign-status"))).isEqualTo("In review");

        // ---- the validator approves
        browser.signIn(VALIDATOR, "/hq/reviews");
        inEnglish();
        browser.open("/hq/reviews/" + campaign);
        assertThat(text(By.id("changes"))).contains("ouvert dimanche");
        browser.click(By.id("approve"));
        browser.patiently().until(d -> browser.path().equals("/hq/reviews"));
        assertThat(text(By.cssSelector(".alert-success"))).contains("is approved");

        // ---- the branch sees it scheduled, with its date
        browser.signIn(MANAGER, "/portal");
        inEnglish();
        browser.open("/portal/campaigns/" + campaign);
        String sendDate = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(Locale.ENGLISH)
                .format(sendDay);
        assertThat(text(By.cssSelector(".page-header .campaign-status"))).isEqualTo("Scheduled");
        assertThat(text(By.id("campaign-send-at"))).contains(sendDate);
        assertThat(text(By.id("campaign-timeline"))).contains("Approved");
        browser.screenshot("scheduled");
        browser.open("/portal/campaigns");
        WebElement scheduledRow = driver.findElement(By.xpath("//tr[.//a[normalize-space()='" + campaignName
                + "']]"));
        assertThat(scheduledRow.getText()).contains("Scheduled", sendDate);
        browser.screenshot("campaign-list-scheduled");

        // what the services hold: scheduled at 09:30 Paris on the chosen day; HQ sees the kit used by LYO-01
        Campaigns.Details done = details(campaign);
        assertThat(done.status()).isEqualTo(CampaignStatus.SCHEDULED);
        assertThat(done.summary().sendAt()).isEqualTo(sendDay.atTime(LocalTime.of(9, 30)).atZone(PARIS).toInstant());
        assertThat(done.kitId()).isEqualTo(kit);
        Kits.BranchProgress progress = personas.callAs(Personas.HQ_MARKETER, () -> kits.progress(kit)).stream()
                .filter(p -> p.branchId().equals(lyon)).findFirst().orElseThrow();
        assertThat(progress.state()).isEqualTo(Kits.BranchState.USED);
        assertThat(progress.campaignStatus()).isEqualTo(CampaignStatus.SCHEDULED);

        assertThat(a11y).as("serious or critical accessibility violations on the kit pages").isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private Campaigns.Details details(UUID campaignId) {
        return personas.callAs(Personas.HQ_ADMIN, () -> campaigns.get(campaignId));
    }

    private static String day(LocalDate date, LocalDate today) {
        return DateTimeFormatter.ofPattern(date.getYear() == today.getYear() ? "d MMMM" : "d MMMM yyyy",
                Locale.ENGLISH).format(date);
    }

    /** The optimistic-lock version the editor holds (updated by each autosave). */
    private long version() {
        return Long.parseLong(driver.findElement(By.id("campaign-version")).getDomProperty("value"));
    }

    private void goToStep(String step) {
        browser.click(By.cssSelector(".wizard-steps a[href$='/" + step + "']"));
        browser.patiently().until(d -> browser.path().endsWith("/" + step));
    }

    /** Other tests may have left the persona in French: the header switch brings English back. */
    private void inEnglish() {
        switchLanguage("en");
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

    private static String text(By by) {
        List<WebElement> found = driver.findElements(by);
        return found.isEmpty() ? "" : found.get(0).getText().strip();
    }

    /** Replaces the text of a field the way a person does (select all, type). */
    private void type(By by, String value) {
        WebElement field = driver.findElement(by);
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block:'center', behavior:'instant'})",
                field);
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        field.sendKeys(value);
    }

    /** Date and time inputs take their value in the ISO form through script (typing depends on the browser's locale). */
    private void setValue(String id, String value) {
        ((JavascriptExecutor) driver).executeScript("const f = document.getElementById(arguments[0]);"
                + "f.value = arguments[1]; f.dispatchEvent(new Event('input', {bubbles: true}));"
                + "f.dispatchEvent(new Event('change', {bubbles: true}));", id, value);
    }
}
