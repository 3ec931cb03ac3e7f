package io.archipel.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.archipel.insights.InsightsFixture;
import io.archipel.insights.dashboard.DashboardFilter;
import io.archipel.support.Chromium;
import io.archipel.support.Personas;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The insights dashboards in a real browser: an executive drills from the network to a region, a zone and a branch
 * through the dashboards' links, finds the branch's campaign, downloads its campaigns as CSV (the file is read back),
 * narrows the view with the filter bar (htmx refresh, filter kept in the address bar), and every page is audited with
 * axe-core in English and French; screenshots wide and at a phone's width go to {@code target/screenshots/insights/}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({Personas.class, InsightsFixture.class})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class InsightsBrowserIT {

    static final Path SCREENSHOTS = Path.of("target", "screenshots", "insights");

    private static Chromium browser;
    private static ChromeDriver driver;
    private static Path downloads;

    @Autowired
    InsightsFixture fx;

    @BeforeAll
    static void startBrowser(@LocalServerPort int port) throws IOException {
        browser = Chromium.start("archipel-chromium-insights-", port).screenshotsIn(SCREENSHOTS);
        driver = browser.driver();
        downloads = Files.createTempDirectory("archipel-insights-downloads-");
        driver.executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", downloads.toString()));
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.stop();
        }
        if (downloads != null) {
            try (var files = Files.list(downloads)) {
                files.forEach(f -> f.toFile().delete());
            }
            Files.deleteIfExists(downloads);
        }
    }

    @Test
    void executiveDrillsFromTheNetworkToABranchAndExportsItsCampaigns() throws IOException {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String name = "Browser " + tag;
        LocalDate day = LocalDate.now(DashboardFilter.ZONE).minusDays(4);
        fx.sent("LYO-01", name, day, null, 500, 0, 150, 40, 1, 5);
        fx.sent("GRE-01", "Grenoble " + tag, day, null, 300, 0, 60, 9, 0, 3);
        List<String> a11y = new ArrayList<>();

        browser.signIn(Personas.EXECUTIVE, "/insights");
        switchLanguage("en");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Network overview");
        assertThat(driver.findElement(By.id("league")).getText()).contains("Maison Lumière Lyon Part-Dieu");
        a11y.addAll(browser.axeViolations("/insights (en)"));
        browser.screenshot("overview");
        browser.narrowScreenshot("overview-narrow");

        // network › region › zone › branch, through the comparison table and the league
        browser.clickElement(driver.findElement(By.cssSelector("#dashboard .heat-table")).findElement(
                By.linkText("Auvergne-Rhône-Alpes")));
        browser.patiently().until(d -> browser.path().startsWith("/insights/territories/"));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Auvergne-Rhône-Alpes");
        a11y.addAll(browser.axeViolations("/insights/territories/{ARA} (en)"));
        browser.screenshot("region");
        browser.clickElement(driver.findElement(By.cssSelector("#dashboard .heat-table")).findElement(
                By.linkText("Lyon Métropole")));
        browser.patiently().until(d -> "Lyon Métropole".equals(d.findElement(By.tagName("h1")).getText()));
        assertThat(driver.findElement(By.cssSelector("nav .breadcrumb")).getText())
                .contains("Network overview", "France", "Auvergne-Rhône-Alpes");
        browser.clickElement(driver.findElement(By.id("league")).findElement(
                By.linkText("Maison Lumière Lyon Part-Dieu")));
        browser.patiently().until(d -> browser.path().startsWith("/insights/branches/"));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Maison Lumière Lyon Part-Dieu");
        assertThat(driver.getPageSource()).contains(name, "Lyon Métropole");
        a11y.addAll(browser.axeViolations("/insights/branches/{LYO-01} (en)"));
        browser.screenshot("branch");
        browser.narrowScreenshot("branch-narrow");

        // the campaigns table as a CSV file
        WebElement csv = driver.findElement(By.cssSelector("a[href*='/campaigns.csv']"));
        browser.clickElement(csv);
        Path file = browser.patiently().withMessage("the CSV should be downloaded").until(d -> {
            try (var files = Files.list(downloads)) {
                return files.filter(f -> f.getFileName().toString().startsWith("campaigns-LYO-01-")
                        && f.toString().endsWith(".csv")).findFirst().orElse(null);
            } catch (IOException e) {
                return null;
            }
        });
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes[0] & 0xFF).isEqualTo(0xEF);
        String content = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        assertThat(content).startsWith("\"Campaign\",\"Code\",\"Branch\"")
                .contains("\"" + name + "\",\"LYO-01\",\"Maison Lumière Lyon Part-Dieu\",\"EMAIL\"")
                .contains("\"500\",\"500\",\"0\",\"5\",\"495\",\"150\",\"40\"");

        // the filter bar refreshes the dashboard in place and keeps the choice in the address bar
        new Select(driver.findElement(By.id("f-channel"))).selectByValue("SMS");
        browser.patiently().until(d -> d.getCurrentUrl().contains("channel=SMS"));
        browser.patiently().until(d -> d.findElement(By.id("dashboard")).getText()
                .contains("No campaign was sent in this period."));
        assertThat(driver.findElement(By.id("dashboard")).getText()).doesNotContain(name);

        // French
        switchLanguage("fr");
        assertThat(browser.htmlLang()).isEqualTo("fr");
        assertThat(driver.getPageSource()).contains("Campagnes envoyées sur la période", name);
        a11y.addAll(browser.axeViolations("/insights/branches/{LYO-01} (fr)"));
        browser.screenshot("branch-fr");
        browser.open("/insights");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Vue du réseau");
        a11y.addAll(browser.axeViolations("/insights (fr)"));
        browser.open("/insights/performance?min=100");
        assertThat(driver.getPageSource()).contains("Meilleures campagnes locales", name);
        a11y.addAll(browser.axeViolations("/insights/performance (fr)"));
        browser.screenshot("performance-fr");
        browser.narrowScreenshot("performance-fr-narrow");
        browser.open("/insights/performance");
        switchLanguage("en");
        a11y.addAll(browser.axeViolations("/insights/performance (en)"));
        browser.screenshot("performance");

        assertThat(a11y).as("serious or critical accessibility violations").isEmpty();
    }

    /**
     * A branch manager's results: their branch beside the anonymous medians of their region and of the network, in
     * English and French, with no other branch and no other branch's campaign named anywhere on the page.
     */
    @Test
    void branchManagerSeesTheirBranchAgainstAnonymousMedians() throws IOException {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        LocalDate day = LocalDate.now(DashboardFilter.ZONE).minusDays(3);
        String mine = "Peers " + tag;
        fx.sent("LYO-01", mine, day, null, 400, 0, 120, 30, 2, 4);
        // three more branches: two in the manager's region (Auvergne-Rhône-Alpes), one elsewhere
        fx.sent("GRE-01", "Grenette " + tag, day, null, 300, 0, 60, 9, 0, 3);
        fx.sent("ANN-01", "Annecy " + tag, day, null, 200, 0, 80, 20, 1, 2);
        fx.sent("MAR-01", "Marseille " + tag, day, null, 100, 0, 10, 1, 0, 1);
        List<String> a11y = new ArrayList<>();

        browser.signIn(Personas.BRANCH_MANAGER, "/portal");
        browser.open("/portal/results");
        switchLanguage("en");
        WebElement peers = driver.findElement(By.id("results-peers"));
        assertThat(peers.findElement(By.tagName("h2")).getText()).isEqualTo("My branch against the others");
        // (textContent: the headings are upper-cased by the style sheet)
        assertThat(peers.findElements(By.cssSelector("thead th")).stream()
                .map(th -> th.getAttribute("textContent").replaceAll("\\s+", " ").trim()).toList())
                .containsExactly("Figure", "My branch", "Region median Auvergne-Rhône-Alpes", "Network median");
        // every rate has a value in the three columns: three branches of the region and four of the network sent
        for (String figure : List.of("Delivery rate", "Open rate", "Click rate", "Unsubscribe rate", "Bounce rate")) {
            List<String> cells = peers.findElement(By.xpath(".//tr[th[normalize-space()='" + figure + "']]"))
                    .findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
            assertThat(cells).as(figure).hasSize(3).allSatisfy(c -> assertThat(c).contains("%"));
        }
        // the cue says how the branch stands against the network median, in words for screen readers
        assertThat(peers.findElement(By.xpath(".//tr[th[normalize-space()='Open rate']]//*[contains(@class,"
                + "'visually-hidden')]")).getAttribute("textContent")).contains("network median");
        // (textContent: the page's text unescaped, hidden parts included)
        String page = driver.findElement(By.tagName("body")).getAttribute("textContent");
        assertThat(fx.otherBranchNames("LYO-01")).isNotEmpty();
        assertThat(page).contains(mine)
                .doesNotContain("Grenette " + tag, "Annecy " + tag, "Marseille " + tag)
                .doesNotContain(fx.otherBranchNames("LYO-01"));
        a11y.addAll(browser.axeViolations("/portal/results (en)"));
        browser.screenshot("portal-results");
        browser.narrowScreenshot("portal-results-narrow");

        switchLanguage("fr");
        peers = driver.findElement(By.id("results-peers"));
        assertThat(peers.findElement(By.tagName("h2")).getText()).isEqualTo("Mon point de vente face aux autres");
        assertThat(peers.getAttribute("textContent")).contains("Médiane de la région", "Médiane du réseau",
                "Taux d'ouverture");
        a11y.addAll(browser.axeViolations("/portal/results (fr)"));
        browser.screenshot("portal-results-fr");
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
}
