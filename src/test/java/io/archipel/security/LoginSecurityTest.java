package io.archipel.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.archipel.identity.Role;
import io.archipel.identity.UserAccountService;
import io.archipel.identity.UserAccountService.UserData;
import io.archipel.support.Personas;
import io.archipel.tenancy.ScopeType;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantService;
import jakarta.servlet.http.Cookie;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Login, lock-out, sessions, CSRF, headers, error pages and language, through the real form login. Runs on a real
 * port as well, for what only a servlet container does (error pages).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@Import(Personas.class)
class LoginSecurityTest {

    /** Spring Session's cookie (sessions live in PostgreSQL). */
    static final String SESSION_COOKIE = "SESSION";

    @Autowired
    MockMvc mvc;
    @Autowired
    Personas personas;
    @Autowired
    TenantService tenants;
    @Autowired
    UserAccountService users;
    @LocalServerPort
    int port;

    @ParameterizedTest(name = "{0} lands on {1}")
    @CsvSource({
            Personas.OPERATOR + ", /platform",
            Personas.HQ_ADMIN + ", /hq",
            Personas.HQ_MARKETER + ", /hq",
            Personas.VALIDATOR + ", /hq/reviews",
            Personas.BRANCH_MANAGER + ", /portal",
            Personas.OTHER_BRANCH_MANAGER + ", /portal",
            Personas.EXECUTIVE + ", /insights",
            Personas.REGIONAL_EXECUTIVE + ", /insights"})
    void eachPersonaLandsInTheirOwnArea(String email, String landing) throws Exception {
        mvc.perform(formLogin("/login").user(email).password(Personas.PASSWORD))
                .andExpect(status().isFound()).andExpect(redirectedUrl(landing));
    }

