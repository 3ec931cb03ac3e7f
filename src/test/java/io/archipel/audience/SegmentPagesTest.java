package io.archipel.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.archipel.audience.Contacts.Channel;
import io.archipel.audience.Contacts.ConsentSource;
import io.archipel.audience.Contacts.ConsentState;
import io.archipel.audience.Contacts.ContactData;
import io.archipel.audience.Segments.Field;
import io.archipel.audience.Segments.FieldType;
import io.archipel.audience.Segments.Segment;
import io.archipel.audience.Segments.TerritoryPolicy;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The segment pages: the rule builder round trips, the live count, saving, the branch policy and the portal. */
@ArchipelTest
class SegmentPagesTest {

    private static final String HQ = Personas.HQ_MARKETER;
    private static final String LYON = Personas.BRANCH_MANAGER;
    private static final String NICE = Personas.OTHER_BRANCH_MANAGER;

    @Autowired
    MockMvc mvc;
    @Autowired
    Personas personas;
    @Autowired
    SegmentService segments;
    @Autowired
    ContactService contacts;
    @Autowired
    BranchService branches;

    MockHttpServletResponse perform(MockHttpServletRequestBuilder request, String persona) throws Exception {
        return mvc.perform(request.locale(Locale.ENGLISH).with(personas.as(persona))).andReturn().getResponse();
    }

    String page(MockHttpServletRequestBuilder request, String persona) throws Exception {
        MockHttpServletResponse r = perform(request, persona);
        assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(200);
        return r.getContentAsString(StandardCharsets.UTF_8);
    }

    static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    BranchService.BranchView branch(String code) {
        return personas.callAs(Personas.HQ_ADMIN, () -> branches.search(code, null).stream()
                .filter(b -> b.code().equals(code)).findFirst().orElseThrow());
    }

    Field field(FieldType type) {
        return personas.callAs(HQ, () -> segments.fields()).stream().filter(f -> f.type() == type)
                .filter(f -> !f.key().startsWith("attr.")).findFirst().orElseThrow();
    }

    /** A contact of a branch with a tag and consent on e-mail. */
    void contactWithTag(UUID branchId, String tag, boolean consent) {
        personas.callAs(Personas.HQ_ADMIN, () -> {
            UUID id = contacts.create(branchId, new ContactData("seg." + unique() + "@example.com", null, "Seg",
                    "Ment", null, null, null, null, null, null, List.of(tag)));
            if (consent) {
                contacts.recordConsent(id, Channel.EMAIL, ConsentState.GRANTED, ConsentSource.FORM, "test");
            }
            return id;
        });
    }

    /** The form of a segment whose root holds one condition "tags has tag X". */
    MockHttpServletRequestBuilder tagForm(MockHttpServletRequestBuilder request, String name, String tag) {
        Field tags = field(FieldType.TAGS);
        return request.param("name", name).param("channel", "EMAIL").param("root.type", "group")
                .param("root.combinator", "ALL").param("root.rules[0].type", "condition")
                .param("root.rules[0].field", tags.key()).param("root.rules[0].operator", "HAS_TAG")
                .param("root.rules[0].values[0]", tag);
    }

