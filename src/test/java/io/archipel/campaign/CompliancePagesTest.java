package io.archipel.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.archipel.brand.BlockConstraints;
import io.archipel.brand.BlockType;
import io.archipel.brand.EmailTemplateContent;
import io.archipel.brand.LockableText;
import io.archipel.brand.TemplateBlock;
import io.archipel.campaign.Compliance.Finding;
import io.archipel.campaign.Compliance.Rule;
import io.archipel.campaign.Compliance.RuleDraft;
import io.archipel.campaign.Compliance.RuleKind;
import io.archipel.campaign.Compliance.Severity;
import io.archipel.shared.AccessDeniedInScopeException;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** HQ maintains the compliance rules on /hq/compliance and tries texts against them; nobody else may. */
@ArchipelTest
class CompliancePagesTest {

    private static final String HQ = Personas.HQ_MARKETER;

    @Autowired
    MockMvc mvc;
    @Autowired
    Personas personas;
    @Autowired
    ComplianceService compliance;

    MockHttpServletResponse perform(MockHttpServletRequestBuilder request, String persona, Locale locale)
            throws Exception {
        return mvc.perform(request.locale(locale).with(personas.as(persona))).andReturn().getResponse();
    }

    String page(MockHttpServletRequestBuilder request, String persona, Locale locale) throws Exception {
        MockHttpServletResponse r = perform(request, persona, locale);
        assertThat(r.getStatus()).isEqualTo(200);
        return r.getContentAsString(StandardCharsets.UTF_8);
    }

    static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    List<Rule> rules() {
        return personas.callAs(HQ, compliance::rules);
    }

    Rule ruleWithWord(String word) {
        return rules().stream().filter(r -> r.words().contains(word)).findFirst().orElseThrow();
    }

    UUID wordRule(String word, Severity severity) {
        return personas.callAs(HQ, () -> compliance.create(new RuleDraft(RuleKind.RESTRICTED_WORD, severity, true,
                List.of(word), null, List.of(), null, "Note " + word)));
    }

    void deleteQuietly(UUID ruleId) {
        personas.runAs(Personas.HQ_ADMIN, () -> {
            if (compliance.rules().stream().anyMatch(r -> r.id().equals(ruleId))) {
                compliance.delete(ruleId);
            }
        });
    }

    @Test
    void hqAddsAWordRuleThenEditsItAndDeletesIt() throws Exception {
        String word = "zorglub" + unique();
        MockHttpServletResponse created = perform(post("/hq/compliance").with(csrf())
                .param("kind", "RESTRICTED_WORD").param("severity", "WARNING").param("enabled", "true")
                .param("words", word + "\n\n  meilleur deal " + word + "  ").param("note", "Pas de Zorglub."),
                HQ, Locale.ENGLISH);
        assertThat(created.getRedirectedUrl()).isEqualTo("/hq/compliance");
        Rule rule = ruleWithWord(word);
        try {
            assertThat(rule.words()).containsExactly(word, "meilleur deal " + word);
            assertThat(rule.severity()).isEqualTo(Severity.WARNING);
            assertThat(rule.enabled()).isTrue();
            assertThat(rule.note()).isEqualTo("Pas de Zorglub.");
            assertThat(rule.updatedBy()).contains("marketing@maison-lumiere.example");

            String list = page(get("/hq/compliance"), HQ, Locale.ENGLISH);
            assertThat(list).contains("Compliance rules", "Restricted words", word, "Pas de Zorglub.", "Warning",
                    "/hq/compliance/" + rule.id());

            String edit = page(get("/hq/compliance/" + rule.id()), HQ, Locale.FRENCH);
            assertThat(edit).contains("Modifier la règle : Mots interdits", word, "name=\"version\" value=\"0\"");

            MockHttpServletResponse saved = perform(post("/hq/compliance/" + rule.id()).with(csrf())
                    .param("version", "0").param("severity", "BLOCKING").param("enabled", "true")
                    .param("words", word).param("note", ""), HQ, Locale.ENGLISH);
            assertThat(saved.getRedirectedUrl()).isEqualTo("/hq/compliance");
            Rule after = ruleWithWord(word);
            assertThat(after.severity()).isEqualTo(Severity.BLOCKING);
            assertThat(after.words()).containsExactly(word);
            assertThat(after.note()).isNull();
            assertThat(after.version()).isEqualTo(1);

            // a stale form: the global message, and what was typed is kept
            String stale = page(post("/hq/compliance/" + rule.id()).with(csrf()).param("version", "0")
                    .param("severity", "WARNING").param("words", word + "\nkept" + word), HQ, Locale.ENGLISH);
            assertThat(stale).contains("Someone else changed this record", "kept" + word);
            assertThat(ruleWithWord(word).severity()).isEqualTo(Severity.BLOCKING);

            MockHttpServletResponse deleted = perform(post("/hq/compliance/" + rule.id() + "/delete").with(csrf()),
                    HQ, Locale.ENGLISH);
            assertThat(deleted.getRedirectedUrl()).isEqualTo("/hq/compliance");
            assertThat(rules()).noneMatch(r -> r.id().equals(rule.id()));
            assertThat(perform(get("/hq/compliance/" + rule.id()), HQ, Locale.ENGLISH).getStatus()).isEqualTo(404);
        } finally {
            deleteQuietly(rule.id());
        }
    }

