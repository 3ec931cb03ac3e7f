package io.archipel.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.archipel.support.Chromium;
import io.archipel.support.Personas;
import io.archipel.tenancy.TerritoryService;
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
 * The review inbox, a campaign under review (with a form sent back with an error) and the autonomy policy pages in a
 * real browser, audited with axe-core: no serious or critical WCAG 2.1 A/AA violation. Runs in {@code mvn verify}
 * (failsafe) like {@code PersonasBrowserIT}, with the same Chromium and ChromeDriver.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(Personas.class)
class ReviewPagesBrowserIT {

    private static Chromium browser;
    private static ChromeDriver driver;

    @Autowired
    Personas personas;
    @Autowired
    org.springframework.context.ApplicationContext context;
    @Autowired
    PolicyService policies;
    @Autowired
    TerritoryService territories;

    @BeforeAll
    static void startBrowser(@LocalServerPort int port) throws IOException {
        browser = Chromium.start("archipel-chromium-review-", port);
        driver = browser.driver();
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.stop();
        }
    }

    @Test
    void reviewAndPolicyPagesHaveNoSeriousAccessibilityViolations() throws IOException {
        ReviewFixture fixture = new ReviewFixture(context);
        UUID campaign = fixture.submitted(Personas.BRANCH_MANAGER, fixture.branchId("LYO-01"),
                "Axe review " + ReviewFixture.unique(), "Nos lampes d’hiver arrivent en boutique");
        List<String> problems = new ArrayList<>();
        try {
            browser.signIn(Personas.VALIDATOR, "/hq/reviews");
            problems.addAll(browser.axeViolations("/hq/reviews"));
            browser.open("/hq/reviews/" + campaign);
            assertThat(driver.findElement(By.id("changes")).getText()).contains("d’hiver");
            problems.addAll(browser.axeViolations("/hq/reviews/{campaignId}"));
            // request changes without a comment (the browser's own check is lifted): the error is tied to the field
            ((JavascriptExecutor) driver).executeScript(
                    "document.getElementById('changes-comment').removeAttribute('required');");
            driver.findElement(By.id("request-changes")).click();
            browser.patiently().until(d -> !d.findElements(By.id("changes-comment-error")).isEmpty());
            problems.addAll(browser.axeViolations("/hq/reviews/{campaignId} (request changes without a comment)"));

            browser.signIn(Personas.HQ_MARKETER, "/hq");
            browser.open("/hq/policies");
            problems.addAll(browser.axeViolations("/hq/policies"));
            browser.open("/hq/policies/" + fixture.templateId());
            problems.addAll(browser.axeViolations("/hq/policies/{templateId}"));
            browser.open("/hq/policies/" + fixture.templateId() + "/territories/" + fixture.territoryId("ARA"));
            problems.addAll(browser.axeViolations("/hq/policies/{templateId}/territories/{territoryId}"));
        } finally {
            fixture.cancelOpen();
        }
        assertThat(problems).as("serious or critical accessibility violations").isEmpty();
    }
}