    @Test
    void theBuilderAddsAndRemovesConditionsAndNestedGroups() throws Exception {
        String tag = "t" + unique();
        // add a group to the root: it comes with one empty condition, and the combinator flips to ANY
        String html = page(tagForm(post("/hq/segments/builder"), "Round trip", tag).param("action", "add-group:root")
                .header("HX-Request", "true").with(csrf()), HQ);
        assertThat(html).doesNotContain("<html").contains("id=\"rule-builder\"")
                .contains("name=\"root.rules[1].type\" value=\"group\"")
                .contains("name=\"root.rules[1].rules[0].field\"")
                .containsPattern("name=\"root.rules\\[1]\\.combinator\"[^>]*>\\s*<option value=\"ALL\"\\s*>[^<]*</option>\\s*<option value=\"ANY\" selected")
                .contains("value=\"" + tag + "\"")
                .contains("hx-swap-oob=\"true\"");
        // add a condition inside the nested group, then remove the first condition of the root
        html = page(tagForm(post("/hq/segments/builder"), "Round trip", tag).param("root.rules[1].type", "group")
                .param("root.rules[1].combinator", "ANY").param("root.rules[1].rules[0].type", "condition")
                .param("action", "add-condition:root.rules[1]").header("HX-Request", "true").with(csrf()), HQ);
        assertThat(html).contains("name=\"root.rules[1].rules[1].field\"");
        html = page(tagForm(post("/hq/segments/builder"), "Round trip", tag).param("root.rules[1].type", "group")
                .param("root.rules[1].combinator", "ANY").param("root.rules[1].rules[0].type", "condition")
                .param("action", "remove:root.rules[0]").header("HX-Request", "true").with(csrf()), HQ);
        assertThat(html).contains("name=\"root.rules[0].type\" value=\"group\"").doesNotContain("root.rules[1]")
                .doesNotContain("value=\"" + tag + "\"");
        // a tampered action or path changes nothing and fails nothing
        html = page(tagForm(post("/hq/segments/builder"), "Round trip", tag).param("action", "remove:root.rules[99]")
                .header("HX-Request", "true").with(csrf()), HQ);
        assertThat(html).contains("value=\"" + tag + "\"");
        // without htmx the whole editor page comes back
        assertThat(page(tagForm(post("/hq/segments/builder"), "Round trip", tag).param("action", "add-condition:root")
                .with(csrf()), HQ)).contains("<html").contains("name=\"root.rules[1].field\"");
    }

    @Test
    void theCountPanelShowsTheNetworkAndBranchFigures() throws Exception {
        String tag = "c" + unique();
        UUID lyon = branch("LYO-01").id();
        UUID nice = branch("NCE-01").id();
        contactWithTag(lyon, tag, true);
        contactWithTag(lyon, tag, true);
        contactWithTag(lyon, tag, false);
        contactWithTag(nice, tag, true);

        String hq = page(tagForm(post("/hq/segments/count"), "Count", tag).header("HX-Request", "true").with(csrf()),
                HQ);
        assertThat(hq).contains("id=\"segment-count\"").containsPattern("segment-count-value\">\\s*3\\s*<")
                .contains("LYO-01").contains("NCE-01").contains("reachable by e-mail across your network");
        String portal = page(tagForm(post("/portal/segments/count"), "Count", tag).param("branchId", lyon.toString())
                .header("HX-Request", "true").with(csrf()), LYON);
        assertThat(portal).containsPattern("segment-count-value\">\\s*2\\s*<").doesNotContain("NCE-01");
        // a nested ANY group: tag AND (tag OR an unknown tag) is still 3; the focused remove button htmx sends along
        // as "action" is ignored by the count
        Field tags = field(FieldType.TAGS);
        String nested = page(tagForm(post("/hq/segments/count"), "Count", tag).param("root.rules[1].type", "group")
                .param("root.rules[1].combinator", "ANY").param("root.rules[1].rules[0].type", "condition")
                .param("root.rules[1].rules[0].field", tags.key()).param("root.rules[1].rules[0].operator", "HAS_TAG")
                .param("root.rules[1].rules[0].values[0]", "none" + tag)
                .param("root.rules[1].rules[1].type", "condition").param("root.rules[1].rules[1].field", tags.key())
                .param("root.rules[1].rules[1].operator", "HAS_TAG").param("root.rules[1].rules[1].values[0]", tag)
                .param("action", "remove:root.rules[1].rules[0]").header("HX-Request", "true").with(csrf()), HQ);
        assertThat(nested).containsPattern("segment-count-value\">\\s*3\\s*<");
        // another branch's count is not the Lyon manager's business
        assertThat(perform(tagForm(post("/portal/segments/count"), "Count", tag).param("branchId", nice.toString())
                .header("HX-Request", "true").with(csrf()), LYON).getStatus()).isEqualTo(403);
    }

