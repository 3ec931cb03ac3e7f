package io.archipel.audience.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.archipel.identity.ApiKeyService;
import io.archipel.identity.ApiKeys.ApiKeyView;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** The HQ admin's API key page: create (shown once), list, revoke; nobody else may open it. */
@ArchipelTest
class ApiKeyPagesTest {

    private static final Pattern SECRET = Pattern.compile("ark_[a-z0-9]{12}_[A-Za-z0-9_-]{43}");

    @Autowired
    MockMvc mvc;
    @Autowired
    Personas personas;
    @Autowired
    ApiKeyService apiKeys;

    @Test
    void theAdminCreatesAKeyThatIsShownOnceThenRevokesIt() throws Exception {
        String name = "Salesforce " + UUID.randomUUID().toString().substring(0, 8);
        String page = mvc.perform(post("/hq/api-keys").with(personas.as(Personas.HQ_ADMIN)).with(csrf())
                        .param("name", name).param("scopeType", "TENANT"))
                .andExpect(status().isOk()).andExpect(header().string("Cache-Control", "no-store"))
                .andReturn().getResponse().getContentAsString();
        Matcher m = SECRET.matcher(page);
        assertThat(m.find()).as("the whole key on the page").isTrue();
        String secret = m.group();
        assertThat(page).contains("Copy it now: it will not be shown again.");

        // it works on the API
        mvc.perform(get("/api/v1/contacts").param("email", "nobody@example.com")
                .header("Authorization", "Bearer " + secret)).andExpect(status().isOk());

        // the list shows the key by its prefix, never the secret
        String list = mvc.perform(get("/hq/api-keys").with(personas.as(Personas.HQ_ADMIN)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(list).contains(name).contains(secret.substring(0, 17)).doesNotContain(secret)
                .contains("/api/v1/openapi.json");
        ApiKeyView key = personas.callAs(Personas.HQ_ADMIN, () -> apiKeys.list()).stream()
                .filter(k -> k.name().equals(name)).findFirst().orElseThrow();
        assertThat(secret).startsWith("ark_" + key.prefix() + "_");

        mvc.perform(post("/hq/api-keys/" + key.id() + "/revoke").with(personas.as(Personas.HQ_ADMIN)).with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(personas.callAs(Personas.HQ_ADMIN, () -> apiKeys.get(key.id())).active()).isFalse();
        mvc.perform(get("/api/v1/contacts").param("email", "nobody@example.com")
                .header("Authorization", "Bearer " + secret)).andExpect(status().isUnauthorized());
    }

    @Test
    void anInvalidFormComesBackWithFieldErrorsAndWhatWasTyped() throws Exception {
        String page = mvc.perform(post("/hq/api-keys").with(personas.as(Personas.HQ_ADMIN)).with(csrf())
                        .param("name", "Half-filled").param("scopeType", "BRANCHES").param("branchId", ""))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("Choose the branch the key may reach.").contains("value=\"Half-filled\"")
                .doesNotContainPattern(SECRET);
        page = mvc.perform(post("/hq/api-keys").with(personas.as(Personas.HQ_ADMIN)).with(csrf())
                        .param("name", " ").param("scopeType", "TENANT"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("This field is required.").doesNotContainPattern(SECRET);
    }

    @Test
    void aBranchManagerOrAMarketerCannotOpenTheApiKeys() throws Exception {
        for (String persona : new String[] {Personas.BRANCH_MANAGER, Personas.HQ_MARKETER, Personas.VALIDATOR,
                Personas.EXECUTIVE}) {
            mvc.perform(get("/hq/api-keys").with(personas.as(persona))).andExpect(status().isForbidden());
            mvc.perform(post("/hq/api-keys").with(personas.as(persona)).with(csrf()).param("name", "Sneaky")
                    .param("scopeType", "TENANT")).andExpect(status().isForbidden());
        }
        mvc.perform(get("/hq/api-keys/new").with(personas.as(Personas.HQ_ADMIN))).andExpect(status().isOk());
    }
}