    @Test
    void aBadPatternIsRefusedWithAnErrorNextToItAndTheInputKept() throws Exception {
        int before = rules().size();
        String invalid = page(post("/hq/compliance").with(csrf()).param("kind", "RESTRICTED_PATTERN")
                .param("severity", "BLOCKING").param("pattern", "(prix[").param("note", "Ma note"), HQ,
                Locale.ENGLISH);
        assertThat(invalid).contains("This is not a valid regular expression", "value=\"(prix[\"", "Ma note",
                "aria-invalid=\"true\"", "pattern-error");

        String slow = page(post("/hq/compliance").with(csrf()).param("kind", "RESTRICTED_PATTERN")
                .param("severity", "BLOCKING").param("pattern", "(x+x+)+y"), HQ, Locale.FRENCH);
        assertThat(slow).contains("Cette expression est trop longue à vérifier", "(x+x+)+y");

        String length = page(post("/hq/compliance").with(csrf()).param("kind", "SUBJECT_LENGTH")
                .param("severity", "WARNING").param("maxLength", "eighty"), HQ, Locale.ENGLISH);
        assertThat(length).contains("Enter a number between 10 and 500.", "value=\"eighty\"");

        // the demo network already has its legal footer rule: one per network
        String single = page(post("/hq/compliance").with(csrf()).param("kind", "LEGAL_FOOTER")
                .param("severity", "BLOCKING"), HQ, Locale.ENGLISH);
        assertThat(single).contains("This network already has this rule");
        assertThat(rules()).hasSize(before);

        String pattern = "\\b" + unique() + "\\d+";
        MockHttpServletResponse ok = perform(post("/hq/compliance").with(csrf()).param("kind", "RESTRICTED_PATTERN")
                .param("severity", "WARNING").param("enabled", "true").param("pattern", pattern), HQ, Locale.ENGLISH);
        assertThat(ok.getRedirectedUrl()).isEqualTo("/hq/compliance");
        Rule saved = rules().stream().filter(r -> pattern.equals(r.pattern())).findFirst().orElseThrow();
        deleteQuietly(saved.id());
    }

    @Test
    void aRuleIsTurnedOffAndOnAndOnlyAnEnabledRuleFindsAnything() throws Exception {
        String word = "zorglub" + unique();
        UUID ruleId = wordRule(word, Severity.BLOCKING);
        try {
            EmailTemplateContent content = email("Un " + word + " pour vous");
            assertThat(findings(content)).anySatisfy(f -> {
                assertThat(f.path()).isEqualTo("subject");
                assertThat(f.args()).contains(word);
                assertThat(f.blocking()).isTrue();
            });

            MockHttpServletResponse off = perform(post("/hq/compliance/" + ruleId + "/toggle").with(csrf())
                    .param("enabled", "false"), HQ, Locale.ENGLISH);
            assertThat(off.getRedirectedUrl()).startsWith("/hq/compliance");
            assertThat(personas.callAs(HQ, () -> compliance.get(ruleId)).enabled()).isFalse();
            assertThat(findings(content)).noneMatch(f -> f.args().contains(word));

            perform(post("/hq/compliance/" + ruleId + "/toggle").with(csrf()).param("enabled", "true"), HQ,
                    Locale.ENGLISH);
            assertThat(personas.callAs(HQ, () -> compliance.get(ruleId)).enabled()).isTrue();
        } finally {
            deleteQuietly(ruleId);
        }
    }

    @Test
    void tryATextShowsTheFindingsInPlainWordsAsAFragment() throws Exception {
        String word = "zorglub" + unique();
        UUID ruleId = wordRule(word, Severity.BLOCKING);
        try {
            String fragment = page(post("/hq/compliance/try").with(csrf()).header("HX-Request", "true")
                    .param("subject", "Le " + word.toUpperCase(Locale.ROOT) + " du jour")
                    .param("text", "Tout est GRATUIT, voyez https://bit.ly/abc et https://www.maison-lumiere.example/x"),
                    HQ, Locale.ENGLISH);
            assertThat(fragment).doesNotContain("<html").contains("id=\"compliance-findings\"",
                    "The word “" + word + "” is not allowed by your network’s rules. Note " + word,
                    "The word “gratuit” is not allowed", "The link to bit.ly is not allowed",
                    "3 problems found", ">Subject</h3>", ">Text</h3>")
                    .doesNotContain("maison-lumiere.example is not allowed");

            String french = page(post("/hq/compliance/try").with(csrf()).header("HX-Request", "true")
                    .param("subject", "Bonjour {{contact.firstName}}").param("text", ""), HQ, Locale.FRENCH);
            assertThat(french).contains("n’a pas de valeur de repli", "Bloquante");

            String clean = page(post("/hq/compliance/try").with(csrf()).header("HX-Request", "true")
                    .param("subject", "Bonjour {{contact.firstName|à vous}}").param("text", "À samedi !"), HQ,
                    Locale.ENGLISH);
            assertThat(clean).contains("No problem found");

            // without htmx: the whole page with the findings
            String whole = page(post("/hq/compliance/try").with(csrf()).param("subject", word).param("text", ""),
                    HQ, Locale.ENGLISH);
            assertThat(whole).contains("<html", "Try a text", "1 problem found", "value=\"" + word + "\"");
        } finally {
            deleteQuietly(ruleId);
        }
    }