    @Test
    void aTamperedFieldOrOperatorIsShownAsAProblemNotAFailure() throws Exception {
        String html = page(post("/hq/segments/count").param("name", "Tampered").param("channel", "EMAIL")
                .param("root.type", "group").param("root.combinator", "ALL").param("root.rules[0].type", "condition")
                .param("root.rules[0].field", "password'; drop table contact; --")
                .param("root.rules[0].operator", "EQUALS").param("root.rules[0].values[0]", "x")
                .header("HX-Request", "true").with(csrf()), HQ);
        assertThat(html).contains("segment-count-problems").doesNotContain("segment-count-value")
                .contains("id=\"n-root-rules-0-problems\"");
        html = page(tagForm(post("/hq/segments/count"), "Tampered", "x").param("root.rules[0].operator", "DROP")
                .param("root.combinator", "XOR").param("channel", "FAX").header("HX-Request", "true").with(csrf()), HQ);
        assertThat(html).contains("Choose a comparison for this condition").contains("Choose the e-mail or SMS channel")
                .contains("Choose “all” or “any” for this group");
        // saving it re-renders the editor with the problems next to the condition
        String saved = page(post("/hq/segments").param("name", "Tampered " + unique()).param("channel", "EMAIL")
                .param("root.type", "group").param("root.combinator", "ALL").param("root.rules[0].type", "condition")
                .param("root.rules[0].field", "nope").param("root.rules[0].operator", "EQUALS").with(csrf()), HQ);
        assertThat(saved).contains("class=\"rule-problem\"").contains("Unknown field “nope”");
    }

    @Test
    void hqSavesEditsAndDeletesASegmentAndAStaleSaveKeepsTheInput() throws Exception {
        String name = "VIP " + unique();
        String tag = "s" + unique();
        MockHttpServletResponse created = perform(tagForm(post("/hq/segments"), name, tag).with(csrf()), HQ);
        assertThat(created.getStatus()).isEqualTo(302);
        UUID id = UUID.fromString(created.getRedirectedUrl().substring("/hq/segments/".length()));
        Segment s = personas.callAs(HQ, () -> segments.get(id));
        assertThat(s.name()).isEqualTo(name);
        assertThat(s.definition().root().rules()).hasSize(1);

        assertThat(page(get("/hq/segments"), HQ)).contains(name).contains("“" + tag + "”")
                .contains("hx-get=\"/hq/segments/" + id + "/reach\"");
        // each row then fetches its own network count: nobody has this fresh tag yet
        assertThat(page(get("/hq/segments/" + id + "/reach"), HQ)).contains("segment-reach").contains(">0</td>");
        String editor = page(get("/hq/segments/" + id), HQ);
        assertThat(editor).contains("value=\"" + tag + "\"").contains("name=\"version\"")
                .contains("action=\"/hq/segments/" + id + "\"").contains("hx-post=\"/hq/segments/count\"");

        assertThat(perform(tagForm(post("/hq/segments/" + id), name + " v2", tag)
                .param("version", String.valueOf(s.version())).with(csrf()), HQ).getStatus()).isEqualTo(302);
        assertThat(personas.callAs(HQ, () -> segments.get(id)).name()).isEqualTo(name + " v2");
        String stale = page(tagForm(post("/hq/segments/" + id), "Typed while stale", tag)
                .param("version", String.valueOf(s.version())).with(csrf()), HQ);
        assertThat(stale).contains("Someone else changed this record").contains("value=\"Typed while stale\"");

        // branches see it read-only, with their own count
        UUID lyon = branch("LYO-01").id();
        assertThat(page(get("/portal/segments").param("branchId", lyon.toString()), LYON)).contains(name + " v2");
        assertThat(page(get("/portal/segments/" + id).param("branchId", lyon.toString()), LYON))
                .contains("you can use it, not change it").doesNotContain("name=\"root.type\"");
        assertThat(perform(tagForm(post("/portal/segments/" + id), "Hijack", tag).with(csrf()), LYON).getStatus())
                .isEqualTo(403);

        assertThat(perform(post("/hq/segments/" + id + "/delete").with(csrf()), HQ).getRedirectedUrl())
                .isEqualTo("/hq/segments");
        assertThat(perform(get("/hq/segments/" + id), HQ).getStatus()).isEqualTo(404);
    }

