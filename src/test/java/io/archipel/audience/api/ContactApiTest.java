package io.archipel.audience.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.UUID;

import io.archipel.audience.ContactService;
import io.archipel.audience.Contacts.Channel;
import io.archipel.audience.Contacts.ConsentEvent;
import io.archipel.audience.Contacts.ConsentSource;
import io.archipel.audience.Contacts.ConsentState;
import io.archipel.audience.Contacts.Contact;
import io.archipel.audience.Contacts.ContactData;
import io.archipel.audience.CustomAttributeService;
import io.archipel.audience.CustomAttributes.AttributeType;
import io.archipel.audience.CustomAttributes.Draft;
import io.archipel.identity.ApiKeyService;
import io.archipel.identity.ApiKeys.ApiKeyDraft;
import io.archipel.identity.ApiKeys.CreatedApiKey;
import io.archipel.identity.security.ApiRateLimiter;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.ScopeType;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The REST API as a CRM calls it: API keys, scope, batch upsert, errors, consent, erasure, rate limit. */
@ArchipelTest
class ContactApiTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    Personas personas;
    @Autowired
    ApiKeyService apiKeys;
    @Autowired
    ContactService contacts;
    @Autowired
    CustomAttributeService attributes;
    @Autowired
    BranchService branches;
    @Autowired
    TenantService tenants;
    @Autowired
    io.archipel.tenancy.TerritoryService territories;
    @Autowired
    ApiRateLimiter limiter;
    @Autowired
    JsonMapper json;

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    UUID branch(String code) {
        return personas.callAs(Personas.HQ_ADMIN, () -> branches.search(code, null).stream()
                .filter(b -> b.code().equals(code)).findFirst().orElseThrow().id());
    }

    CreatedApiKey key(ScopeType type, UUID territoryId, UUID branchId) {
        return personas.callAs(Personas.HQ_ADMIN, () -> apiKeys.create(new ApiKeyDraft("Test CRM " + unique(), type,
                territoryId, branchId)));
    }

    CreatedApiKey networkKey() {
        return key(ScopeType.TENANT, null, null);
    }

    static MockHttpServletRequestBuilder as(MockHttpServletRequestBuilder request, CreatedApiKey key) {
        return request.header("Authorization", "Bearer " + key.secret());
    }

    UUID lyonContact(String email) {
        UUID lyon = branch("LYO-01");
        return personas.callAs(Personas.HQ_ADMIN, () -> contacts.create(lyon, new ContactData(email, null, "Api",
                "Person", null, null, null, null, null, null, List.of())));
    }

    JsonNode body(MockHttpServletResponse response) throws Exception {
        return json.readTree(response.getContentAsString(java.nio.charset.StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------------------------------------ auth

    @Test
    void withoutAValidKeyEveryCallIs401WithAProblemAndNoSession() throws Exception {
        UUID id = lyonContact("auth-" + unique() + "@example.com");
        CreatedApiKey revoked = networkKey();
        personas.runAs(Personas.HQ_ADMIN, () -> apiKeys.revoke(revoked.key().id()));
        String wrongSecret = networkKey().secret();
        wrongSecret = wrongSecret.substring(0, wrongSecret.length() - 4) + "AAAA";

        for (MockHttpServletRequestBuilder request : List.of(
                get("/api/v1/contacts/" + id),
                get("/api/v1/contacts/" + id).header("Authorization", "Bearer ark_nope"),
                get("/api/v1/contacts/" + id).header("Authorization", "Bearer " + wrongSecret),
                get("/api/v1/contacts/" + id).header("X-Api-Key", wrongSecret),
                get("/api/v1/contacts/" + id).header("Authorization", "Bearer " + revoked.secret()),
                // a signed-in person's session does not open the API
                get("/api/v1/contacts/" + id).with(personas.as(Personas.HQ_ADMIN)),
                post("/api/v1/contacts/batch").with(personas.as(Personas.HQ_ADMIN)).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"contacts\":[]}"))) {
            MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
            assertThat(response.getStatus()).isEqualTo(401);
            assertThat(response.getContentType()).startsWith("application/problem+json");
            assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer");
            assertThat(response.getHeader("Set-Cookie")).isNull();
            JsonNode problem = body(response);
            assertThat(problem.get("status").asInt()).isEqualTo(401);
            assertThat(problem.get("code").asString()).isEqualTo("unauthorized");
        }
    }

    @Test
    void aValidKeyReadsAContactByBearerOrXApiKeyAndItsUseIsRecorded() throws Exception {
        String email = "read-" + unique() + "@example.com";
        UUID id = lyonContact(email);
        CreatedApiKey key = networkKey();
        assertThat(key.secret()).startsWith("ark_" + key.key().prefix() + "_");

        mvc.perform(as(get("/api/v1/contacts/" + id), key)).andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.email").value(email))
                .andExpect(jsonPath("$.branchCode").value("LYO-01"))
                .andExpect(header().doesNotExist("Set-Cookie"))
                .andExpect(header().exists("RateLimit-Remaining"));
        mvc.perform(get("/api/v1/contacts").param("email", email.toUpperCase()).header("X-Api-Key", key.secret()))
                .andExpect(status().isOk()).andExpect(jsonPath("$.items[0].id").value(id.toString()));

        assertThat(personas.callAs(Personas.HQ_ADMIN, () -> apiKeys.get(key.key().id())).lastUsedAt()).isNotNull();
    }

    @Test
    void aSuspendedNetworksKeysStopWorkingAndLastUseIsWrittenAtMostOnceAMinute() throws Exception {
        String tag = unique();
        UUID network = tenants.create("api-suspended-" + tag, "Api Suspended " + tag, "en");
        CreatedApiKey[] key = new CreatedApiKey[1];
        TenantContext.runAsSystem(network, () -> key[0] = apiKeys.create(
                new ApiKeyDraft("Soon suspended", ScopeType.TENANT, null, null)));
        mvc.perform(as(get("/api/v1/contacts").param("email", "x@example.com"), key[0]))
                .andExpect(status().isOk()).andExpect(jsonPath("$.items").isEmpty());
        java.time.Instant firstUse = lastUse(network, key[0]);
        assertThat(firstUse).isNotNull();
        mvc.perform(as(get("/api/v1/contacts").param("email", "x@example.com"), key[0])).andExpect(status().isOk());
        assertThat(lastUse(network, key[0])).as("a second call within the minute writes nothing").isEqualTo(firstUse);

        tenants.suspend(network);
        mvc.perform(as(get("/api/v1/contacts").param("email", "x@example.com"), key[0]))
                .andExpect(status().isUnauthorized()).andExpect(jsonPath("$.code").value("unauthorized"));
        tenants.reactivate(network);
        mvc.perform(as(get("/api/v1/contacts").param("email", "x@example.com"), key[0])).andExpect(status().isOk());
    }

    private java.time.Instant lastUse(UUID network, CreatedApiKey key) {
        java.time.Instant[] at = new java.time.Instant[1];
        TenantContext.runAsSystem(network, () -> at[0] = apiKeys.get(key.key().id()).lastUsedAt());
        return at[0];
    }

    @Test
    void anotherTenantsKeyCannotSeeOurContact() throws Exception {
        UUID ours = lyonContact("ours-" + unique() + "@example.com");
        String tag = unique();
        UUID rival = tenants.create("api-rival-" + tag, "Api Rival " + tag, "en");
        CreatedApiKey[] rivalKey = new CreatedApiKey[1];
        TenantContext.runAsSystem(rival, () -> rivalKey[0] = apiKeys.create(
                new ApiKeyDraft("Rival CRM", ScopeType.TENANT, null, null)));

        mvc.perform(as(get("/api/v1/contacts/" + ours), rivalKey[0])).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("not_found"));
        mvc.perform(as(delete("/api/v1/contacts/" + ours), rivalKey[0])).andExpect(status().isNotFound());
        mvc.perform(as(post("/api/v1/contacts/" + ours + "/consent"), rivalKey[0])
                .contentType(MediaType.APPLICATION_JSON).content("{\"channel\":\"EMAIL\",\"state\":\"GRANTED\"}"))
                .andExpect(status().isNotFound());
        assertThat(personas.callAs(Personas.HQ_ADMIN, () -> contacts.get(ours)).erased()).isFalse();
        assertThat(personas.callAs(Personas.HQ_ADMIN, () -> contacts.consentHistory(ours))).isEmpty();
    }

    @Test
    void aBranchKeyCannotReachOrWriteAnotherBranch() throws Exception {
        CreatedApiKey lyonKey = key(ScopeType.BRANCHES, null, branch("LYO-01"));
        UUID nice = branch("NCE-01");
        UUID niceContact = personas.callAs(Personas.HQ_ADMIN, () -> contacts.create(nice, new ContactData(
                "nice-" + unique() + "@example.com", null, "N", "C", null, null, null, null, null, null, List.of())));

        mvc.perform(as(get("/api/v1/contacts/" + niceContact), lyonKey)).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("forbidden"));
        mvc.perform(as(delete("/api/v1/contacts/" + niceContact), lyonKey)).andExpect(status().isForbidden());
        mvc.perform(as(post("/api/v1/contacts/" + niceContact + "/consent"), lyonKey)
                .contentType(MediaType.APPLICATION_JSON).content("{\"channel\":\"SMS\",\"state\":\"GRANTED\"}"))
                .andExpect(status().isForbidden());
        String email = "nope-" + unique() + "@example.com";
        mvc.perform(as(post("/api/v1/contacts/batch"), lyonKey).contentType(MediaType.APPLICATION_JSON)
                .content("{\"contacts\":[{\"branchCode\":\"LYO-01\",\"email\":\"ok-" + unique() + "@example.com\"},"
                        + "{\"branchCode\":\"NCE-01\",\"email\":\"" + email + "\"}]}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("branch.outOfScope"))
                .andExpect(jsonPath("$.errors[0].field").value("contacts[1].branchCode"));
        assertThat(personas.callAs(Personas.HQ_ADMIN, () -> contacts.findInBranch(nice, email, null))).isEmpty();
        assertThat(personas.callAs(Personas.HQ_ADMIN, () -> contacts.consentHistory(niceContact))).isEmpty();

        // and its own branch is open, even without a branch code
        String own = "own-" + unique() + "@example.com";
        mvc.perform(as(post("/api/v1/contacts/batch"), lyonKey).contentType(MediaType.APPLICATION_JSON)
                .content("{\"contacts\":[{\"email\":\"" + own + "\"}]}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.results[0].status").value("created"));
    }

    @Test
    void aTerritoryKeyWorksInsideItsRegionOnlyAndLooksUpByMobile() throws Exception {
        UUID ara = personas.callAs(Personas.HQ_ADMIN, () -> territories.visibleTree().stream()
                .filter(t -> "ARA".equals(t.code())).findFirst().orElseThrow().id());
        CreatedApiKey araKey = key(ScopeType.TERRITORY, ara, null);
        String tag = unique();
        // 06 12 is an allocated mobile range (libphonenumber refuses some unallocated 06 1x blocks)
        String mobile = "06 12 " + (10 + (int) (Math.random() * 89)) + " 56 78";
        UUID lyon = personas.callAs(Personas.HQ_ADMIN, () -> contacts.create(branch("LYO-01"), new ContactData(null,
                mobile, "Mobile", "Only " + tag, null, null, null, null, null, null, List.of())));
        UUID nice = personas.callAs(Personas.HQ_ADMIN, () -> contacts.create(branch("NCE-01"), new ContactData(
                "nice-" + tag + "@example.com", null, "N", "C", null, null, null, null, null, null, List.of())));

        mvc.perform(as(get("/api/v1/contacts/" + lyon), araKey)).andExpect(status().isOk());
        mvc.perform(as(get("/api/v1/contacts/" + nice), araKey)).andExpect(status().isForbidden());
        mvc.perform(as(get("/api/v1/contacts"), araKey).param("branchCode", "LYO-01").param("mobile", mobile))
                .andExpect(status().isOk()).andExpect(jsonPath("$.items[?(@.id == '" + lyon + "')]").exists());
        mvc.perform(as(get("/api/v1/contacts"), araKey).param("email", "nice-" + tag + "@example.com"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.items").isEmpty());
        mvc.perform(as(get("/api/v1/contacts"), araKey).param("branchCode", "NCE-01").param("email", "x@example.com"))
                .andExpect(status().isForbidden());
        mvc.perform(as(get("/api/v1/contacts"), araKey)).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("lookup.criteria"));
    }

    // ------------------------------------------------------------------------------------------------ batch

    @Test
    void batchUpsertCreatesUpdatesAndRejectsItemByItemWithFieldDetails() throws Exception {
        String attribute = "api_" + unique().replace('-', '_');
        personas.runAs(Personas.HQ_ADMIN, () -> attributes.create(new Draft(attribute, "Shoe size " + attribute,
                AttributeType.NUMBER, List.of())));
        String existing = "existing-" + unique() + "@example.com";
        UUID existingId = lyonContact(existing);
        String fresh = "fresh-" + unique() + "@example.com";
        CreatedApiKey key = networkKey();

        String request = """
                {"contacts": [
                  {"branchCode": "LYO-01", "email": "%s", "mobile": "06 12 34 56 78", "firstName": "Claire",
                   "lastName": "Martin", "birthDate": "1988-04-12", "totalSpend": 129.9, "tags": ["vip", "web"],
                   "attributes": {"%s": "42"}, "unknownField": "ignored",
                   "consent": {"email": {"state": "GRANTED", "proof": "Ticked the box on the CRM form"}}},
                  {"branchCode": "lyo-01", "email": "%s", "lastName": "Renamed", "loyaltyTier": "Gold"},
                  {"branchCode": "LYO-01", "email": "not-an-email"},
                  {"branchCode": "LYO-01", "email": "date-%s@example.com", "birthDate": "31/12/1990"},
                  {"branchCode": "NOPE-99", "email": "branch-%s@example.com"},
                  {"branchCode": "LYO-01", "email": "attr-%s@example.com", "attributes": {"no_such_attribute": "x"}},
                  {"branchCode": "LYO-01", "email": "many-%s@example.com", "birthDate": "1990-02-30",
                   "totalSpend": "lots", "consent": {"sms": {"state": "MAYBE"}}}
                ]}""".formatted(fresh, attribute, existing, unique(), unique(), unique(), unique());
        JsonNode result = body(mvc.perform(as(post("/api/v1/contacts/batch"), key)
                .contentType(MediaType.APPLICATION_JSON).content(request))
                .andExpect(status().isOk()).andReturn().getResponse());

        assertThat(result.get("received").asInt()).isEqualTo(7);
        assertThat(result.get("created").asInt()).isEqualTo(1);
        assertThat(result.get("updated").asInt()).isEqualTo(1);
        assertThat(result.get("rejected").asInt()).isEqualTo(5);
        JsonNode items = result.get("results");
        assertThat(items.get(0).get("status").asString()).isEqualTo("created");
        assertThat(items.get(1).get("status").asString()).isEqualTo("updated");
        assertThat(items.get(1).get("id").asString()).isEqualTo(existingId.toString());
        assertThat(errors(items.get(2))).containsExactly("email:validation.email");
        assertThat(errors(items.get(3))).containsExactly("birthDate:date.invalid");
        assertThat(errors(items.get(4))).containsExactly("branchCode:branch.unknown");
        assertThat(errors(items.get(5))).containsExactly("attributes[no_such_attribute]:contact.attribute.unknown");
        assertThat(errors(items.get(6))).containsExactlyInAnyOrder("birthDate:date.invalid",
                "totalSpend:number.invalid", "consent.sms.state:consent.state.invalid");
        for (int i = 2; i < 7; i++) {
            assertThat(items.get(i).get("id").isNull()).isTrue();
            assertThat(items.get(i).get("errors").get(0).get("message").asString()).isNotBlank();
        }

        UUID createdId = UUID.fromString(items.get(0).get("id").asString());
        Contact created = personas.callAs(Personas.HQ_ADMIN, () -> contacts.get(createdId));
        assertThat(created.mobile()).isEqualTo("+33612345678");
        assertThat(created.birthDate()).hasToString("1988-04-12");
        assertThat(created.totalSpend()).isEqualByComparingTo("129.90");
        assertThat(created.tags()).containsExactly("vip", "web");
        assertThat(created.attributes().get(attribute).toString()).isEqualTo("42");
        assertThat(created.emailConsent()).isEqualTo(ConsentState.GRANTED);
        ConsentEvent event = personas.callAs(Personas.HQ_ADMIN, () -> contacts.consentHistory(createdId)).get(0);
        assertThat(event.source()).isEqualTo(ConsentSource.API);
        assertThat(event.actor()).startsWith("API key " + key.key().name());
        assertThat(event.proof()).isEqualTo("Ticked the box on the CRM form");

        Contact updated = personas.callAs(Personas.HQ_ADMIN, () -> contacts.get(existingId));
        assertThat(updated.lastName()).isEqualTo("Renamed");
        assertThat(updated.firstName()).as("left out: kept").isEqualTo("Api");
        assertThat(updated.loyaltyTier()).isEqualTo("Gold");

        // the same call again: the created one is now updated, the consent (unchanged) adds no event
        mvc.perform(as(post("/api/v1/contacts/batch"), key).contentType(MediaType.APPLICATION_JSON).content(request))
                .andExpect(status().isOk()).andExpect(jsonPath("$.results[0].status").value("updated"))
                .andExpect(jsonPath("$.created").value(0));
        assertThat(personas.callAs(Personas.HQ_ADMIN, () -> contacts.consentHistory(createdId))).hasSize(1);
    }

    @Test
    void malformedOrOversizedBatchesAreRefusedAsAWhole() throws Exception {
        CreatedApiKey key = networkKey();
        mvc.perform(as(post("/api/v1/contacts/batch"), key).contentType(MediaType.APPLICATION_JSON)
                .content("{\"contacts\": [ {\"email\": }"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("malformed_json"))
                .andExpect(jsonPath("$.errors[0].code").value("malformed_json"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("line 1, column")));
        // a value of the wrong type names its place in the document
        mvc.perform(as(post("/api/v1/contacts/batch"), key).contentType(MediaType.APPLICATION_JSON)
                .content("{\"contacts\": [{\"email\": \"a@example.com\", \"tags\": {\"not\": \"a list\"}}]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("contacts[0].tags")));
        mvc.perform(as(post("/api/v1/contacts/batch"), key).contentType(MediaType.APPLICATION_JSON)
                .content("{\"contacts\": []}"))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.code").value("batch.empty"));
        StringBuilder big = new StringBuilder("{\"contacts\": [");
        for (int i = 0; i < 501; i++) {
            big.append(i == 0 ? "" : ",").append("{\"email\": \"x").append(i).append("@example.com\"}");
        }
        mvc.perform(as(post("/api/v1/contacts/batch"), key).contentType(MediaType.APPLICATION_JSON)
                .content(big.append("]}").toString()))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.code").value("batch.tooLarge"))
                .andExpect(jsonPath("$.errors[0].field").value("contacts"));
        mvc.perform(as(post("/api/v1/contacts/batch"), key).contentType(MediaType.TEXT_PLAIN).content("hello"))
                .andExpect(status().isUnsupportedMediaType());
    }

    // ------------------------------------------------------------------------------------------------ consent, erase

    @Test
    void aConsentChangeIsRecordedWithSourceApiAndTheKeyAsActor() throws Exception {
        UUID id = lyonContact("consent-" + unique() + "@example.com");
        CreatedApiKey key = networkKey();
        mvc.perform(as(post("/api/v1/contacts/" + id + "/consent"), key).contentType(MediaType.APPLICATION_JSON)
                .content("{\"channel\": \"sms\", \"state\": \"GRANTED\", \"proof\": \"Keyword JOIN by SMS\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.source").value("API"))
                .andExpect(jsonPath("$.state").value("GRANTED"))
                .andExpect(jsonPath("$.actor").value("API key " + key.key().name() + " <ark_" + key.key().prefix()
                        + ">"));
        ConsentEvent event = personas.callAs(Personas.HQ_ADMIN, () -> contacts.consentHistory(id)).get(0);
        assertThat(event.channel()).isEqualTo(Channel.SMS);
        assertThat(event.source()).isEqualTo(ConsentSource.API);
        assertThat(event.actor()).contains(key.key().name());
        assertThat(event.proof()).isEqualTo("Keyword JOIN by SMS");

        mvc.perform(as(post("/api/v1/contacts/" + id + "/consent"), key).contentType(MediaType.APPLICATION_JSON)
                .content("{\"channel\": \"FAX\", \"state\": \"YES\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("channel"))
                .andExpect(jsonPath("$.errors[1].field").value("state"));
        assertThat(personas.callAs(Personas.HQ_ADMIN, () -> contacts.consentHistory(id))).hasSize(1);
    }

    @Test
    void deleteErasesTheContactAndSuppressesItsAddress() throws Exception {
        String email = "erase-" + unique() + "@example.com";
        UUID id = lyonContact(email);
        CreatedApiKey key = networkKey();
        mvc.perform(as(delete("/api/v1/contacts/" + id), key)).andExpect(status().isNoContent());
        Contact erased = personas.callAs(Personas.HQ_ADMIN, () -> contacts.get(id));
        assertThat(erased.erased()).isTrue();
        assertThat(erased.email()).isNull();
        assertThat(personas.callAs(Personas.HQ_ADMIN, () -> contacts.isSuppressed(email, null))).isTrue();
        mvc.perform(as(get("/api/v1/contacts/" + id), key)).andExpect(status().isOk())
                .andExpect(jsonPath("$.erased").value(true)).andExpect(jsonPath("$.email").isEmpty());
        mvc.perform(as(get("/api/v1/contacts/" + UUID.randomUUID()), key)).andExpect(status().isNotFound());
    }

    // ------------------------------------------------------------------------------------------------ rate limit

    @Test
    void aKeyOverItsBudgetGets429WithRetryAfter() throws Exception {
        UUID id = lyonContact("limit-" + unique() + "@example.com");
        CreatedApiKey key = networkKey();
        limiter.limitKey(key.key().id(), 3);
        for (int i = 0; i < 3; i++) {
            mvc.perform(as(get("/api/v1/contacts/" + id), key)).andExpect(status().isOk())
                    .andExpect(header().string("RateLimit-Limit", "3"))
                    .andExpect(header().string("RateLimit-Remaining", String.valueOf(2 - i)));
        }
        MockHttpServletResponse refused = mvc.perform(as(get("/api/v1/contacts/" + id), key)).andReturn()
                .getResponse();
        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(Long.parseLong(refused.getHeader("Retry-After"))).isPositive();
        assertThat(refused.getHeader("RateLimit-Remaining")).isEqualTo("0");
        assertThat(body(refused).get("code").asString()).isEqualTo("rate_limited");
        // another key is not affected
        mvc.perform(as(get("/api/v1/contacts/" + id), networkKey())).andExpect(status().isOk());
    }

    private static List<String> errors(JsonNode item) {
        List<String> out = new java.util.ArrayList<>();
        item.get("errors").forEach(e -> out.add(e.get("field").asString() + ":" + e.get("code").asString()));
        return out;
    }
}
