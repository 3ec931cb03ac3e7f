package io.archipel.brand;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The constraints of editable blocks and what HQ must fix before publishing, without a database. */
class TemplateRulesTest {

    static final UUID SUMMER = UUID.randomUUID();
    static final UUID LOGO = UUID.randomUUID();
    final TemplateRules rules = new TemplateRules(new RichTextSanitizer(), id -> Optional.ofNullable(Map.of(
            SUMMER, new AssetLibrary.AssetSummary(SUMMER, "beach", "image/png", 600, 300, List.of("summer"), "/m", "/t"),
            LOGO, new AssetLibrary.AssetSummary(LOGO, "logo", "image/png", 60, 60, List.of(), "/m", "/t")).get(id)));

    private static TemplateBlock editable(BlockType type, BlockConstraints c, Map<String, String> content) {
        return new TemplateBlock("b1", type, false, c, content);
    }

    private static List<String> keys(List<TemplateProblem> problems) {
        return problems.stream().map(TemplateProblem::messageKey).toList();
    }

    @Test
    void maxLengthCountsVisibleCharactersOfEachTextField() {
        BlockConstraints max300 = new BlockConstraints(true, 300, EnumSet.allOf(TextFormatting.class), null, List.of());
        TemplateBlock text = editable(BlockType.RICH_TEXT, max300, Map.of());
        assertThat(rules.checkBlock(text, Map.of("html", "<p><b>" + "x".repeat(300) + "</b></p>"), true)).isEmpty();
        assertThat(rules.checkBlock(text, Map.of("html", "<p>" + "x".repeat(301) + "</p>"), true))
                .extracting(TemplateProblem::messageKey, TemplateProblem::args)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("template.problem.tooLong", List.of(300)));
        TemplateBlock heading = editable(BlockType.HEADING, new BlockConstraints(false, 10, Set.of(), null, List.of()),
                Map.of());
        assertThat(keys(rules.checkBlock(heading, Map.of("text", "Eleven char"), false)))
                .containsExactly("template.problem.tooLong");
    }

    @Test
    void requiredIsEnforcedOnABranchsFinishedContentNotOnHqDefaults() {
        TemplateBlock heading = editable(BlockType.HEADING, new BlockConstraints(true, null, Set.of(), null, List.of()),
                Map.of());
        assertThat(rules.checkBlock(heading, Map.of("text", " "), false)).isEmpty();
        assertThat(rules.checkBlock(heading, Map.of("text", " "), true)).extracting(TemplateProblem::path)
                .containsExactly("blocks[b1].text");
        // a locked block must be complete whatever: a locked button needs its address
        TemplateBlock button = new TemplateBlock("b2", BlockType.BUTTON, true, null, Map.of("label", "Go"));
        assertThat(rules.checkBlock(button, button.content(), false)).extracting(TemplateProblem::path)
                .containsExactly("blocks[b2].url");
    }

    @Test
    void formattingOutsideTheAllowedSetIsReported() {
        BlockConstraints boldOnly = new BlockConstraints(false, null, EnumSet.of(TextFormatting.BOLD), null, List.of());
        TemplateBlock text = editable(BlockType.RICH_TEXT, boldOnly, Map.of());
        assertThat(rules.checkBlock(text, Map.of("html", "<p><strong>Yes</strong></p>"), true)).isEmpty();
        assertThat(keys(rules.checkBlock(text, Map.of("html", "<ul><li>No lists</li></ul>"), true)))
                .containsExactly("template.problem.formattingNotAllowed");
        assertThat(keys(rules.checkBlock(text, Map.of("html", "<p><em>No italics</em></p>"), true)))
                .containsExactly("template.problem.formattingNotAllowed");
        assertThat(keys(rules.checkBlock(text, Map.of("html",
                "<p><a href=\"https://example.com\">no links</a></p>"), true)))
                .containsExactly("template.problem.formattingNotAllowed");
    }

    @Test
    void linksMustBeHttpsAndOnAllowedDomains() {
        BlockConstraints ours = new BlockConstraints(false, null, EnumSet.allOf(TextFormatting.class), null,
                List.of("maison-lumiere.fr"));
        TemplateBlock button = editable(BlockType.BUTTON, ours, Map.of());
        assertThat(rules.checkBlock(button, Map.of("label", "Go", "url", "https://shop.maison-lumiere.fr/x"), true))
                .isEmpty();
        assertThat(keys(rules.checkBlock(button, Map.of("label", "Go", "url", "https://evil.example/x"), true)))
                .containsExactly("template.problem.domainNotAllowed");
        assertThat(keys(rules.checkBlock(button, Map.of("label", "Go", "url", "http://maison-lumiere.fr"), true)))
                .containsExactly("template.problem.httpsOnly");
        TemplateBlock text = editable(BlockType.RICH_TEXT, ours, Map.of());
        assertThat(keys(rules.checkBlock(text, Map.of("html",
                "<p><a href=\"https://evil.example\">phish</a></p>"), true)))
                .containsExactly("template.problem.linkNotAllowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "//evil.example/x",
            "vbscript:msgbox", "https://user:pw@example.com/", "/relative"})
    void dangerousOrIncompleteUrlsAreRefused(String url) {
        TemplateBlock button = editable(BlockType.BUTTON, BlockConstraints.NONE, Map.of());
        assertThat(keys(rules.checkBlock(button, Map.of("label", "Go", "url", url), true)))
                .containsExactly("template.problem.httpsOnly");
    }

    @Test
    void imagesComeFromTheLibraryAndCarryTheRequiredTag() {
        TemplateBlock hero = editable(BlockType.HERO_IMAGE, new BlockConstraints(true, null, Set.of(), "summer",
                List.of()), Map.of());
        assertThat(rules.checkBlock(hero, Map.of("image", SUMMER.toString(), "alt", "Beach"), true)).isEmpty();
        assertThat(keys(rules.checkBlock(hero, Map.of("image", LOGO.toString(), "alt", "Logo"), true)))
                .containsExactly("template.problem.imageTag");
        assertThat(keys(rules.checkBlock(hero, Map.of("image", UUID.randomUUID().toString(), "alt", "x"), true)))
                .containsExactly("template.problem.imageNotInLibrary");
        assertThat(keys(rules.checkBlock(hero, Map.of("image", "https://evil.example/pixel.png", "alt", "x"), true)))
                .containsExactly("template.problem.imageNotInLibrary");
        assertThat(keys(rules.checkBlock(hero, Map.of("image", SUMMER.toString()), true)))
                .containsExactly("template.problem.altMissing");
    }

    @Test
    void onlyMergeFieldsOfTheClosedListAreAccepted() {
        TemplateBlock heading = editable(BlockType.HEADING, BlockConstraints.NONE, Map.of());
        assertThat(rules.checkBlock(heading, Map.of("text", "Hello {{contact.firstName}} from {{ branch.name }}"),
                true)).isEmpty();
        for (String payload : List.of("{{env}}", "{{T(java.lang.Runtime)}}", "{{contact.password}}")) {
            assertThat(keys(rules.checkBlock(heading, Map.of("text", payload), true)))
                    .as(payload).containsExactly("template.problem.unknownMergeField");
        }
        // template-engine syntaxes are just text: nothing to report, nothing evaluated
        for (String payload : List.of("${7*7}", "__${T(java.lang.Runtime)}__", "[[${1+1}]]", "#{x}")) {
            assertThat(rules.checkBlock(heading, Map.of("text", payload), true)).as(payload).isEmpty();
        }
    }

    @Test
    void aPublishableEmailNeedsASubjectBlocksAndTheLegalFooter() {
        EmailTemplateContent empty = new EmailTemplateContent(LockableText.locked(""), null, List.of());
        assertThat(keys(rules.check(empty))).contains("template.problem.required", "template.problem.noBlocks",
                "template.problem.noLegalFooter");
        EmailTemplateContent starter = EmailTemplateContent.starter("fr");
        assertThat(rules.check(starter)).isEmpty();
        EmailTemplateContent withoutFooter = starter.withBlocks(starter.blocks().stream()
                .filter(b -> b.type() != BlockType.LEGAL_FOOTER).toList());
        assertThat(keys(rules.check(withoutFooter))).containsExactly("template.problem.noLegalFooter");
        EmailTemplateContent badSubject = starter.withSubject(new LockableText("Line\nbreak", false, true, 5));
        assertThat(keys(rules.check(badSubject))).contains("template.problem.tooLong", "template.problem.lineBreak");
    }

    @Test
    void badConstraintSettingsAreReported() {
        TemplateBlock text = editable(BlockType.RICH_TEXT, new BlockConstraints(false, 0, Set.of(), "no/slash",
                List.of("not a domain", "example.com")), Map.of("html", "<p>x</p>"));
        EmailTemplateContent content = EmailTemplateContent.starter("en").withBlocks(List.of(text,
                BlockType.LEGAL_FOOTER.starter("f", "en")));
        assertThat(keys(rules.check(content))).contains("template.problem.maxLengthRange",
                "template.problem.badDomain", "template.problem.badTag");
    }

    @Test
    void smsNeedsTheOptOutAndRespectsZoneLimits() {
        SmsTemplateContent starter = SmsTemplateContent.starter("fr");
        assertThat(rules.check(starter)).isEmpty();
        assertThat(keys(rules.check(new SmsTemplateContent(starter.parts(), " "))))
                .containsExactly("template.problem.optOutMissing");
        SmsTemplateContent.Part zone = new SmsTemplateContent.Part("z", true, "", true, 20);
        assertThat(keys(rules.checkSmsPart(zone, ""))).containsExactly("template.problem.required");
        assertThat(keys(rules.checkSmsPart(zone, "x".repeat(21)))).containsExactly("template.problem.tooLong");
        assertThat(keys(rules.checkSmsPart(zone, "Hi {{env}}"))).containsExactly("template.problem.unknownMergeField");
        assertThat(starter.text()).endsWith("STOP au 36111");
    }
}