    @Test
    void thePolicyPageLetsABranchCreateItsOwnSegments() throws Exception {
        BranchService.BranchView lyon = branch("LYO-01");
        UUID territory = lyon.territoryId();
        Boolean before = personas.callAs(HQ, () -> segments.branchSegmentPolicies()).stream()
                .filter(p -> p.territoryId().equals(territory)).findFirst().map(TerritoryPolicy::allowed).orElse(null);
        try {
            assertThat(perform(post("/hq/segments/policy/" + territory).param("allowed", "false").with(csrf()), HQ)
                    .getRedirectedUrl()).isEqualTo("/hq/segments/policy");
            String list = page(get("/portal/segments").param("branchId", lyon.id().toString()), LYON);
            assertThat(list).contains("has not allowed your territory to create segments")
                    .doesNotContain("/portal/segments/new");
            assertThat(perform(tagForm(post("/portal/segments"), "Mine", "x").param("branchId", lyon.id().toString())
                    .with(csrf()), LYON).getStatus()).isEqualTo(403);
            assertThat(perform(get("/portal/segments/new").param("branchId", lyon.id().toString()), LYON).getStatus())
                    .isEqualTo(403);

            // htmx save returns the table with the new setting
            String table = page(post("/hq/segments/policy/" + territory).param("allowed", "true")
                    .header("HX-Request", "true").with(csrf()), HQ);
            assertThat(table).doesNotContain("<html").contains("id=\"policy-table\"")
                    .containsPattern("<option value=\"true\"\\s+selected");
            assertThat(page(get("/hq/segments/policy"), HQ)).contains("Branches may create segments");

            list = page(get("/portal/segments").param("branchId", lyon.id().toString()), LYON);
            assertThat(list).contains("/portal/segments/new?branchId=" + lyon.id());
            assertThat(page(get("/portal/segments/new").param("branchId", lyon.id().toString()), LYON))
                    .contains("id=\"rule-builder\"");
            String name = "Mine " + unique();
            MockHttpServletResponse created = perform(tagForm(post("/portal/segments"), name, "x")
                    .param("branchId", lyon.id().toString()).with(csrf()), LYON);
            assertThat(created.getStatus()).isEqualTo(302);
            UUID id = UUID.fromString(created.getRedirectedUrl().substring("/portal/segments/".length()));
            assertThat(page(get("/portal/segments/" + id), LYON)).contains("value=\"" + name + "\"")
                    .contains("id=\"rule-builder\"");
            // the Nice manager cannot open it; HQ does not edit it from the HQ pages
            int status = perform(get("/portal/segments/" + id), NICE).getStatus();
            assertThat(status).isIn(403, 404);
            assertThat(perform(get("/hq/segments/" + id), HQ).getStatus()).isEqualTo(404);
            assertThat(perform(post("/portal/segments/" + id + "/delete").with(csrf()), NICE).getStatus())
                    .isIn(403, 404);
            assertThat(perform(post("/portal/segments/" + id + "/delete").with(csrf()), LYON).getStatus())
                    .isEqualTo(302);
        } finally {
            personas.callAs(HQ, () -> {
                segments.setBranchSegmentsAllowed(territory, before);
                return null;
            });
        }
    }

    @Test
    void branchManagersCannotReachTheHqPages() throws Exception {
        assertThat(perform(get("/hq/segments"), LYON).getStatus()).isEqualTo(403);
        assertThat(perform(get("/hq/segments/policy"), LYON).getStatus()).isEqualTo(403);
        assertThat(perform(post("/hq/segments/count").with(csrf()), LYON).getStatus()).isEqualTo(403);
    }
}
