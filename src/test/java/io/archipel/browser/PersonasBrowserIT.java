package io.archipel.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.archipel.support.Chromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A real browser (headless Chromium) drives Archipel the way people do: every demo persona signs in through the form,
 * lands in their area and switches language with the header switch; then the HQ admin creates a branch and a branch
 * manager for it, who signs in and lands on the portal. Screenshots go to {@code target/screenshots/}.
 * <p>
 * Runs in {@code mvn verify} (failsafe). Needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}
 * ({@code apt-get install chromium chromium-driver}; {@code .ci/run} installs them); without them it fails, it does
 * not skip. Other paths: {@code -Darchipel.browser.chromium=...}, {@code -Darchipel.browser.chromedriver=...}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PersonasBrowserIT {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /** Demo persona → the area path they land on after login. */
    static final Map<String, String> PERSONAS = new java.util.LinkedHashMap<>();

    static {
        PERSONAS.put("ops@archipel.example", "/platform");
        PERSONAS.put("admin@maison-lumiere.example", "/hq");
        PERSONAS.put("marketing@maison-lumiere.example", "/hq");
        PERSONAS.put("validation.ara@maison-lumiere.example", "/hq/reviews");
        PERSONAS.put("lyon.partdieu@maison-lumiere.example", "/portal");
        PERSONAS.put("nice@maison-lumiere.example", "/portal");
        PERSONAS.put("direction@maison-lumiere.example", "/insights");
        PERSONAS.put("direction.sud@maison-lumiere.example", "/insights");
    }

    private static Chromium browser;
    private static ChromeDriver driver;

    @org.springframework.beans.factory.annotation.Autowired
    io.archipel.brand.TemplateService templates;
    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.security.core.userdetails.UserDetailsService users;
    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.context.ApplicationContext context;

    @BeforeAll
    static void startBrowser(@LocalServerPort int port) throws IOException {
        browser = Chromium.start("archipel-chromium-", port).screenshotsIn(SCREENSHOTS);
        driver = browser.driver();
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.stop();
        }
    }

    @BeforeEach
    void freshWindow() {
        driver.manage().window().setSize(Chromium.WINDOW);
    }

    @Test
    void everyPersonaSignsInLandsInTheirAreaAndSwitchesLanguage() {
        browser.open("/login");
        browser.screenshot("login");
        browser.narrowScreenshot("login-narrow");
        for (var persona : PERSONAS.entrySet()) {
            browser.signIn(persona.getKey(), persona.getValue());
            String name = persona.getKey().substring(0, persona.getKey().indexOf('@'));
            browser.screenshot(name + "-landing");
            assertThat(driver.findElements(By.tagName("h1"))).as("one <h1> on " + browser.path()).hasSize(1);
            assertThat(driver.findElements(By.cssSelector(".error-card")))
                    .as(persona.getKey() + "'s landing page " + browser.path() + " opens, not an error page").isEmpty();

            String before = browser.htmlLang();
            String target = "fr".equals(before) ? "en" : "fr";
            languageButton(target.toUpperCase()).click();
            browser.patiently().until(d -> target.equals(browser.htmlLang()));
            assertThat(browser.path()).as("the language switch returns to the same page").isEqualTo(persona.getValue());
            browser.screenshot(name + "-" + target);
            if (persona.getKey().startsWith("admin@")) {
                browser.narrowScreenshot(name + "-narrow");
            }
            signOut();
        }
    }

    @Test
    void theHqAdminCreatesABranchAndItsManagerWhoThenSignsInToThePortal() {
        String tag = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        String branchName = "Maison Lumière Browser " + tag;
        browser.signIn("admin@maison-lumiere.example", "/hq");

        browser.open("/hq/branches/new");
        fill("code", "BRW-" + tag);
        fill("name", branchName);
        chooseFirstRealOption("territoryId");
        fill("addressLine1", "5 place Bellecour");
        fill("addressLine2", "");
        fill("postalCode", "69002");
        fill("city", "Lyon");
        fill("countryCode", "FR");
        fill("phone", "+33 4 78 00 00 00");
        fill("email", "browser-" + tag.toLowerCase() + "@maison-lumiere.example");
        fill("openingHours", "Lun–Sam 10:00–19:00");
        fill("timeZone", "Europe/Paris");
        fill("senderName", branchName);
        browser.screenshot("branch-form");
        browser.click(By.id("save"));
        browser.patiently().until(d -> !browser.path().endsWith("/new"));
        assertThat(browser.path()).startsWith("/hq/branches");
        browser.open("/hq/branches");
        assertThat(driver.getPageSource()).contains(branchName);
        browser.screenshot("branch-list");

        String managerEmail = "browser-manager-" + tag.toLowerCase() + "@maison-lumiere.example";
        browser.open("/hq/users/new");
        fill("displayName", "Browser Manager " + tag);
        fill("email", managerEmail);
        fill("role", "BRANCH_MANAGER");
        fill("scopeType", "BRANCHES");
        checkBranch(branchName);
        fill("password", "Browser-Pass-2026");
        browser.screenshot("user-form");
        browser.click(By.id("save"));
        browser.patiently().until(d -> !browser.path().endsWith("/new"));
        assertThat(browser.path()).startsWith("/hq/users");
        browser.open("/hq/users");
        assertThat(driver.getPageSource()).contains(managerEmail);
        browser.screenshot("user-list");
        signOut();

        browser.open("/login");
        driver.findElement(By.id("username")).sendKeys(managerEmail);
        driver.findElement(By.id("password")).sendKeys("Browser-Pass-2026");
        driver.findElement(By.cssSelector("form[action$='/login'] button[type=submit]")).click();
        browser.patiently().until(d -> "/portal".equals(browser.path()));
        browser.screenshot("new-manager-portal");
        assertThat(driver.findElements(By.cssSelector(".error-card"))).as("the portal opens, not an error page")
                .isEmpty();
    }

    /** Key pages of every area, as their users see them, audited by axe-core (WCAG 2.1 A/AA rules). */
    @Test
    void keyPagesHaveNoSeriousAccessibilityViolations() throws IOException {
        Map<String, List<String>> pagesByPersona = new java.util.LinkedHashMap<>();
        pagesByPersona.put("ops@archipel.example", List.of("/platform", "/platform/tenants/new"));
        pagesByPersona.put("admin@maison-lumiere.example", List.of("/hq", "/hq/territories", "/hq/territories/new",
                "/hq/branches", "/hq/branches/new", "/hq/users", "/hq/users/new", "/insights",
                "/hq/api-keys", "/hq/api-keys/new", "/hq/sending"));
        pagesByPersona.put("marketing@maison-lumiere.example", List.of("/hq/assets", "/hq/brand", "/hq/templates",
                "/hq/templates/new", "/hq/mail-sandbox", "/hq/contacts", "/hq/contacts/suppression",
                "/hq/segments", "/hq/segments/new", "/hq/segments/policy", "/hq/attributes", "/hq/imports",
                "/hq/compliance", "/hq/compliance/new", "/hq/policies", "/hq/kits", "/hq/kits/new",
                "/hq/kits/" + demoKit(), "/hq/kits/" + demoKit() + "/content", "/hq/campaigns"));
        pagesByPersona.put("validation.ara@maison-lumiere.example", List.of("/hq/reviews"));
        pagesByPersona.put("lyon.partdieu@maison-lumiere.example", List.of("/portal", "/portal/templates",
                "/portal/contacts", "/portal/contacts/new", "/portal/segments", "/portal/imports",
                "/portal/kits", "/portal/gallery",
                // ---- insights rollups (helper R)
                "/portal/results"));
        pagesByPersona.put("direction.sud@maison-lumiere.example", List.of("/insights",
                "/insights/performance")); // insights dashboards (helper D)
        // ---- steering (helper O): objectives, budgets and adoption, with their forms for the HQ admin
        java.util.function.BinaryOperator<List<String>> both = (a, b) -> java.util.stream.Stream.concat(a.stream(),
                b.stream()).toList();
        pagesByPersona.merge("admin@maison-lumiere.example", List.of("/insights/objectives",
                "/insights/objectives/new", "/insights/budgets", "/insights/budgets/new", "/insights/adoption"), both);
        pagesByPersona.merge("direction.sud@maison-lumiere.example", List.of("/insights/objectives",
                "/insights/budgets", "/insights/adoption"), both);
        // ---- end steering

        List<String> problems = new ArrayList<>();
        signOut();
        browser.open("/login");
        problems.addAll(browser.axeViolations("/login"));
        for (var entry : pagesByPersona.entrySet()) {
            browser.signIn(entry.getKey(), PERSONAS.get(entry.getKey()));
            for (String page : entry.getValue()) {
                browser.open(page);
                problems.addAll(browser.axeViolations(page));
            }
        }
        // a form sent back with errors: the messages must be tied to their fields
        browser.signIn("admin@maison-lumiere.example", "/hq");
        browser.open("/hq/branches/new");
        browser.click(By.id("save"));
        browser.patiently().until(d -> !d.findElements(By.cssSelector(".is-invalid")).isEmpty());
        problems.addAll(browser.axeViolations("/hq/branches/new (with errors)"));

        assertThat(problems).as("serious or critical accessibility violations").isEmpty();
    }

    /** The SMS template editor, as opened and after an autosave that reports a problem next to its field. */
    @Test
    void smsTemplateEditorHasNoSeriousAccessibilityViolations() throws IOException {
        UUID id = newTemplateAsMarketer(io.archipel.brand.TemplateChannel.SMS, "Axe SMS ");
        browser.open("/hq/templates/" + id + "/sms");
        List<String> problems = new ArrayList<>(browser.axeViolations("/hq/templates/{templateId}/sms"));
        ((JavascriptExecutor) driver).executeScript("const f = document.getElementById('sms-optout'); f.value = '';"
                + "f.dispatchEvent(new Event('input', {bubbles: true}));");
        browser.patiently().until(d -> !d.findElement(By.id("sms-optout-problems")).getText().isBlank());
        problems.addAll(browser.axeViolations("/hq/templates/{templateId}/sms (with a problem)"));
        assertThat(problems).as("serious or critical accessibility violations").isEmpty();
    }

    /** Locked-block propagation: the branch's notice on its campaign and HQ's report on the template page. */
    @Test
    void templateUpdateNoticesHaveNoSeriousAccessibilityViolations() throws IOException {
        UUID tenantId = ((io.archipel.identity.ArchipelUser) users.loadUserByUsername(
                "marketing@maison-lumiere.example")).tenantId();
        var ids = new java.util.concurrent.atomic.AtomicReference<UUID[]>();
        io.archipel.tenancy.TenantContext.runAsSystem(tenantId, () -> ids.set(propagatedCampaign()));
        browser.signIn("lyon.partdieu@maison-lumiere.example", "/portal");
        browser.open("/portal/campaigns/" + ids.get()[1]);
        browser.patiently().until(d -> !d.findElements(By.id("template-update")).isEmpty());
        List<String> problems = new ArrayList<>(
                browser.axeViolations("/portal/campaigns/{campaignId} (template update)"));
        browser.screenshot("portal-template-update");
        browser.narrowScreenshot("portal-template-update-narrow");
        browser.signIn("marketing@maison-lumiere.example", "/hq");
        browser.open("/hq/templates/" + ids.get()[0]);
        problems.addAll(browser.axeViolations("/hq/templates/{templateId} (template updates)"));
        browser.screenshot("hq-template-updates");
        assertThat(problems).as("serious or critical accessibility violations").isEmpty();
    }

    /** As system: a template, a LYO-01 draft with its own texts, then v2 with a new locked mention (the draft moves). */
    private UUID[] propagatedCampaign() {
        var ctx = templates;
        var campaignService = context.getBean(io.archipel.campaign.CampaignService.class);
        var lyon = context.getBean(io.archipel.tenancy.BranchService.class).search("LYO-01", null).get(0).id();
        UUID id = ctx.create(io.archipel.brand.TemplateChannel.EMAIL, "Axe propagation " + UUID.randomUUID(),
                io.archipel.brand.TemplateCategory.NEWSLETTER, "");
        var text = new io.archipel.brand.BlockConstraints(false, 500,
                java.util.EnumSet.of(io.archipel.brand.TextFormatting.BOLD), null, List.of());
        var content = new io.archipel.brand.EmailTemplateContent(
                new io.archipel.brand.LockableText("Nos nouvelles lampes", false, true, 120),
                io.archipel.brand.LockableText.locked(""), List.of(
                        new io.archipel.brand.TemplateBlock("hdr", io.archipel.brand.BlockType.HEADER, true, null, Map.of()),
                        new io.archipel.brand.TemplateBlock("head", io.archipel.brand.BlockType.HEADING, false, null,
                                Map.of("text", "Les nouveautés")),
                        new io.archipel.brand.TemplateBlock("extra", io.archipel.brand.BlockType.RICH_TEXT, false, text,
                                Map.of("html", "<p>Un mot de plus.</p>")),
                        new io.archipel.brand.TemplateBlock("legal", io.archipel.brand.BlockType.RICH_TEXT, true, null,
                                Map.of("html", "<p>Offre valable en 2026.</p>")),
                        new io.archipel.brand.TemplateBlock("foot", io.archipel.brand.BlockType.LEGAL_FOOTER, true, null,
                                Map.of())));
        long v = ctx.saveEmailDraft(id, ctx.get(id).version(), content).version();
        ctx.publish(id, v, io.archipel.brand.Availability.NETWORK);
        UUID campaign = campaignService.createFromTemplate(lyon, id, "Soldes d’hiver " + UUID.randomUUID());
        campaignService.saveContent(campaign, campaignService.get(campaign).version(),
                new io.archipel.campaign.Campaigns.Content("Nos nouvelles lampes", null, Map.of(
                        "head", Map.of("text", "Soldes d’hiver à Lyon"),
                        "extra", Map.of("html", "<p>Parking offert samedi</p>")), Map.of()));
        var next = content.withBlockRemoved("extra").withBlockReplaced(content.block("legal").orElseThrow()
                .withContent(Map.of("html", "<p>Offre valable jusqu’au 31 janvier 2027.</p>")));
        ctx.publish(id, ctx.saveEmailDraft(id, ctx.get(id).version(), next).version(),
                io.archipel.brand.Availability.NETWORK);
        return new UUID[] {id, campaign};
    }

    // ------------------------------------------------------------------------------------------------------------

    /** The e-mail template editor, as opened and after an autosave that reports a problem next to its field. */
    @Test
    void emailTemplateEditorHasNoSeriousAccessibilityViolations() throws IOException {
        UUID id = newTemplateAsMarketer(io.archipel.brand.TemplateChannel.EMAIL, "Axe e-mail ");
        browser.open("/hq/templates/" + id + "/email");
        List<String> problems = new ArrayList<>(browser.axeViolations("/hq/templates/{templateId}/email"));
        // a locked, empty subject is a problem: the autosave shows it next to the field
        ((JavascriptExecutor) driver).executeScript("const s = document.getElementById('f-subject-editable');"
                + "s.checked = false; s.dispatchEvent(new Event('change', {bubbles: true}));"
                + "const f = document.getElementById('f-subject'); f.value = '';"
                + "f.dispatchEvent(new Event('input', {bubbles: true}));");
        browser.patiently().until(d -> !d.findElement(By.id("p-subject")).getText().isBlank());
        problems.addAll(browser.axeViolations("/hq/templates/{templateId}/email (with a problem)"));
        // the template's overview and publish pages (they need a template, so they are not in the shared list)
        browser.open("/hq/templates/" + id);
        problems.addAll(browser.axeViolations("/hq/templates/{templateId}"));
        browser.open("/hq/templates/" + id + "/publish");
        problems.addAll(browser.axeViolations("/hq/templates/{templateId}/publish"));
        assertThat(problems).as("serious or critical accessibility violations").isEmpty();
    }

    /** The branch's campaign wizard: the list, step 1, then steps 2 to 4 and the page of a campaign made through it. */
    @Test
    void portalCampaignWizardHasNoSeriousAccessibilityViolations() throws IOException {
        browser.signIn("lyon.partdieu@maison-lumiere.example", "/portal");
        List<String> problems = new ArrayList<>();
        browser.open("/portal/campaigns");
        problems.addAll(browser.axeViolations("/portal/campaigns"));
        browser.open("/portal/campaigns/new");
        problems.addAll(browser.axeViolations("/portal/campaigns/new"));
        browser.clickElement(driver.findElement(By.xpath("//div[contains(@class,'template-choice')]"
                + "[.//span[contains(@class,'template-choice-title') and normalize-space()=\"Soldes d'hiver\"]]//label")));
        driver.findElement(By.id("campaign-name-input")).sendKeys("Axe campaign " + UUID.randomUUID());
        browser.click(By.id("create-campaign"));
        browser.patiently().until(d -> browser.path().endsWith("/content"));
        String base = browser.path().substring(0, browser.path().length() - "/content".length());
        problems.addAll(browser.axeViolations("/portal/campaigns/{campaignId}/content"));
        browser.screenshot("portal-campaign-content");
        browser.open(base + "/audience");
        problems.addAll(browser.axeViolations("/portal/campaigns/{campaignId}/audience"));
        browser.open(base + "/schedule");
        problems.addAll(browser.axeViolations("/portal/campaigns/{campaignId}/schedule"));
        browser.open(base);
        problems.addAll(browser.axeViolations("/portal/campaigns/{campaignId}"));
        assertThat(problems).as("serious or critical accessibility violations").isEmpty();
    }

    /**
     * The brand studio end to end: a marketer builds a template with a locked header, an editable text of at most 300
     * characters and an editable hero image restricted to a library tag, previews it at mobile width, publishes it to
     * the pilot region ARA; the Nice manager (PACA) does not see it, the Lyon manager (ARA) does.
     */
    @Test
    void aMarketerBuildsAPilotTemplateThatOnlyBranchesOfTheRegionSee(
            @org.springframework.beans.factory.annotation.Autowired io.archipel.brand.AssetLibrary assets,
            @org.springframework.beans.factory.annotation.Autowired io.archipel.tenancy.TerritoryService territories) {
        String marketer = "marketing@maison-lumiere.example";
        UUID tenantId = ((io.archipel.identity.ArchipelUser) users.loadUserByUsername(marketer)).tenantId();
        String tag = "winter" + UUID.randomUUID().toString().substring(0, 6);
        var ids = new java.util.concurrent.ConcurrentHashMap<String, UUID>();
        io.archipel.tenancy.TenantContext.runAsSystem(tenantId, () -> {
            byte[] tagged = png(0x1d4ed8);
            byte[] other = png(0xaa3300);
            UUID taggedId = assets.upload(tag + "-hero.png", tagged.length, () -> tagged).assetId();
            assets.update(taggedId, assets.get(taggedId).version(), tag + " hero", List.of(tag));
            ids.put("tagged", taggedId);
            ids.put("other", assets.upload(tag + "-other.png", other.length, () -> other).assetId());
            ids.put("ara", territories.visibleTree().stream().filter(t -> "ARA".equals(t.code())).findFirst()
                    .orElseThrow().id());
        });
        String name = "Winter pilot " + tag;

        browser.signIn(marketer, PERSONAS.get(marketer));
        browser.open("/hq/templates/new");
        browser.click(By.cssSelector("label[for='channel-EMAIL'], #channel-EMAIL"));
        fill("name", name);
        fill("category", "SEASONAL");
        browser.click(By.xpath("//input[@name='name']/ancestor::form//button[@type='submit']"));
        browser.patiently().until(d -> browser.path().endsWith("/email"));
        UUID templateId = UUID.fromString(browser.path().split("/")[3]);

        // the header is always locked; the text stays editable with at most 300 characters
        WebElement header = block("HEADER");
        assertThat(header.findElements(By.cssSelector("input[data-lock-switch]"))).isEmpty();
        WebElement text = block("RICH_TEXT");
        assertThat(text.findElement(By.cssSelector("input[data-lock-switch]")).isSelected()).isTrue();
        browser.clickElement(text.findElement(By.cssSelector("details.rules > summary")));
        WebElement max = text.findElement(By.cssSelector("input[name$='.maxLength']"));
        max.clear();
        max.sendKeys("300");
        // the hero image: only images tagged for the campaign, this one chosen, with its alternative text
        WebElement hero = block("HERO_IMAGE");
        browser.clickElement(hero.findElement(By.cssSelector("details.rules > summary")));
        new Select(hero.findElement(By.cssSelector("select[name$='.imageTag']"))).selectByValue(tag);
        browser.clickElement(hero.findElement(By.cssSelector("details.image-picker > summary")));
        WebElement untagged = hero.findElement(By.cssSelector("input[type=radio][value='" + ids.get("other") + "']"))
                .findElement(By.xpath("./ancestor::label"));
        assertThat(untagged.isDisplayed()).as("an untagged image is offered: " + untagged.getDomAttribute("hidden")
                + " tags=" + untagged.getDomAttribute("data-tags") + " select=" + hero.findElement(By.cssSelector(
                "select[name$='.imageTag']")).getDomProperty("value")).isFalse();
        browser.clickElement(hero.findElement(By.cssSelector("input[type=radio][value='" + ids.get("tagged") + "']"))
                .findElement(By.xpath("./ancestor::label")));
        WebElement alt = hero.findElement(By.cssSelector("input[name$='.content[alt]']"));
        alt.sendKeys("Winter collection");
        browser.patiently().withMessage("the autosave should store the rules").until(d -> {
            io.archipel.brand.Templates.Details t = io.archipel.tenancy.TenantContext.callAs(tenantId,
                    () -> asMarketer(marketer, () -> templates.get(templateId)));
            return t.email().blocks().stream().anyMatch(b -> b.type() == io.archipel.brand.BlockType.RICH_TEXT
                    && Integer.valueOf(300).equals(b.constraints().maxLength()))
                    && t.email().blocks().stream().anyMatch(b -> b.type() == io.archipel.brand.BlockType.HERO_IMAGE
                    && tag.equals(b.constraints().imageTag())
                    && ids.get("tagged").toString().equals(b.value(io.archipel.brand.BlockField.IMAGE))
                    && "Winter collection".equals(b.value(io.archipel.brand.BlockField.ALT)));
        });

        // preview at mobile width: the frame narrows and shows the image chosen from the library
        browser.click(By.cssSelector("label[for='preview-mobile']"));
        WebElement frame = driver.findElement(By.id("email-preview-frame"));
        browser.patiently().until(d -> frame.getSize().getWidth() <= 420);
        browser.patiently().withMessage("the preview should show the chosen image").until(d -> {
            d.switchTo().frame(frame);
            try {
                return !d.findElements(By.cssSelector("img[alt='Winter collection']")).isEmpty();
            } finally {
                d.switchTo().defaultContent();
            }
        });
        browser.screenshot("template-editor-mobile-preview");

        // publish to the pilot region ARA
        browser.open("/hq/templates/" + templateId + "/publish");
        browser.click(By.cssSelector("label[for='audience-PILOT'], #audience-PILOT"));
        WebElement ara = driver.findElement(By.id("territory-" + ids.get("ara")));
        if (!ara.isSelected()) {
            ((JavascriptExecutor) driver).executeScript("arguments[0].click();", ara);
        }
        browser.click(By.id("availability-submit"));
        browser.patiently().until(d -> browser.path().equals("/hq/templates/" + templateId));
        assertThat(driver.findElement(By.id("template-status")).getText()).contains("1");
        browser.screenshot("template-published-to-pilot");

        // Nice (PACA) is outside the pilot: the template is neither listed nor reachable
        browser.signIn("nice@maison-lumiere.example", "/portal");
        browser.open("/portal/templates");
        assertThat(driver.findElement(By.tagName("main")).getText()).doesNotContain(name);
        browser.open("/portal/templates/" + templateId);
        assertThat(driver.findElement(By.tagName("main")).getText()).doesNotContain(name);
        assertThat(driver.findElement(By.tagName("h1")).getText()).doesNotContain(name);

        // Lyon (ARA) is inside: listed, and its preview opens
        browser.signIn("lyon.partdieu@maison-lumiere.example", "/portal");
        browser.open("/portal/templates");
        assertThat(driver.findElement(By.tagName("main")).getText()).contains(name);
        browser.open("/portal/templates/" + templateId);
        assertThat(driver.findElement(By.tagName("h1")).getText()).contains(name);
        assertThat(driver.findElements(By.cssSelector("iframe[sandbox]"))).hasSize(1);
        browser.screenshot("portal-pilot-template");
    }

    /**
     * The LYO-01 manager imports a French Excel file (Windows-1252, semicolons, dd/mm/yyyy, accents, a few bad rows):
     * the detected format is shown in plain words, they map the columns (changing some), state the lawful basis of
     * the consent column, start, watch the progress reach the report, read the counts and download the rejected rows
     * with their reason. The mapping and report pages are audited by axe too.
     */
    @Test
    void aBranchManagerImportsAFrenchExcelFileAndDownloadsTheRejectedRows() throws IOException {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        StringBuilder csv = new StringBuilder("Nom;Prénom;E-mail;Téléphone;Date de naissance;Ville;Opt-in e-mail\r\n");
        csv.append("Dupré;Hélène;helene.").append(tag).append("@example.com;06 12 34 56 78;09/03/1985;Lyon;oui\r\n");
        csv.append("Lefèvre;François;francois.").append(tag).append("@example.com;;31/12/1990;Villeurbanne;non\r\n");
        csv.append("Mauvais;Courriel;pas-une-adresse-").append(tag).append(";;01/01/2000;Lyon;oui\r\n");
        csv.append("Date;Impossible;date.").append(tag).append("@example.com;;31/02/1990;Lyon;oui\r\n");
        for (int i = 0; i < 1500; i++) {
            csv.append("Élève").append(i).append(";Zoé;eleve").append(i).append('.').append(tag)
                    .append("@example.com;;15/06/1992;Saint-Étienne;oui\r\n");
        }
        Path file = Files.createTempFile("clients-excel-", ".csv");
        Files.write(file, csv.toString().getBytes(java.nio.charset.Charset.forName("windows-1252")));
        try {
            browser.signIn("lyon.partdieu@maison-lumiere.example", "/portal");
            browser.open("/portal/imports");
            if (!"en".equals(browser.htmlLang())) {
                // the language chosen in an earlier test may still be this browser's
                languageButton("EN").click();
                browser.patiently().until(d -> "en".equals(browser.htmlLang()));
            }
            browser.screenshot("import-upload");
            driver.findElement(By.id("import-file")).sendKeys(file.toAbsolutePath().toString());
            browser.click(By.id("import-upload-submit"));
            browser.patiently().until(d -> browser.path().matches("/portal/imports/[0-9a-f-]{36}"));
            String importPath = browser.path();
            String format = driver.findElement(By.id("import-format-summary")).getText();
            assertThat(format).contains("Windows-1252").contains("semicolons");
            assertThat(driver.findElement(By.tagName("main")).getText()).contains("Hélène").contains("Téléphone");

            // map: the phone column is not wanted, the consent column is the e-mail opt-in
            String[] wanted = {"LAST_NAME", "FIRST_NAME", "EMAIL", "IGNORE", "BIRTH_DATE", "CITY", "EMAIL_CONSENT"};
            int changed = 0;
            for (int i = 0; i < wanted.length; i++) {
                Select select = new Select(driver.findElement(By.id("col-" + i)));
                if (!wanted[i].equals(select.getFirstSelectedOption().getDomProperty("value"))) {
                    select.selectByValue(wanted[i]);
                    changed++;
                }
            }
            assertThat(changed).as("the phone column was suggested as mobile and is changed").isPositive();
            WebElement consent = driver.findElement(By.id("consent-section"));
            browser.patiently().until(d -> consent.isDisplayed());
            driver.findElement(By.id("lawfulBasis")).sendKeys("Formulaire carte de fidélité signé en magasin");
            browser.screenshot("import-mapping");
            List<String> problems = new ArrayList<>(browser.axeViolations("/portal/imports/{importId} (mapping)"));

            browser.click(By.id("import-start"));
            browser.patiently().until(d -> !d.findElements(By.id("import-progress")).isEmpty());
            if (!driver.findElements(By.cssSelector("#import-progress [role=progressbar]")).isEmpty()) {
                browser.screenshot("import-progress");
            }
            browser.patiently(Duration.ofSeconds(90)).withMessage("the progress should turn into the report")
                    .until(d -> !d.findElements(By.id("import-invariant")).isEmpty());
            assertThat(browser.path()).isEqualTo(importPath);
            long created = number("import-created");
            long updated = number("import-updated");
            long rejected = number("import-rejected");
            assertThat(created + updated + rejected).isEqualTo(1504);
            assertThat(rejected).isGreaterThanOrEqualTo(2);
            assertThat(driver.findElement(By.id("import-invariant")).getText()).contains("1,504");
            browser.screenshot("import-report");
            problems.addAll(browser.axeViolations("/portal/imports/{importId} (report)"));

            // the rejected rows, fetched with the browser's session: the original columns plus the reason
            String href = driver.findElement(By.id("import-rejected-download")).getDomAttribute("href");
            Object body = ((JavascriptExecutor) driver).executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "fetch(arguments[0]).then(r => r.text()).then(done, e => done('failed: ' + e));", href);
            String rejectedCsv = String.valueOf(body).replace("\uFEFF", "");
            String[] lines = rejectedCsv.split("\r?\n");
            assertThat(lines[0].split(";")).as("header + reason: " + lines[0]).hasSize(8).startsWith("Nom", "Prénom");
            assertThat(rejectedCsv).contains("pas-une-adresse-" + tag);
            assertThat(lines).hasSize(1 + (int) rejected);

            // French, and narrow
            languageButton("FR").click();
            browser.patiently().until(d -> "fr".equals(browser.htmlLang()));
            assertThat(driver.findElement(By.id("import-invariant")).getText()).contains("lignes lues");
            browser.screenshot("import-report-fr");
            browser.narrowScreenshot("import-report-fr-narrow");
            browser.open("/portal/imports");
            assertThat(driver.findElement(By.tagName("main")).getText()).contains(file.getFileName().toString());
            browser.narrowScreenshot("import-list-fr-narrow");
            languageButton("EN").click();
            browser.patiently().until(d -> "en".equals(browser.htmlLang()));
            assertThat(problems).as("serious or critical accessibility violations").isEmpty();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private long number(String id) {
        return Long.parseLong(driver.findElement(By.id(id)).getText().replaceAll("[^0-9]", ""));
    }

    /** The editor card of the first block of a type. */
    /**
     * The segment builder: a marketer combines "tag A" with a nested ANY group ("tag B" or "tag C"), and the live count
     * follows each change (3, then 1, then 2 contacts); screenshots in English, French and at 390px.
     */
    @Test
    void aMarketerBuildsASegmentWithANestedAnyGroupAndTheLiveCountFollows(
            @org.springframework.beans.factory.annotation.Autowired io.archipel.audience.ContactService contacts,
            @org.springframework.beans.factory.annotation.Autowired io.archipel.tenancy.BranchService branches,
            @org.springframework.beans.factory.annotation.Autowired io.archipel.audience.CustomAttributeService attributes)
            throws IOException {
        String marketer = "marketing@maison-lumiere.example";
        UUID tenantId = ((io.archipel.identity.ArchipelUser) users.loadUserByUsername(marketer)).tenantId();
        String tag = "seg" + UUID.randomUUID().toString().substring(0, 6);
        String rayon = "rayon_" + tag;
        String club = "club_" + tag;
        io.archipel.tenancy.TenantContext.runAsSystem(tenantId, () -> {
            attributes.create(new io.archipel.audience.CustomAttributes.Draft(rayon, "Rayon préféré " + tag,
                    io.archipel.audience.CustomAttributes.AttributeType.CHOICE, List.of("Femme", "Homme", "Enfant")));
            attributes.create(new io.archipel.audience.CustomAttributes.Draft(club, "Membre du club " + tag,
                    io.archipel.audience.CustomAttributes.AttributeType.BOOLEAN, List.of()));
            UUID lyon = branches.search("LYO-01", null).stream().filter(b -> b.code().equals("LYO-01")).findFirst()
                    .orElseThrow().id();
            for (List<String> tags : List.of(List.of(tag + "a", tag + "b"), List.of(tag + "a", tag + "c"),
                    List.of(tag + "a"))) {
                UUID id = contacts.create(lyon, new io.archipel.audience.Contacts.ContactData(
                        tag + UUID.randomUUID().toString().substring(0, 6) + "@example.com", null, "Segment", "Browser",
                        null, null, null, null, null, null, tags));
                contacts.recordConsent(id, io.archipel.audience.Contacts.Channel.EMAIL,
                        io.archipel.audience.Contacts.ConsentState.GRANTED,
                        io.archipel.audience.Contacts.ConsentSource.FORM, "browser test");
            }
        });
        browser.signIn(marketer, PERSONAS.get(marketer));
        browser.open("/hq/segments/new");
        fill("name", "Browser segment " + tag);
        fill("root.rules[0].field", "tags");
        browser.patiently().until(d -> !d.findElements(By.name("root.rules[0].operator")).isEmpty());
        fill("root.rules[0].operator", "HAS_TAG");
        typeAndLeave("root.rules[0].values[0]", tag + "a");
        expectCount("3");

        browser.click(By.cssSelector("button[value='add-group:root']"));
        fill("root.rules[1].rules[0].field", "tags");
        browser.patiently().until(d -> !d.findElements(By.name("root.rules[1].rules[0].operator")).isEmpty());
        fill("root.rules[1].rules[0].operator", "HAS_TAG");
        typeAndLeave("root.rules[1].rules[0].values[0]", tag + "b");
        expectCount("1");

        browser.click(By.cssSelector("button[value='add-condition:root.rules[1]']"));
        fill("root.rules[1].rules[1].field", "tags");
        browser.patiently().until(d -> !d.findElements(By.name("root.rules[1].rules[1].operator")).isEmpty());
        fill("root.rules[1].rules[1].operator", "HAS_TAG");
        typeAndLeave("root.rules[1].rules[1].values[0]", tag + "c");
        expectCount("2");
        assertThat(new Select(driver.findElement(By.name("root.rules[1].combinator"))).getFirstSelectedOption()
                .getDomProperty("value")).isEqualTo("ANY");
        // a condition on a custom attribute: nobody has it yet
        browser.click(By.cssSelector("button[value='add-condition:root']"));
        fill("root.rules[2].field", "attr." + rayon);
        browser.patiently().until(d -> !d.findElements(By.name("root.rules[2].operator")).isEmpty());
        fill("root.rules[2].values[0]", "Enfant");
        expectCount("0");
        List<String> problems = new ArrayList<>(browser.axeViolations("/hq/segments/new (nested group)"));
        tallScreenshot("segment-builder-nested");
        languageButton("FR").click();
        browser.patiently().until(d -> "fr".equals(browser.htmlLang()));
        browser.open("/hq/segments/policy");
        browser.screenshot("segment-policy-fr");
        browser.open("/hq/attributes");
        browser.screenshot("attributes-fr");
        browser.open("/hq/attributes/" + rayon);
        browser.screenshot("attribute-edit-fr");
        browser.narrowScreenshot("attributes-narrow-fr");
        browser.open("/hq/segments/new");
        browser.narrowScreenshot("segment-builder-narrow-fr");
        languageButton("EN").click();
        browser.patiently().until(d -> "en".equals(browser.htmlLang()));

        // saving it: the list shows it with its readable rules
        browser.open("/hq/segments/new");
        fill("name", "Saved browser segment " + tag);
        fill("root.rules[0].field", "tags");
        browser.patiently().until(d -> !d.findElements(By.name("root.rules[0].operator")).isEmpty());
        typeAndLeave("root.rules[0].values[0]", tag + "a");
        expectCount("3");
        browser.click(By.cssSelector("#segment-form .segment-side button[type=submit]"));
        browser.patiently().until(d -> !browser.path().endsWith("/new"));
        browser.open("/hq/segments");
        assertThat(driver.getPageSource()).contains("Saved browser segment " + tag);
        // the counts arrive row by row after the page is shown
        browser.patiently().until(d -> d.findElements(By.cssSelector(".segment-reach .spinner-border")).isEmpty());
        browser.screenshot("segment-list");

        browser.signIn("lyon.partdieu@maison-lumiere.example", "/portal");
        browser.open("/portal/segments");
        assertThat(driver.getPageSource()).contains("Saved browser segment " + tag);
        browser.screenshot("portal-segments");
        browser.narrowScreenshot("portal-segments-narrow");
        browser.open("/portal/contacts/new");
        problems.addAll(browser.axeViolations("/portal/contacts/new (with attributes)"));
        tallScreenshot("contact-form-attributes");
        io.archipel.tenancy.TenantContext.runAsSystem(tenantId, () -> {
            attributes.delete(rayon);
            attributes.delete(club);
        });
        assertThat(problems).as("serious or critical accessibility violations").isEmpty();
    }

    private void typeAndLeave(String name, String value) {
        WebElement field = browser.patiently().until(d -> d.findElements(By.name(name)).stream()
                .filter(WebElement::isDisplayed).findFirst().orElse(null));
        field.clear();
        field.sendKeys(value, org.openqa.selenium.Keys.TAB);
    }

    private void expectCount(String expected) {
        browser.patiently().withMessage(() -> {
            browser.screenshot("segment-count-not-" + expected);
            return "the live count should become " + expected + ": "
                    + driver.findElement(By.id("segment-form")).getText();
        }).until(d -> {
            List<WebElement> values = d.findElements(By.cssSelector("#segment-count .segment-count-value"));
            return !values.isEmpty() && expected.equals(values.get(0).getText().trim());
        });
    }

    private void tallScreenshot(String name) {
        WebDriver.Window window = driver.manage().window();
        window.setSize(new Dimension(1366, 1500));
        browser.screenshot(name);
        window.setSize(new Dimension(1366, 900));
    }

    private WebElement block(String type) {
        return browser.patiently().withMessage(() -> "no " + type + " block on " + browser.path())
                .until(d -> d.findElement(By.xpath(
                        "//li[.//input[@type='hidden' and contains(@name,'.type') and @value='" + type + "']]")));
    }

    private <T> T asMarketer(String email, java.util.function.Supplier<T> work) {
        var principal = (io.archipel.identity.ArchipelUser) users.loadUserByUsername(email);
        var context = org.springframework.security.core.context.SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new org.springframework.security.authentication.UsernamePasswordAuthenticationToken(
                principal, null, principal.getAuthorities()));
        org.springframework.security.core.context.SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            org.springframework.security.core.context.SecurityContextHolder.clearContext();
        }
    }

    private static byte[] png(int rgb) {
        try {
            var image = new java.awt.image.BufferedImage(600, 300, java.awt.image.BufferedImage.TYPE_INT_RGB);
            var g = image.createGraphics();
            g.setColor(new java.awt.Color(rgb));
            g.fillRect(0, 0, 600, 300);
            g.setColor(new java.awt.Color(java.util.concurrent.ThreadLocalRandom.current().nextInt(0xFFFFFF)));
            g.fillRect(0, 0, 300, 150);
            g.dispose();
            var out = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new template of the demo network (named {@code prefix} + a random suffix); the marketer is signed in. */
    // ---- campaign kits: a draft kit on the demo's first published e-mail template, for the axe audit
    @org.springframework.beans.factory.annotation.Autowired
    io.archipel.campaign.KitService kits;

    private UUID demoKit() {
        UUID tenantId = ((io.archipel.identity.ArchipelUser) users.loadUserByUsername(
                "marketing@maison-lumiere.example")).tenantId();
        var id = new java.util.concurrent.atomic.AtomicReference<UUID>();
        io.archipel.tenancy.TenantContext.runAsSystem(tenantId, () -> id.set(kits.list(false).stream()
                .filter(k -> k.name().startsWith("Axe kit ")).map(k -> k.id()).findFirst()
                .orElseGet(() -> kits.create("Axe kit " + UUID.randomUUID(), templates.list(null,
                        io.archipel.brand.TemplateChannel.EMAIL, false).stream().filter(t -> t.published())
                        .findFirst().orElseThrow().id(), "Axe brief"))));
        return id.get();
    }
    // ---- end campaign kits

    private UUID newTemplateAsMarketer(io.archipel.brand.TemplateChannel channel, String prefix) {
        String marketer = "marketing@maison-lumiere.example";
        UUID tenantId = ((io.archipel.identity.ArchipelUser) users.loadUserByUsername(marketer)).tenantId();
        var id = new java.util.concurrent.atomic.AtomicReference<UUID>();
        io.archipel.tenancy.TenantContext.runAsSystem(tenantId, () -> id.set(templates.create(channel,
                prefix + UUID.randomUUID(), io.archipel.brand.TemplateCategory.PROMOTION, "")));
        browser.signIn(marketer, PERSONAS.get(marketer));
        return id.get();
    }

    private void signOut() {
        driver.manage().deleteAllCookies();
    }

    private WebElement languageButton(String label) {
        List<WebElement> buttons = driver.findElements(
                By.xpath("//*[contains(@class,'lang-switch')]//button[normalize-space()='" + label + "']"));
        return buttons.stream().filter(WebElement::isDisplayed).findFirst()
                .orElseThrow(() -> new AssertionError("no visible language button " + label + " on " + browser.path()));
    }

    /** Types into an input or textarea, or picks the option with this value (or text) in a select. */
    private void fill(String name, String value) {
        WebElement field = browser.patiently().withMessage(() -> "no field named " + name + " on " + browser.path())
                .until(d -> d.findElements(By.name(name)).stream().filter(WebElement::isDisplayed).findFirst()
                        .orElse(null));
        if ("select".equals(field.getTagName())) {
            Select select = new Select(field);
            WebElement option = select.getOptions().stream()
                    .filter(o -> value.equals(o.getDomProperty("value"))).findFirst()
                    .or(() -> select.getOptions().stream().filter(o -> value.equals(o.getText().trim())).findFirst())
                    .orElseThrow(() -> new AssertionError("no option " + value + " in select " + name));
            if (!option.isSelected()) {
                option.click();
            }
        } else {
            field.clear();
            field.sendKeys(value);
        }
    }

    private void chooseFirstRealOption(String name) {
        Select select = new Select(driver.findElement(By.name(name)));
        WebElement option = select.getOptions().stream()
                .filter(o -> o.getAttribute("value") != null && !o.getAttribute("value").isBlank()).findFirst()
                .orElseThrow(() -> new AssertionError("no option in " + name));
        option.click();
    }

    /** Ticks the scopeBranchIds checkbox whose label shows the branch name (it may appear once BRANCHES is chosen). */
    private void checkBranch(String branchName) {
        WebElement box = browser.patiently()
                .withMessage(() -> "no scopeBranchIds checkbox labelled " + branchName)
                .until(d -> d.findElements(By.name("scopeBranchIds")).stream()
                        .filter(b -> labelOf(b).contains(branchName)).findFirst().orElse(null));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block:'center', behavior:'instant'})", box);
        browser.patiently().until(d -> box.isDisplayed());
        if (!box.isSelected()) {
            box.click();
        }
        assertThat(box.isSelected()).isTrue();
    }

    private String labelOf(WebElement box) {
        String id = box.getAttribute("id");
        if (id != null && !id.isBlank()) {
            List<WebElement> labels = driver.findElements(By.cssSelector("label[for='" + id + "']"));
            if (!labels.isEmpty()) {
                return labels.get(0).getAttribute("textContent");
            }
        }
        List<WebElement> wrapping = box.findElements(By.xpath("ancestor::label"));
        return wrapping.isEmpty() ? "" : wrapping.get(0).getAttribute("textContent");
    }
    // ---- tracking (helper T): the recipient pages of a sent mail (unsubscribe, confirmation, preferences)
    @Test
    void recipientPagesHaveNoSeriousAccessibilityViolations() throws IOException {
        var fixture = new io.archipel.delivery.tracking.TrackingFixture(
                context.getBean(io.archipel.tenancy.TenantService.class), templates,
                context.getBean(io.archipel.campaign.CampaignService.class),
                context.getBean(io.archipel.audience.ContactService.class),
                context.getBean(org.springframework.jdbc.core.JdbcTemplate.class),
                context.getBean(org.springframework.transaction.PlatformTransactionManager.class));
        var sent = fixture.sent(1, true);
        String token = context.getBean(io.archipel.delivery.TrackingTokens.class)
                .unsubscribe(sent.tenantId(), sent.first().id());
        List<String> problems = new ArrayList<>();
        browser.open("/u/" + token);
        problems.addAll(browser.axeViolations("/u/{token}"));
        browser.screenshot("recipient-unsubscribe");
        browser.narrowScreenshot("recipient-unsubscribe-narrow");
        browser.open("/u/" + token + "?lang=en");
        problems.addAll(browser.axeViolations("/u/{token}?lang=en"));
        browser.screenshot("recipient-unsubscribe-en");
        browser.click(By.cssSelector("main form button[type=submit]"));
        browser.patiently().until(d -> !d.findElements(By.cssSelector(".recipient-done")).isEmpty());
        problems.addAll(browser.axeViolations("/u/{token} (unsubscribed)"));
        browser.screenshot("recipient-unsubscribed");
        browser.open("/u/" + token + "/preferences");
        problems.addAll(browser.axeViolations("/u/{token}/preferences"));
        browser.click(By.cssSelector("main form button[type=submit]"));
        browser.patiently().until(d -> !d.findElements(By.cssSelector(".alert-success")).isEmpty());
        problems.addAll(browser.axeViolations("/u/{token}/preferences (saved)"));
        browser.screenshot("recipient-preferences");
        browser.narrowScreenshot("recipient-preferences-narrow");
        assertThat(problems).as("serious or critical accessibility violations").isEmpty();
    }
    // ---- end tracking
}
