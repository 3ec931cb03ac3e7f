package io.archipel.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.archipel.support.Personas;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * HQ's network campaigns (list, a sent and featured campaign, the gallery form sent back with an error) and the
 * branch's network gallery (list, one campaign, step 1 of the wizard with the gallery section, a campaign that reuses
 * one) in a real browser, audited with axe-core: no serious or critical WCAG 2.1 A/AA violation. Runs in
 * {@code mvn verify} (failsafe) like {@code ReviewPagesBrowserIT}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(Personas.class)
class GalleryPagesBrowserIT {

    private static ChromeDriver driver;
    private static Path profile;

    @LocalServerPort
    int port;
    @Autowired
    Personas personas;
    @Autowired
    org.springframework.context.ApplicationContext context;
    @Autowired
    GalleryService gallery;

    @BeforeAll
    static void startBrowser() throws IOException {
        Path chromium = Path.of(System.getProperty("archipel.browser.chromium", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getProperty("archipel.browser.chromedriver", "/usr/bin/chromedriver"));
        if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
            fail("The browser test needs Chromium at " + chromium + " and ChromeDriver at " + chromedriver);
        }
        profile = Files.createTempDirectory("archipel-chromium-gallery-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1366,900",
                "--lang=en-US", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            try (var walk = Files.walk(profile)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void galleryAndNetworkCampaignPagesHaveNoSeriousAccessibilityViolations() throws IOException {
        GalleryFixture fx = new GalleryFixture(context);
        UUID lyon = fx.branch("LYO-01");
        UUID nice = fx.branch("NCE-01");
        GalleryFixture.Template t = fx.template();
        String tag = GalleryFixture.unique();
        UUID sent = fx.sent(Personas.BRANCH_MANAGER, lyon, t, "Axe gallery " + tag, "Objet " + tag,
                "Un texte lyonnais", "Un autre texte");
        fx.feature(sent, "Un objet court et une offre claire.");
        UUID reused = personas.callAs(Personas.OTHER_BRANCH_MANAGER, () -> gallery.reuse(sent, nice, null))
                .campaignId();
        List<String> problems = new ArrayList<>();

        signIn(Personas.HQ_MARKETER, "/hq");
        open("/hq/campaigns");
        problems.addAll(axeViolations("/hq/campaigns"));
        open("/hq/campaigns/" + sent);
        assertThat(driver.findElement(By.id("changes")).getText()).contains("lyonnais");
        problems.addAll(axeViolations("/hq/campaigns/{campaignId}"));
        ((JavascriptExecutor) driver).executeScript("const n = document.getElementById('gallery-note');"
                + "n.removeAttribute('maxlength'); n.value = 'x'.repeat(1001);");
        driver.findElement(By.id("note-submit")).click();
        patiently().until(d -> !d.findElements(By.id("gallery-note-error")).isEmpty());
        problems.addAll(axeViolations("/hq/campaigns/{campaignId} (note too long)"));

        signIn(Personas.OTHER_BRANCH_MANAGER, "/portal");
        open("/portal/gallery");
        problems.addAll(axeViolations("/portal/gallery"));
        open("/portal/gallery/" + sent);
        assertThat(driver.findElement(By.id("reuse-form")).isDisplayed()).isTrue();
        problems.addAll(axeViolations("/portal/gallery/{campaignId}"));
        open("/portal/campaigns/new");
        patiently().until(d -> !d.findElements(By.cssSelector("#gallery-choices .gallery-card")).isEmpty());
        problems.addAll(axeViolations("/portal/campaigns/new (with the gallery section)"));
        open("/portal/campaigns/" + reused);
        assertThat(driver.findElement(By.id("gallery-origin")).getText()).contains("Axe gallery " + tag);
        problems.addAll(axeViolations("/portal/campaigns/{campaignId} (reusing a gallery campaign)"));
        assertThat(problems).as("serious or critical accessibility violations").isEmpty();
    }

    private void signIn(String email, String landing) {
        open("/login");
        driver.manage().deleteAllCookies();
        open("/login");
        driver.findElement(By.id("username")).sendKeys(email);
        driver.findElement(By.id("password")).sendKeys(Personas.PASSWORD);
        driver.findElement(By.cssSelector("form[action$='/login'] button[type=submit]")).click();
        patiently().until(d -> java.net.URI.create(d.getCurrentUrl()).getPath().equals(landing));
    }

    private void open(String path) {
        driver.get("http://localhost:" + port + path);
    }

    private static WebDriverWait patiently() {
        return new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    private List<String> axeViolations(String page) throws IOException {
        JavascriptExecutor js = driver;
        if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe !== 'undefined'"))) {
            js.executeScript(axeSource() + "\nwindow.axe = axe;");
        }
        Object json = js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
                   .then(r => done(JSON.stringify(r.violations
                       .filter(v => v.impact === 'serious' || v.impact === 'critical')
                       .map(v => v.impact + ' ' + v.id + ' (' + v.help + ') at '
                                 + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')))))
                   .catch(e => done(JSON.stringify(['axe failed: ' + e])));""");
        List<String> found = new ArrayList<>();
        for (String violation : new tools.jackson.databind.ObjectMapper().readValue(json.toString(), String[].class)) {
            found.add(page + ": " + violation);
        }
        return found;
    }

    private static String axeSource() throws IOException {
        try (var in = GalleryPagesBrowserIT.class.getResourceAsStream(
                "/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js")) {
            assertThat(in).as("axe-core webjar on the test classpath").isNotNull();
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
