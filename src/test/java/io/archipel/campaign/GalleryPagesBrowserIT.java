package io.archipel.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.archipel.support.Chromium;
import io.archipel.support.Personas;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
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

    private static Chromium browser;
    private static ChromeDriver driver;

    @Autowired
    Personas personas;
    @Autowired
    org.springframework.context.ApplicationContext context;
    @Autowired
    GalleryService gallery;

    @BeforeAll
    static void startBrowser(@LocalServerPort int port) throws IOException {
        browser = Chromium.start("archipel-chromium-gallery-", port);
        driver = browser.driver();
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.stop();
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

        browser.signIn(Personas.HQ_MARKETER, "/hq");
        browser.open("/hq/campaigns");
        problems.addAll(browser.axeViolations("/hq/campaigns"));
        browser.open("/hq/campaigns/" + sent);
        assertThat(driver.findElement(By.id("changes")).getText()).contains("lyonnais");
        problems.addAll(browser.axeViolations("/hq/campaigns/{campaignId}"));
        ((JavascriptExecutor) driver).executeScript("const n = document.getElementById('gallery-note');"
                + "n.removeAttribute('maxlength'); n.value = 'x'.repeat(1001);");
        driver.findElement(By.id("note-submit")).click();
        browser.patiently().until(d -> !d.findElements(By.id("gallery-note-error")).isEmpty());
        problems.addAll(browser.axeViolations("/hq/campaigns/{campaignId} (note too long)"));

        browser.signIn(Personas.OTHER_BRANCH_MANAGER, "/portal");
        browser.open("/portal/gallery");
        problems.addAll(browser.axeViolations("/portal/gallery"));
        browser.open("/portal/gallery/" + sent);
        assertThat(driver.findElement(By.id("reuse-form")).isDisplayed()).isTrue();
        problems.addAll(browser.axeViolations("/portal/gallery/{campaignId}"));
        browser.open("/portal/campaigns/new");
        browser.patiently().until(d -> !d.findElements(By.cssSelector("#gallery-choices .gallery-card")).isEmpty());
        problems.addAll(browser.axeViolations("/portal/campaigns/new (with the gallery section)"));
        browser.open("/portal/campaigns/" + reused);
        assertThat(driver.findElement(By.id("gallery-origin")).getText()).contains("Axe gallery " + tag);
        problems.addAll(browser.axeViolations("/portal/campaigns/{campaignId} (reusing a gallery campaign)"));
        assertThat(problems).as("serious or critical accessibility violations").isEmpty();
    }
}
