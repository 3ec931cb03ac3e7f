package io.archipel.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.TenantService;
import io.archipel.tenancy.TenantService.TenantSummary;
import io.archipel.tenancy.TenantStatus;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@ArchipelTest
class PlatformTenantsTest {

    static final String PASSWORD = "Opening-Day-2026";

    @Autowired MockMvc mvc;
    @Autowired Personas personas;
    @Autowired TenantService tenants;
    @Autowired UserAccountService users;

    @Test
    void onlyPlatformOperatorsReachThePlatformArea() throws Exception {
        for (String persona : new String[] {Personas.HQ_ADMIN, Personas.BRANCH_MANAGER, Personas.EXECUTIVE}) {
            mvc.perform(get("/platform").with(personas.as(persona))).andExpect(status().isForbidden());
            mvc.perform(get("/platform/tenants/new").with(personas.as(persona))).andExpect(status().isForbidden());
        }
        mvc.perform(get("/platform").with(personas.as(Personas.OPERATOR)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Maison Lumière")))
                .andExpect(content().string(containsString("maison-lumiere")));
    }

    @Test
    void creatingANetworkCreatesItsFirstAdminWhoLandsOnHq() throws Exception {
        String tag = tag();
        String slug = "verdure-" + tag;
        String adminEmail = "hq-" + tag + "@verdure.example";
        String location = mvc.perform(tenantForm("Verdure " + tag, slug, adminEmail, PASSWORD)
                        .with(personas.as(Personas.OPERATOR)))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrlPattern("/platform/tenants/*"))
                .andReturn().getResponse().getRedirectedUrl();

        TenantSummary created = tenants.findBySlug(slug).orElseThrow();
        assertThat(location).isEqualTo("/platform/tenants/" + created.id());
        assertThat(created.status()).isEqualTo(TenantStatus.ACTIVE);

        mvc.perform(get(location).with(personas.as(Personas.OPERATOR)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Verdure " + tag)))
                .andExpect(content().string(containsString(adminEmail)));
        mvc.perform(get("/platform").with(personas.as(Personas.OPERATOR)))
                .andExpect(content().string(containsString("Verdure " + tag)));
        assertThat(tenants.overview(created.id()).users()).isEqualTo(1);

        mvc.perform(formLogin("/login").user(adminEmail).password(PASSWORD)).andExpect(redirectedUrl("/hq"));
        // the new admin sees only their own network's people
        mvc.perform(get("/hq/users").with(personas.as(adminEmail)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(adminEmail)))
                .andExpect(content().string(containsString("1 user")));
    }

    @Test
    void aTakenOrMalformedSlugAndATakenEmailAreFieldErrors() throws Exception {
        String tag = tag();
        mvc.perform(tenantForm("Copy " + tag, "maison-lumiere", "copy-" + tag + "@example.com", PASSWORD)
                        .with(personas.as(Personas.OPERATOR)))
                .andExpect(status().isOk())
                .andExpect(model().attributeHasFieldErrorCode("tenantForm", "slug", "platform.error.slugTaken"))
                .andExpect(content().string(containsString("This identifier is already used by another network.")))
                .andExpect(content().string(containsString("value=\"Copy " + tag + "\"")));
        mvc.perform(tenantForm("Copy " + tag, "Bad Slug!", "copy-" + tag + "@example.com", PASSWORD)
                        .with(personas.as(Personas.OPERATOR)))
                .andExpect(model().attributeHasFieldErrorCode("tenantForm", "slug", "platform.error.slugPattern"));
        mvc.perform(tenantForm("Copy " + tag, "copy-" + tag, Personas.HQ_ADMIN, "short")
                        .with(personas.as(Personas.OPERATOR)))
                .andExpect(model().attributeHasFieldErrorCode("tenantForm", "adminEmail", "users.error.emailTaken"))
                .andExpect(model().attributeHasFieldErrorCode("tenantForm", "adminPassword", "users.error.passwordTooShort"));
        assertThat(tenants.slugTaken("copy-" + tag)).isFalse();
    }

    @Test
    void suspensionSignsTheNetworkOutUntilReactivation() throws Exception {
        String tag = tag();
        String slug = "suspendu-" + tag;
        String adminEmail = "hq-" + tag + "@suspendu.example";
        mvc.perform(tenantForm("Suspendu " + tag, slug, adminEmail, PASSWORD).with(personas.as(Personas.OPERATOR)))
                .andExpect(status().is3xxRedirection());
        UUID tenantId = tenants.findBySlug(slug).orElseThrow().id();

        Cookie session = mvc.perform(formLogin("/login").user(adminEmail).password(PASSWORD))
                .andExpect(redirectedUrl("/hq")).andReturn().getResponse().getCookie("SESSION");
        assertThat(session).isNotNull();
        mvc.perform(get("/").cookie(session)).andExpect(redirectedUrl("/hq"));

        mvc.perform(post("/platform/tenants/{tenantId}/suspend", tenantId).with(csrf()).with(personas.as(Personas.OPERATOR)))
                .andExpect(redirectedUrl("/platform/tenants/" + tenantId));
        assertThat(tenants.find(tenantId).orElseThrow().status()).isEqualTo(TenantStatus.SUSPENDED);

        mvc.perform(get("/").cookie(session)).andExpect(redirectedUrl("/login"));
        mvc.perform(formLogin("/login").user(adminEmail).password(PASSWORD))
                .andExpect(redirectedUrl("/login?error=suspended"));

        mvc.perform(post("/platform/tenants/{tenantId}/reactivate", tenantId).with(csrf()).with(personas.as(Personas.OPERATOR)))
                .andExpect(redirectedUrl("/platform/tenants/" + tenantId));
        mvc.perform(formLogin("/login").user(adminEmail).password(PASSWORD)).andExpect(redirectedUrl("/hq"));
    }

    @Test
    void anUnknownNetworkIsNotFound() throws Exception {
        mvc.perform(get("/platform/tenants/{tenantId}", UUID.randomUUID()).with(personas.as(Personas.OPERATOR)))
                .andExpect(status().isNotFound());
        mvc.perform(post("/platform/tenants/{tenantId}/suspend", UUID.randomUUID()).with(csrf())
                        .with(personas.as(Personas.OPERATOR)))
                .andExpect(status().isNotFound());
    }

    @Test
    void theNewNetworkFormRendersInBothLanguages() throws Exception {
        mvc.perform(get("/platform/tenants/new").with(personas.as(Personas.OPERATOR)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("First HQ administrator")))
                .andExpect(content().string(containsString("name=\"adminPassword\"")))
                .andExpect(content().string(containsString("id=\"save\"")));
        mvc.perform(get("/platform/tenants/new").header("Accept-Language", "fr").with(personas.as(Personas.OPERATOR)))
                .andExpect(content().string(containsString("Premier administrateur siège")));
    }

    static String tag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static MockHttpServletRequestBuilder tenantForm(String name, String slug, String adminEmail, String password) {
        return post("/platform/tenants").with(csrf()).param("name", name).param("slug", slug)
                .param("defaultLocale", "fr").param("adminName", "Admin " + name).param("adminEmail", adminEmail)
                .param("adminPassword", password);
    }
}
