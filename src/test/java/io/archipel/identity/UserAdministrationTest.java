package io.archipel.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import io.archipel.identity.UserAccountService.UserData;
import io.archipel.identity.UserAccountService.UserView;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.ScopeType;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantService;
import io.archipel.tenancy.TerritoryService;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@ArchipelTest
class UserAdministrationTest {

    static final String PASSWORD = "Correct-Horse-42";

    @Autowired MockMvc mvc;
    @Autowired Personas personas;
    @Autowired UserAccountService users;
    @Autowired TenantService tenants;
    @Autowired TerritoryService territories;
    @Autowired BranchService branches;

    @Test
    void aUserScopedToOneBranchIsListedAndCanSignIn() throws Exception {
        String tag = tag();
        String email = "manager-" + tag + "@example.com";
        mvc.perform(userForm(post("/hq/users"), "Anne " + tag, email, "BRANCH_MANAGER", "BRANCHES", null, PASSWORD)
                        .param("scopeBranchIds", branchId("LYO-01").toString())
                        .with(personas.as(Personas.HQ_ADMIN)))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/hq/users"));

        mvc.perform(get("/hq/users").param("q", tag).with(personas.as(Personas.HQ_ADMIN)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Anne " + tag)))
                .andExpect(content().string(containsString(email)))
                .andExpect(content().string(containsString("Lyon Part-Dieu")))
                .andExpect(content().string(not(containsString("Julien Moreau"))));

        // the htmx live search answers with the rows fragment only
        mvc.perform(get("/hq/users").param("q", tag).header("HX-Request", "true").with(personas.as(Personas.HQ_ADMIN)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Anne " + tag)))
                .andExpect(content().string(not(containsString("<html"))));

        mvc.perform(formLogin("/login").user(email).password(PASSWORD))
                .andExpect(redirectedUrl("/portal"));
    }

    @Test
    void anEmailUsedAnywhereIsRefusedOnTheFieldAndTheFormKeepsWhatWasTyped() throws Exception {
        String tag = tag();
        mvc.perform(userForm(post("/hq/users"), "Bruno " + tag, "ADMIN@maison-lumiere.example", "HQ_MARKETER",
                        "TENANT", null, PASSWORD).with(personas.as(Personas.HQ_ADMIN)))
                .andExpect(status().isOk())
                .andExpect(model().attributeHasFieldErrorCode("userForm", "email", "users.error.emailTaken"))
                .andExpect(content().string(containsString("This e-mail is already used by another account.")))
                .andExpect(content().string(containsString("value=\"Bruno " + tag + "\"")))
                .andExpect(content().string(containsString("value=\"ADMIN@maison-lumiere.example\"")));
        // the platform operator's e-mail is taken too
        mvc.perform(userForm(post("/hq/users"), "Bruno " + tag, Personas.OPERATOR, "HQ_MARKETER", "TENANT", null,
                        PASSWORD).with(personas.as(Personas.HQ_ADMIN)))
                .andExpect(model().attributeHasFieldErrorCode("userForm", "email", "users.error.emailTaken"));
    }

    @Test
    void invalidInputComesBackWithAnErrorOnEachField() throws Exception {
        mvc.perform(userForm(post("/hq/users"), "", "not-an-email", "EXECUTIVE", "TERRITORY", null, "short")
                        .with(personas.as(Personas.HQ_ADMIN)))
                .andExpect(status().isOk())
                .andExpect(model().attributeHasFieldErrorCode("userForm", "displayName", "NotBlank"))
                .andExpect(model().attributeHasFieldErrorCode("userForm", "email", "Email"))
                .andExpect(model().attributeHasFieldErrorCode("userForm", "password", "users.error.passwordTooShort"))
                .andExpect(model().attributeHasFieldErrorCode("userForm", "scopeTerritoryId", "users.error.territoryRequired"))
                .andExpect(content().string(containsString("This field is required.")))
                .andExpect(content().string(containsString("Enter a valid e-mail address.")))
                .andExpect(content().string(containsString("value=\"not-an-email\"")));

        String tag = tag();
        mvc.perform(userForm(post("/hq/users"), "Chloé " + tag, "chloe-" + tag + "@example.com", "BRANCH_MANAGER",
                        "TENANT", null, "").with(personas.as(Personas.HQ_ADMIN)))
                .andExpect(status().isOk())
                .andExpect(model().attributeHasFieldErrorCode("userForm", "scopeType", "users.error.managerNeedsBranches"))
                .andExpect(model().attributeHasFieldErrorCode("userForm", "password", "validation.required"));

        mvc.perform(userForm(post("/hq/users"), "Chloé " + tag, "chloe-" + tag + "@example.com", "HQ_MARKETER",
                        "BRANCHES", null, PASSWORD).with(personas.as(Personas.HQ_ADMIN)))
                .andExpect(model().attributeHasFieldErrorCode("userForm", "scopeBranchIds", "users.error.branchesRequired"));

        mvc.perform(userForm(post("/hq/users"), "x".repeat(121), "chloe-" + tag + "@example.com", "HQ_MARKETER",
                        "TENANT", null, PASSWORD).with(personas.as(Personas.HQ_ADMIN)))
                .andExpect(content().string(containsString("At most 120 characters.")));
        assertThat(users.emailTaken("chloe-" + tag + "@example.com", null)).isFalse();
    }

    @Test
    void aTerritoryAdminOnlySeesAndGrantsInsideTheirTerritory() throws Exception {
        String tag = tag();
        String araAdmin = "admin-ara-" + tag + "@example.com";
        UUID ara = territoryId("ARA");
        asSystem(() -> users.create(new UserData(araAdmin, "Régis " + tag, Role.HQ_ADMIN, ScopeType.TERRITORY, ara,
                Set.of(), PASSWORD)));

        mvc.perform(get("/hq/users").with(personas.as(araAdmin)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Sophie Lefèvre")))          // validator, region ARA
                .andExpect(content().string(containsString("Thomas Girard")))            // manager of LYO-01
                .andExpect(content().string(not(containsString("Léa Rossi"))))           // manager in Nice
                .andExpect(content().string(not(containsString("Claire Dubois"))));      // whole-network admin

        // a whole-network user is refused outright, as is a user of another region
        mvc.perform(userForm(post("/hq/users"), "Denis " + tag, "denis-" + tag + "@example.com", "HQ_MARKETER",
                        "TENANT", null, PASSWORD).with(personas.as(araAdmin)))
                .andExpect(status().isForbidden());
        mvc.perform(userForm(post("/hq/users"), "Denis " + tag, "denis-" + tag + "@example.com", "BRANCH_MANAGER",
                        "BRANCHES", null, PASSWORD).param("scopeBranchIds", branchId("NCE-01").toString())
                        .with(personas.as(araAdmin)))
                .andExpect(status().isForbidden());
        assertThat(users.emailTaken("denis-" + tag + "@example.com", null)).isFalse();

        // another region's user is forbidden, an unknown id is not found
        UUID nice = personas.principal(Personas.OTHER_BRANCH_MANAGER).userId();
        mvc.perform(get("/hq/users/{userId}", nice).with(personas.as(araAdmin))).andExpect(status().isForbidden());
        mvc.perform(post("/hq/users/{userId}/deactivate", nice).with(csrf()).with(personas.as(araAdmin)))
                .andExpect(status().isForbidden());
        mvc.perform(get("/hq/users/{userId}", UUID.randomUUID()).with(personas.as(araAdmin)))
                .andExpect(status().isNotFound());

        // inside the region all is fine
        mvc.perform(userForm(post("/hq/users"), "Denis " + tag, "denis-" + tag + "@example.com", "BRANCH_MANAGER",
                        "BRANCHES", null, PASSWORD).param("scopeBranchIds", branchId("GRE-01").toString())
                        .with(personas.as(araAdmin)))
                .andExpect(redirectedUrl("/hq/users"));
    }

    @Test
    void deactivationEndsTheSessionAndBlocksSignInUntilReactivated() throws Exception {
        String tag = tag();
        String email = "leaving-" + tag + "@example.com";
        UUID id = createUser(email, "Emma " + tag, Role.HQ_MARKETER, ScopeType.TENANT, null, Set.of());

        Cookie session = signIn(email, PASSWORD);
        mvc.perform(get("/").cookie(session)).andExpect(redirectedUrl("/hq"));

        mvc.perform(post("/hq/users/{userId}/deactivate", id).with(csrf()).with(personas.as(Personas.HQ_ADMIN)))
                .andExpect(redirectedUrl("/hq/users/" + id));
        assertThat(view(id).active()).isFalse();

        mvc.perform(get("/").cookie(session)).andExpect(redirectedUrl("/login"));
        mvc.perform(formLogin("/login").user(email).password(PASSWORD))
                .andExpect(redirectedUrl("/login?error=disabled"));
        mvc.perform(get("/hq/users").param("status", "inactive").param("q", tag).with(personas.as(Personas.HQ_ADMIN)))
                .andExpect(content().string(containsString("Emma " + tag)))
                .andExpect(content().string(containsString("Deactivated")));

        mvc.perform(post("/hq/users/{userId}/reactivate", id).with(csrf()).with(personas.as(Personas.HQ_ADMIN)))
                .andExpect(redirectedUrl("/hq/users/" + id));
        mvc.perform(formLogin("/login").user(email).password(PASSWORD)).andExpect(redirectedUrl("/hq"));
    }

    @Test
    void anAdminCannotDeactivateOrDemoteThemselves() throws Exception {
        ArchipelUser admin = personas.principal(Personas.HQ_ADMIN);
        mvc.perform(post("/hq/users/{userId}/deactivate", admin.userId()).with(csrf()).with(personas.as(Personas.HQ_ADMIN)))
                .andExpect(status().is3xxRedirection());
        UserView me = view(admin.userId());
        assertThat(me.active()).isTrue();

        mvc.perform(userForm(post("/hq/users/{userId}", admin.userId()), me.displayName(), me.email(), "HQ_MARKETER",
                        "TENANT", null, "").param("version", String.valueOf(me.version()))
                        .with(personas.as(Personas.HQ_ADMIN)))
                .andExpect(status().isOk())
                .andExpect(model().attributeHasFieldErrorCode("userForm", "role", "users.error.selfDemote"));
        assertThat(view(admin.userId()).role()).isEqualTo(Role.HQ_ADMIN);
    }

    @Test
    void aStaleEditIsRefusedAndKeepsWhatWasTyped() throws Exception {
        String tag = tag();
        String email = "stale-" + tag + "@example.com";
        UUID id = createUser(email, "Fanny " + tag, Role.VALIDATOR, ScopeType.TERRITORY, territoryId("IDF"), Set.of());
        long version = view(id).version();

        mvc.perform(userForm(post("/hq/users/{userId}", id), "Fanny Renamed " + tag, email, "VALIDATOR", "TERRITORY",
                        territoryId("IDF"), "").param("version", String.valueOf(version))
                        .with(personas.as(Personas.HQ_ADMIN)))
                .andExpect(redirectedUrl("/hq/users"));
        assertThat(view(id).displayName()).isEqualTo("Fanny Renamed " + tag);

        mvc.perform(userForm(post("/hq/users/{userId}", id), "Fanny Again " + tag, email, "VALIDATOR", "TERRITORY",
                        territoryId("IDF"), "").param("version", String.valueOf(version))
                        .with(personas.as(Personas.HQ_ADMIN)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Someone else changed this record")))
                .andExpect(content().string(containsString("value=\"Fanny Again " + tag + "\"")));
        assertThat(view(id).displayName()).isEqualTo("Fanny Renamed " + tag);
    }

    @Test
    void changingTheEmailEndsTheOldSessionsAndTheNewEmailSignsIn() throws Exception {
        String tag = tag();
        String email = "before-" + tag + "@example.com";
        String newEmail = "after-" + tag + "@example.com";
        UUID id = createUser(email, "Gaël " + tag, Role.EXECUTIVE, ScopeType.TENANT, null, Set.of());
        Cookie session = signIn(email, PASSWORD);
        mvc.perform(get("/").cookie(session)).andExpect(redirectedUrl("/insights"));

        mvc.perform(userForm(post("/hq/users/{userId}", id), "Gaël " + tag, newEmail, "EXECUTIVE", "TENANT", null, "")
                        .param("version", String.valueOf(view(id).version())).with(personas.as(Personas.HQ_ADMIN)))
                .andExpect(redirectedUrl("/hq/users"));

        mvc.perform(get("/").cookie(session)).andExpect(redirectedUrl("/login"));
        mvc.perform(formLogin("/login").user(newEmail).password(PASSWORD)).andExpect(redirectedUrl("/insights"));
    }

    @Test
    void theFormsRenderTheScopePickerInBothLanguages() throws Exception {
        mvc.perform(get("/hq/users/new").with(personas.as(Personas.HQ_ADMIN)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"save\"")))
                .andExpect(content().string(containsString("data-toggle-scope=\"scope\"")))
                .andExpect(content().string(containsString("name=\"scopeBranchIds\"")))
                .andExpect(content().string(containsString("Maison Lumière Lyon Part-Dieu")))
                .andExpect(content().string(containsString("At least 10 characters.")));
        mvc.perform(get("/hq/users/new").header("Accept-Language", "fr").with(personas.as(Personas.HQ_ADMIN)))
                .andExpect(content().string(containsString("Nouvel utilisateur")))
                .andExpect(content().string(containsString("Au moins 10 caractères.")));
        UUID validator = personas.principal(Personas.VALIDATOR).userId();
        mvc.perform(get("/hq/users/{userId}", validator).with(personas.as(Personas.HQ_ADMIN)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("name=\"version\"")))
                .andExpect(content().string(containsString("Sophie Lefèvre")));
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    static String tag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static MockHttpServletRequestBuilder userForm(MockHttpServletRequestBuilder request, String name, String email,
            String role, String scopeType, UUID territoryId, String password) {
        return request.with(csrf())
                .param("displayName", name).param("email", email).param("role", role).param("scopeType", scopeType)
                .param("scopeTerritoryId", territoryId == null ? "" : territoryId.toString())
                .param("password", password);
    }

    Cookie signIn(String email, String password) throws Exception {
        MvcResult login = mvc.perform(formLogin("/login").user(email).password(password))
                .andExpect(status().is3xxRedirection()).andReturn();
        Cookie cookie = login.getResponse().getCookie("SESSION");
        assertThat(cookie).as("session cookie after login").isNotNull();
        return cookie;
    }

    UUID demoTenant() {
        return tenants.findBySlug("maison-lumiere").orElseThrow().id();
    }

    void asSystem(Runnable work) {
        TenantContext.runAsSystem(demoTenant(), work);
    }

    UUID createUser(String email, String name, Role role, ScopeType scopeType, UUID territory, Set<UUID> branchIds) {
        AtomicReference<UUID> id = new AtomicReference<>();
        asSystem(() -> id.set(users.create(new UserData(email, name, role, scopeType, territory, branchIds, PASSWORD))));
        return id.get();
    }

    UserView view(UUID id) {
        AtomicReference<UserView> v = new AtomicReference<>();
        asSystem(() -> v.set(users.get(id).user()));
        return v.get();
    }

    UUID territoryId(String code) {
        AtomicReference<UUID> id = new AtomicReference<>();
        asSystem(() -> id.set(territories.visibleTree().stream().filter(t -> code.equals(t.code())).findFirst()
                .orElseThrow().id()));
        return id.get();
    }

    UUID branchId(String code) {
        AtomicReference<UUID> id = new AtomicReference<>();
        asSystem(() -> id.set(branches.visibleBranches().stream().filter(b -> code.equals(b.code())).findFirst()
                .orElseThrow().id()));
        return id.get();
    }
}
