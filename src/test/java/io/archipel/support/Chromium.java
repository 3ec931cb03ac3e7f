package io.archipel.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.ObjectMapper;

/**
 * One headless Chromium for a browser test class, and what every browser test does with it: sign a demo persona in
 * through the login form, open a page of the application under test, wait, audit the page with axe-core and take
 * numbered screenshots. The browser tests ({@code *BrowserIT}, run by failsafe in {@code mvn verify}) each had their
 * own copy of this; they now share it, so a change to the browser flags or to the audit applies to all of them.
 * <p>
 * Start it in {@code @BeforeAll} with the server's port (Spring injects {@code @LocalServerPort} there) and stop it
 * in {@code @AfterAll}. It needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}
 * ({@code apt-get install chromium chromium-driver}; {@code .ci/run} installs them); without them the test fails, it
 * does not skip. Other paths: {@code -Darchipel.browser.chromium=...}, {@code -Darchipel.browser.chromedriver=...}.
 */
public final class Chromium {

    /** The window size the browser starts with (and narrow screenshots return to). */
    public static final Dimension WINDOW = new Dimension(1366, 900);
    /** A phone's width, for the narrow screenshots. */
    public static final Dimension PHONE = new Dimension(390, 844);

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final String AXE = "/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";

    private final ChromeDriver driver;
    private final Path profile;
    private final String server;
    private final AtomicInteger shot = new AtomicInteger();
    private Path screenshots;

    private Chromium(ChromeDriver driver, Path profile, int port) {
        this.driver = driver;
        this.profile = profile;
        this.server = "http://localhost:" + port;
    }

    /**
     * Starts headless Chromium with a fresh profile in a temporary folder named {@code profilePrefix...}, for the
     * application listening on {@code port}.
     */
    public static Chromium start(String profilePrefix, int port) throws IOException {
        Path chromium = Path.of(System.getProperty("archipel.browser.chromium", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getProperty("archipel.browser.chromedriver", "/usr/bin/chromedriver"));
        if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
            fail("The browser test needs Chromium at " + chromium + " and ChromeDriver at " + chromedriver
                    + ". Install them with 'apt-get install chromium chromium-driver' (.ci/run does), or point "
                    + "-Darchipel.browser.chromium / -Darchipel.browser.chromedriver at them.");
        }
        Path profile = Files.createTempDirectory(profilePrefix);
        try {
            ChromeOptions options = new ChromeOptions();
            options.setBinary(chromium.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--window-size=" + WINDOW.getWidth() + "," + WINDOW.getHeight(), "--lang=en-US",
                    "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
            return new Chromium(driver, profile, port);
        } catch (RuntimeException e) {
            delete(profile);
            throw e;
        }
    }

    /** Quits the browser and deletes its profile. */
    public void stop() throws IOException {
        try {
            driver.quit();
        } finally {
            delete(profile);
        }
    }

    /**
     * Screenshots go to {@code folder}, numbered from 01 in the order they are taken; the PNG files a previous run
     * left there are deleted (sub-folders are left alone).
     */
    public Chromium screenshotsIn(Path folder) throws IOException {
        Files.createDirectories(folder);
        try (var old = Files.list(folder)) {
            old.filter(p -> p.toString().endsWith(".png")).forEach(p -> p.toFile().delete());
        }
        screenshots = folder;
        return this;
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Opens {@code path} of the application under test. */
    public void open(String path) {
        driver.get(server + path);
    }

    /** The path of the page the browser is on. */
    public String path() {
        return URI.create(driver.getCurrentUrl()).getPath();
    }

    /** The page's language (read through script: the page may be replaced between finding and reading it). */
    public String htmlLang() {
        return String.valueOf(driver.executeScript("return document.documentElement.lang"));
    }

    /** Signs out whoever is signed in, signs {@code email} in through the form and waits to land on {@code landing}. */
    public void signIn(String email, String landing) {
        open("/login");
        driver.manage().deleteAllCookies();
        open("/login");
        driver.findElement(By.id("username")).sendKeys(email);
        driver.findElement(By.id("password")).sendKeys(Personas.PASSWORD);
        driver.findElement(By.cssSelector("form[action$='/login'] button[type=submit]")).click();
        patiently().withMessage(() -> email + " should land on " + landing + " but is on " + path())
                .until(d -> landing.equals(path()));
    }

    /** Waits up to 20 seconds, through pages that replace the elements being looked at. */
    public WebDriverWait patiently() {
        return patiently(PATIENCE);
    }

    public WebDriverWait patiently(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    public void click(By by) {
        clickElement(driver.findElement(by));
    }

    /** Scrolls the element to the middle of the window first (a sticky header may cover it otherwise). */
    public void clickElement(WebElement element) {
        driver.executeScript("arguments[0].scrollIntoView({block:'center', behavior:'instant'})", element);
        element.click();
    }

    /**
     * The serious and critical WCAG 2.1 A/AA violations axe-core finds on the page the browser is on, each prefixed
     * with {@code page} (how the page is named in the test's failure message).
     */
    public List<String> axeViolations(String page) throws IOException {
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
        for (String violation : new ObjectMapper().readValue(json.toString(), String[].class)) {
            found.add(page + ": " + violation);
        }
        return found;
    }

    /** Saves what the window shows as {@code NN-name.png} in the folder given to {@link #screenshotsIn}. */
    public void screenshot(String name) {
        if (screenshots == null) {
            throw new IllegalStateException("no screenshot folder: call screenshotsIn(folder) after start");
        }
        try {
            byte[] png = driver.getScreenshotAs(OutputType.BYTES);
            Files.write(screenshots.resolve(String.format("%02d-%s.png", shot.incrementAndGet(), name)), png);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A screenshot at a phone's width. */
    public void narrowScreenshot(String name) {
        narrowScreenshot(name, null);
    }

    /** A screenshot at a phone's width, scrolled to {@code target} when given. */
    public void narrowScreenshot(String name, By target) {
        driver.manage().window().setSize(PHONE);
        try {
            if (target != null) {
                driver.executeScript("arguments[0].scrollIntoView({block:'start', behavior:'instant'})",
                        driver.findElement(target));
            }
            screenshot(name);
        } finally {
            driver.manage().window().setSize(WINDOW);
        }
    }

    private static String axeSource() throws IOException {
        try (var in = Chromium.class.getResourceAsStream(AXE)) {
            assertThat(in).as("axe-core webjar on the test classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void delete(Path folder) throws IOException {
        try (var walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
