package io.archipel.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.archipel.audience.SegmentService;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TerritoryService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The autonomy policy pages: a territory override is what its branches get, field by field, and the table says which
 * values are set there and which are inherited; forms keep what was typed when refused.
 */
@ArchipelTest
class PolicyPagesTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    Personas personas;
    @Autowired
    org.springframework.context.ApplicationContext context;
    @Autowired
    PolicyService policies;
    @Autowired
    SegmentService segments;
    @Autowired
    BranchService branches;
    @Autowired
    TerritoryService territories;

    ReviewFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ReviewFixture(context);
    }

    private MockHttpServletRequestBuilder en(MockHttpServletRequestBuilder request) {
        return request.with(personas.as(Personas.HQ_MARKETER)).locale(Locale.ENGLISH).header("Accept-Language", "en");
    }

    private String body(ResultActions result) throws Exception {
        return result.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    /** The HTML of one row of the effective table. */
    private static String row(String page, UUID territoryId) {
        Matcher m = Pattern.compile("<tr[^>]*id=\"row-" + territoryId + "\"[^>]*>(.*?)</tr>", Pattern.DOTALL)
                .matcher(page);
        assertThat(m.find()).as("row of territory " + territoryId).isTrue();
        return m.group(1);
    }

    @Test
    void aTerritoryOverrideIsEffectiveForItsBranchesAndTheOtherValuesAreInherited() throws Exception {
        UUID template = fixture.newTemplate(new Policies.Policy(Policies.ReviewMode.ALWAYS, Policies.Reviewer.HQ, 24,
                Policies.ExpiryAction.ESCALATE_TO_HQ, null, java.util.EnumSet.allOf(io.archipel.brand.TemplateChannel.class)));
        UUID ara = fixture.territoryId("ARA");
        UUID lyonZone = fixture.territoryId("ARA-LYO");
        UUID paca = fixture.territoryId("PACA");

        // the override page offers "inherit" for every field, with what would be inherited
        String form = body(mvc.perform(en(get("/hq/policies/{templateId}/territories/{territoryId}", template, ara)))
                .andExpect(status().isOk()));
        assertThat(form).contains("Override for Auvergne-Rhône-Alpes").contains("Inherit (Always");

        // ARA: no review, reviewed by territory validators; everything else inherited
        mvc.perform(en(post("/hq/policies/{templateId}/territories/{territoryId}", template, ara)).with(csrf())
                        .param("review", "NEVER").param("reviewer", "TERRITORY_VALIDATORS").param("deadlineHours", "")
                        .param("onExpiry", "").param("maxSendsMode", "inherit").param("channelsMode", "inherit"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/hq/policies/" + template + "#effective"))
                .andExpect(flash().attribute("flashSuccess", "policies.override.saved"));

        // the engine agrees: a Lyon branch gets the override's values and the template's deadline
        Policies.Effective lyon = personas.callAs(Personas.HQ_ADMIN,
                () -> policies.effective(template, fixture.branchId("LYO-01")));
        assertThat(lyon.policy().review()).isEqualTo(Policies.ReviewMode.NEVER);
        assertThat(lyon.policy().reviewer()).isEqualTo(Policies.Reviewer.TERRITORY_VALIDATORS);
        assertThat(lyon.policy().deadlineHours()).isEqualTo(24);
        Policies.Effective nice = personas.callAs(Personas.HQ_ADMIN,
                () -> policies.effective(template, fixture.branchId("NCE-01")));
        assertThat(nice.policy().review()).isEqualTo(Policies.ReviewMode.ALWAYS);

        String page = body(mvc.perform(en(get("/hq/policies/{templateId}", template))).andExpect(status().isOk()));
        String araRow = row(page, ara);
        assertThat(araRow).contains("Override").contains("set here").contains("24 h").contains("from the template");
        String lyonRow = row(page, lyonZone);
        assertThat(lyonRow).contains("from Auvergne-Rhône-Alpes").contains("from the template")
                .doesNotContain("set here");
        String pacaRow = row(page, paca);
        assertThat(pacaRow).doesNotContain("set here").doesNotContain("from Auvergne-Rhône-Alpes")
                .contains("from the template");

        // removing the override gives the template's policy back
        mvc.perform(en(post("/hq/policies/{templateId}/territories/{territoryId}/remove", template, ara)).with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(personas.callAs(Personas.HQ_ADMIN, () -> policies.effective(template, fixture.branchId("LYO-01")))
                .policy().review()).isEqualTo(Policies.ReviewMode.ALWAYS);
    }

    @Test
    void aTemplateCanHaveItsOwnPolicyOrFollowTheNetworkDefault() throws Exception {
        UUID template = fixture.newTemplate(null);
        String page = body(mvc.perform(en(get("/hq/policies/{templateId}", template))).andExpect(status().isOk()));
        assertThat(page).contains("Follows the network default").contains("network default");
        assertThat(personas.callAs(Personas.HQ_ADMIN, () -> policies.templatePolicy(template))).isEmpty();

        mvc.perform(en(post("/hq/policies/{templateId}", template)).with(csrf()).param("mode", "own")
                        .param("review", "WHEN_FREE_TEXT_CHANGED").param("reviewer", "HQ").param("deadlineHours", "12")
                        .param("onExpiry", "AUTO_APPROVE").param("maxSendsPerWeek", "3").param("channels", "EMAIL"))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("flashSuccess", "policies.template.saved"));
        Policies.Policy own = personas.callAs(Personas.HQ_ADMIN, () -> policies.templatePolicy(template)).orElseThrow();
        assertThat(own.review()).isEqualTo(Policies.ReviewMode.WHEN_FREE_TEXT_CHANGED);
        assertThat(own.deadlineHours()).isEqualTo(12);
        assertThat(own.maxSendsPerWeek()).isEqualTo(3);

        mvc.perform(en(post("/hq/policies/{templateId}", template)).with(csrf()).param("mode", "default"))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("flashSuccess", "policies.template.cleared"));
        assertThat(personas.callAs(Personas.HQ_ADMIN, () -> policies.templatePolicy(template))).isEmpty();
    }

    @Test
    void anInvalidNetworkDefaultIsRefusedAndKeepsWhatWasTyped() throws Exception {
        Policies.Policy before = personas.callAs(Personas.HQ_ADMIN, () -> policies.networkDefault());
        String refused = body(mvc.perform(en(post("/hq/policies")).with(csrf()).param("review", "ALWAYS")
                .param("reviewer", "HQ").param("deadlineHours", "0").param("onExpiry", "AUTO_APPROVE")
                .param("maxSendsPerWeek", "7")).andExpect(status().isOk()));
        assertThat(refused).contains("Between 1 and 720 hours.").contains("Allow at least one channel.")
                .contains("value=\"7\"").contains("aria-invalid=\"true\"");
        assertThat(personas.callAs(Personas.HQ_ADMIN, () -> policies.networkDefault())).isEqualTo(before);

        String list = body(mvc.perform(en(get("/hq/policies"))).andExpect(status().isOk()));
        assertThat(list).contains("Network default").contains("/hq/segments/policy");
    }

    @Test
    void validatorsAndBranchManagersMayNotOpenThePolicies() throws Exception {
        mvc.perform(get("/hq/policies").with(personas.as(Personas.VALIDATOR))).andExpect(status().isForbidden());
        mvc.perform(get("/hq/policies").with(personas.as(Personas.BRANCH_MANAGER))).andExpect(status().isForbidden());
    }
}