    @Test
    void aWrongPasswordIsRefusedWithAClearMessageAndTheEmailIsKept() throws Exception {
        String email = freshUser(Role.HQ_MARKETER);
        MvcResult failed = mvc.perform(formLogin("/login").user(email).password("not-the-password"))
                .andExpect(redirectedUrl("/login?error=bad")).andReturn();

        mvc.perform(get("/login").param("error", "bad").cookie(sessionCookie(failed)).header("Accept-Language", "en"))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("Wrong e-mail or password.")))
                .andExpect(content().string(Matchers.containsString("value=\"" + email + "\"")));
    }

    @Test
    void fiveFailuresLockTheEmailEvenAgainstTheRightPassword() throws Exception {
        String email = freshUser(Role.HQ_MARKETER);
        for (int i = 1; i <= 4; i++) {
            mvc.perform(formLogin("/login").user(email).password("wrong-" + i))
                    .andExpect(redirectedUrl("/login?error=bad"));
        }
        mvc.perform(formLogin("/login").user(email).password("wrong-5")).andExpect(redirectedUrl("/login?error=locked"));
        MvcResult locked = mvc.perform(formLogin("/login").user(email).password(Personas.PASSWORD))
                .andExpect(redirectedUrl("/login?error=locked")).andReturn();

        mvc.perform(get("/login").param("error", "locked").cookie(sessionCookie(locked))
                        .header("Accept-Language", "en"))
                .andExpect(content().string(Matchers.containsString("Too many failed attempts. Try again in 15 minutes.")));
    }

    @Test
    void anUnknownEmailIsLockedTheSameWaySoNobodyCanTellWhoExists() throws Exception {
        String email = "nobody-" + UUID.randomUUID() + "@nowhere.example";
        for (int i = 1; i <= 4; i++) {
            mvc.perform(formLogin("/login").user(email).password("guess-" + i))
                    .andExpect(redirectedUrl("/login?error=bad"));
        }
        mvc.perform(formLogin("/login").user(email).password("guess-5")).andExpect(redirectedUrl("/login?error=locked"));
        mvc.perform(formLogin("/login").user(email).password("guess-6")).andExpect(redirectedUrl("/login?error=locked"));
    }

    @Test
    void suspendingATenantRefusesItsLoginsAndEndsTheSessionsAlreadyOpen() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        UUID tenantId = tenants.create("suspended-" + tag, "Suspended Network " + tag, "en");
        String email = "admin-" + tag + "@suspended.example";
        TenantContext.runAsSystem(tenantId, () -> users.create(new UserData(email, "Suspended Admin", Role.HQ_ADMIN,
                ScopeType.TENANT, null, Set.of(), Personas.PASSWORD)));

        Cookie session = sessionCookie(mvc.perform(formLogin("/login").user(email).password(Personas.PASSWORD))
                .andExpect(redirectedUrl("/hq")).andReturn());
        mvc.perform(get("/").cookie(session)).andExpect(redirectedUrl("/hq"));

        tenants.suspend(tenantId);

        // the open session is gone: the same cookie is now anonymous
        mvc.perform(get("/").cookie(session)).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/hq").cookie(session)).andExpect(status().isFound())
                .andExpect(header().string("Location", Matchers.endsWith("/login")));
        MvcResult refused = mvc.perform(formLogin("/login").user(email).password(Personas.PASSWORD))
                .andExpect(redirectedUrl("/login?error=suspended")).andReturn();
        mvc.perform(get("/login").param("error", "suspended").cookie(sessionCookie(refused))
                        .header("Accept-Language", "en"))
                .andExpect(content().string(Matchers.containsString("access is suspended. Contact your headquarters.")));
    }

    @Test
    void postsWithoutACsrfTokenAreRefused() throws Exception {
        mvc.perform(post("/login").param("username", Personas.HQ_ADMIN).param("password", Personas.PASSWORD))
                .andExpect(status().isForbidden());
        mvc.perform(post("/locale").param("lang", "fr").with(personas.as(Personas.HQ_ADMIN)))
                .andExpect(status().isForbidden());
        mvc.perform(post("/logout").with(personas.as(Personas.HQ_ADMIN))).andExpect(status().isForbidden());
    }

    @Test
    void theSessionIdChangesAtLogin() throws Exception {
        String email = freshUser(Role.EXECUTIVE);
        // a session exists before login (e.g. planted by an attacker): a failed attempt stores the typed e-mail in it
        Cookie before = sessionCookie(mvc.perform(formLogin("/login").user(email).password("wrong"))
                .andExpect(redirectedUrl("/login?error=bad")).andReturn());

        MvcResult login = mvc.perform(post("/login").param("username", email).param("password", Personas.PASSWORD)
                .with(csrf()).cookie(before)).andExpect(redirectedUrl("/insights")).andReturn();
        Cookie after = sessionCookie(login);

        assertThat(after.getValue()).isNotEqualTo(before.getValue());
        mvc.perform(get("/").cookie(after)).andExpect(redirectedUrl("/insights"));
        mvc.perform(get("/").cookie(before)).andExpect(redirectedUrl("/login"));
    }

    @Test
    void responsesCarryTheSecurityHeaders() throws Exception {
        mvc.perform(get("/login"))
                .andExpect(header().string("Content-Security-Policy", Matchers.containsString("script-src 'self'")))
                .andExpect(header().string("Content-Security-Policy", Matchers.containsString("frame-ancestors 'none'")))
                .andExpect(header().string("X-Frame-Options", "DENY"))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"));
    }

    @Test
    void errorPagesAreFriendlyAndRevealNoInternals() {
        HttpBrowser browser = new HttpBrowser(port, "en");
        assertThat(HttpBrowser.location(browser.login(Personas.HQ_ADMIN, Personas.PASSWORD))).isEqualTo("/hq");

        HttpResponse<String> missing = browser.get("/no-such-page-" + UUID.randomUUID());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("Page not found", "This page does not exist");
        assertNoInternals(missing.body());

        HttpResponse<String> denied = browser.get("/platform");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.body()).contains("Access denied");
        assertNoInternals(denied.body());
    }

    @Test
    void theLoginPageSpeaksTheBrowsersLanguageUntilTheVisitorChooses() throws Exception {
        mvc.perform(get("/login").header("Accept-Language", "fr-FR,fr;q=0.9,en;q=0.5"))
                .andExpect(content().string(Matchers.containsString("<html lang=\"fr\"")))
                .andExpect(content().string(Matchers.containsString("Se connecter")));

        MvcResult switched = mvc.perform(post("/locale").param("lang", "en").param("returnTo", "/login").with(csrf())
                        .header("Accept-Language", "fr-FR"))
                .andExpect(redirectedUrl("/login")).andReturn();
        Cookie choice = switched.getResponse().getCookie("archipel-lang");
        assertThat(choice).as("language cookie").isNotNull();

        mvc.perform(get("/login").cookie(choice).header("Accept-Language", "fr-FR"))
                .andExpect(content().string(Matchers.containsString("<html lang=\"en\"")))
                .andExpect(content().string(Matchers.containsString("Sign in")));
    }

    @Test
    void aSignedInUsersLanguageChoiceIsSavedAndComesBackAtTheirNextLogin() {
        String email = freshUser(Role.HQ_MARKETER);
        HttpBrowser first = new HttpBrowser(port, "en");
        assertThat(HttpBrowser.location(first.login(email, Personas.PASSWORD))).isEqualTo("/hq");
        first.get("/hq");
        HttpResponse<String> switched = first.post("/locale", Map.of("lang", "fr", "returnTo", "/hq"));
        assertThat(HttpBrowser.location(switched)).isEqualTo("/hq");
        assertThat(personas.principal(email).locale()).isEqualTo("fr");

        // another browser, no cookie, an English Accept-Language: the saved choice wins
        HttpBrowser second = new HttpBrowser(port, "en");
        assertThat(HttpBrowser.location(second.login(email, Personas.PASSWORD))).isEqualTo("/hq");
        assertThat(second.get("/hq").body()).contains("<html lang=\"fr\"");
    }

    // ------------------------------------------------------------------------------------------------------------

    private static void assertNoInternals(String body) {
        assertThat(body).doesNotContain("Exception", "Caused by", "at org.", "at io.archipel", "java.lang",
                "Whitelabel", "trace");
    }

    private static Cookie sessionCookie(MvcResult result) {
        Cookie cookie = result.getResponse().getCookie(SESSION_COOKIE);
        assertThat(cookie).as("the response sets the " + SESSION_COOKIE + " cookie").isNotNull();
        return cookie;
    }

    /** A user of the demo network that only this test uses (so lock-outs affect nobody else). */
    private String freshUser(Role role) {
        String email = "login-" + UUID.randomUUID() + "@maison-lumiere.example";
        UUID tenantId = tenants.findBySlug(DemoNetworkIds.SLUG).orElseThrow().id();
        TenantContext.runAsSystem(tenantId, () -> users.create(new UserData(email, "Login Test " + role, role,
                ScopeType.TENANT, null, Set.of(), Personas.PASSWORD)));
        return email;
    }
}