    @Test
    void onlyHqAdminsAndMarketersReachTheRules() throws Exception {
        String word = "zorglub" + unique();
        UUID ruleId = wordRule(word, Severity.WARNING);
        try {
            for (String persona : List.of(Personas.VALIDATOR, Personas.BRANCH_MANAGER, Personas.EXECUTIVE)) {
                assertThat(perform(get("/hq/compliance"), persona, Locale.ENGLISH).getStatus()).isEqualTo(403);
                assertThat(perform(post("/hq/compliance/" + ruleId + "/delete").with(csrf()), persona,
                        Locale.ENGLISH).getStatus()).isEqualTo(403);
                assertThat(perform(post("/hq/compliance").with(csrf()).param("kind", "RESTRICTED_WORD")
                        .param("severity", "BLOCKING").param("words", "x" + word), persona, Locale.ENGLISH)
                        .getStatus()).isEqualTo(403);
            }
            assertThat(page(get("/hq/compliance"), Personas.HQ_ADMIN, Locale.ENGLISH)).contains(word);
            // the service refuses too, whatever the URL rules say; reading is open to the network
            assertThatThrownBy(() -> personas.runAs(Personas.VALIDATOR, () -> compliance.delete(ruleId)))
                    .isInstanceOf(AccessDeniedInScopeException.class);
            assertThat(personas.callAs(Personas.BRANCH_MANAGER, compliance::rules)).anyMatch(r -> r.id().equals(ruleId));
            assertThat(perform(get("/hq/compliance/" + UUID.randomUUID()), HQ, Locale.ENGLISH).getStatus())
                    .isEqualTo(404);
        } finally {
            deleteQuietly(ruleId);
        }
    }

    @Test
    void theDemoNetworkChecksItsCharter() {
        EmailTemplateContent content = new EmailTemplateContent(
                new LockableText("{{contact.firstName}}, le meilleur prix est chez nous", false, true, 120),
                new LockableText("", false, false, 150), List.of(
                        block("hero", BlockType.HERO_IMAGE, Map.of("image", UUID.randomUUID().toString(), "alt", "")),
                        block("btn", BlockType.BUTTON, Map.of("label", "Voir", "url", "https://bit.ly/x"))));
        List<Finding> found = personas.callAs(Personas.BRANCH_MANAGER, () -> compliance.check(content, "fr"));
        assertThat(found).filteredOn(Finding::blocking).extracting(Finding::kind).contains(RuleKind.RESTRICTED_WORD,
                RuleKind.MERGE_FALLBACK, RuleKind.IMAGE_ALT, RuleKind.LINK_DOMAIN, RuleKind.LEGAL_FOOTER);
        assertThat(found).filteredOn(f -> f.kind() == RuleKind.LINK_DOMAIN).singleElement()
                .satisfies(f -> assertThat(f.path()).isEqualTo("blocks[btn].url"));
        assertThat(found).filteredOn(f -> f.kind() == RuleKind.IMAGE_ALT).singleElement()
                .satisfies(f -> assertThat(f.path()).isEqualTo("blocks[hero].alt"));

        // the seeded templates follow the charter (fallbacks, the brand's own links, legal mentions in the kit)
        EmailTemplateContent compliant = new EmailTemplateContent(
                new LockableText("{{contact.firstName|Bonjour}}, les soldes chez {{branch.name}}", false, true, 120),
                new LockableText("", false, false, 150), List.of(
                        block("btn", BlockType.BUTTON, Map.of("label", "Voir",
                                "url", "https://www.maison-lumiere.example/soldes")),
                        block("legal", BlockType.LEGAL_FOOTER, Map.of())));
        assertThat(personas.callAs(Personas.BRANCH_MANAGER, () -> compliance.check(compliant, "fr")))
                .noneMatch(Finding::blocking);
    }

    static TemplateBlock block(String id, BlockType type, Map<String, String> content) {
        return new TemplateBlock(id, type, false, BlockConstraints.NONE, content);
    }

    static EmailTemplateContent email(String subject) {
        return new EmailTemplateContent(new LockableText(subject, false, true, 120),
                new LockableText("", false, false, 150), List.of(block("legal", BlockType.LEGAL_FOOTER, Map.of())));
    }

    List<Finding> findings(EmailTemplateContent content) {
        return personas.callAs(Personas.BRANCH_MANAGER, () -> compliance.check(content, "fr"));
    }
}
