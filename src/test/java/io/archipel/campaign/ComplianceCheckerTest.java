package io.archipel.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.archipel.brand.BlockConstraints;
import io.archipel.brand.BlockType;
import io.archipel.brand.EmailTemplateContent;
import io.archipel.brand.LockableText;
import io.archipel.brand.MergeField;
import io.archipel.brand.SmsTemplateContent;
import io.archipel.brand.TemplateBlock;
import io.archipel.campaign.Compliance.Finding;
import io.archipel.campaign.Compliance.InvalidRuleException;
import io.archipel.campaign.Compliance.Rule;
import io.archipel.campaign.Compliance.RuleDraft;
import io.archipel.campaign.Compliance.RuleKind;
import io.archipel.campaign.Compliance.Severity;
import io.archipel.campaign.compliance.ComplianceChecker;
import io.archipel.campaign.compliance.RulePatterns;
import org.junit.jupiter.api.Test;

/** The checker on its own: rules and content in, findings (place, kind, severity, message) out. No Spring. */
class ComplianceCheckerTest {

    static final Map<MergeField, String> TYPICAL = new EnumMap<>(Map.of(MergeField.CONTACT_FIRST_NAME, "Camille",
            MergeField.BRANCH_NAME, "Maison Lumière Centre-Ville"));
    static final ComplianceChecker.Context CONTEXT = new ComplianceChecker.Context("Maison Lumière SAS, RCS Lyon",
            TYPICAL);

    static Rule rule(RuleKind kind, Severity severity, List<String> words, String pattern, List<String> domains,
            Integer maxLength, String note) {
        return new Rule(UUID.randomUUID(), kind, severity, true, words, pattern, domains, maxLength, note, "test",
                Instant.now(), 0);
    }

    static Rule words(Severity severity, String... words) {
        return rule(RuleKind.RESTRICTED_WORD, severity, List.of(words), null, List.of(), null, null);
    }

    static Rule single(RuleKind kind, Severity severity) {
        return rule(kind, severity, List.of(), null, List.of(), null, null);
    }

    static TemplateBlock block(String id, BlockType type, Map<String, String> content) {
        return new TemplateBlock(id, type, false, BlockConstraints.NONE, content);
    }

    /** An e-mail with a footer: subject, a heading, a rich text and whatever blocks are given. */
    static EmailTemplateContent email(String subject, String heading, String html, TemplateBlock... more) {
        List<TemplateBlock> blocks = new ArrayList<>();
        blocks.add(block("head", BlockType.HEADING, Map.of("text", heading)));
        blocks.add(block("body", BlockType.RICH_TEXT, Map.of("html", html)));
        blocks.addAll(List.of(more));
        blocks.add(block("legal", BlockType.LEGAL_FOOTER, Map.of()));
        return new EmailTemplateContent(new LockableText(subject, false, true, 120),
                new LockableText("", false, false, 150), blocks);
    }

    static List<Finding> check(List<Rule> rules, EmailTemplateContent content) {
        return new ComplianceChecker(rules, CONTEXT).check(content);
    }

    static List<String> paths(List<Finding> findings) {
        return findings.stream().map(Finding::path).toList();
    }

    @Test
    void restrictedWordsAreFoundWhateverTheCaseAndAccentsAsWholeWordsOnly() {
        List<Rule> rules = List.of(words(Severity.BLOCKING, "gratuit", "100 % garanti", "Meilleur prix", "élégant"));
        List<Finding> found = check(rules, email("Livraison GRATUIT ce week-end",
                "Notre meilleur   prix de l’année", "<p>Qualité 100% garanti, <strong>ELEGANT</strong> et sobre.</p>"));
        assertThat(found).extracting(Finding::path, f -> f.args().get(0)).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("subject", "gratuit"),
                org.assertj.core.groups.Tuple.tuple("blocks[head].text", "Meilleur prix"),
                org.assertj.core.groups.Tuple.tuple("blocks[body].html", "100 % garanti"),
                org.assertj.core.groups.Tuple.tuple("blocks[body].html", "élégant"));
        assertThat(found).allSatisfy(f -> {
            assertThat(f.kind()).isEqualTo(RuleKind.RESTRICTED_WORD);
            assertThat(f.severity()).isEqualTo(Severity.BLOCKING);
            assertThat(f.messageKey()).isEqualTo("compliance.finding.word");
        });

        // parts of longer words, and tag names or attributes of rich text, are not words of the text
        assertThat(check(rules, email("Gratuité des retouches", "Prix gratuits ? Non : meilleurs prix",
                "<p class=\"gratuit\">Un texte <a href=\"https://gratuit.example\">sobre</a>.</p>"))).isEmpty();
        // a phrase never runs from one paragraph into the next
        assertThat(check(rules, email("Bonjour", "Bonjour", "<p>Le meilleur</p><p>prix du marché</p>"))).isEmpty();
        // a word ending with * catches longer words too
        assertThat(check(List.of(words(Severity.WARNING, "gratuit*")), email("Des cadeaux gratuits", "Bonjour",
                "<p>Rien</p>"))).extracting(Finding::path).containsExactly("subject");
    }

    @Test
    void patternsMatchIgnoringCaseAndAreValidatedWhenSaved() {
        Rule percent = rule(RuleKind.RESTRICTED_PATTERN, Severity.WARNING, List.of(), "\\d+ ?% de remise", List.of(),
                null, "Pas de remise chiffrée.");
        List<Finding> found = check(List.of(percent), email("Jusqu’à 30 % DE REMISE", "Bonjour",
                "<p>Venez vite</p>"));
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo("subject");
            assertThat(f.kind()).isEqualTo(RuleKind.RESTRICTED_PATTERN);
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.args()).containsExactly("30 % DE REMISE", " Pas de remise chiffrée.");
        });

        assertThat(RulePatterns.validate("  \\d+ ?% de remise ")).isEqualTo("\\d+ ?% de remise");
        assertThatThrownBy(() -> RulePatterns.validate("(unclosed"))
                .isInstanceOfSatisfying(InvalidRuleException.class, e -> {
                    assertThat(e.field()).isEqualTo("pattern");
                    assertThat(e.messageKey()).isEqualTo("compliance.rule.pattern.invalid");
                });
        assertThatThrownBy(() -> RulePatterns.validate("a*")).isInstanceOfSatisfying(InvalidRuleException.class,
                e -> assertThat(e.messageKey()).isEqualTo("compliance.rule.pattern.matchesEmpty"));
        assertThatThrownBy(() -> RulePatterns.validate("(x+x+)+y")).isInstanceOfSatisfying(InvalidRuleException.class,
                e -> assertThat(e.messageKey()).isEqualTo("compliance.rule.pattern.tooSlow"));
        assertThatThrownBy(() -> RulePatterns.validate(" ")).isInstanceOfSatisfying(InvalidRuleException.class,
                e -> assertThat(e.messageKey()).isEqualTo("validation.required"));
    }

    @Test
    void aPatternWithCatastrophicBacktrackingGivesUpWithAWarningInsteadOfHanging() {
        // saved before the probes existed, or slipping past them: the check still returns quickly
        Rule evil = rule(RuleKind.RESTRICTED_PATTERN, Severity.BLOCKING, List.of(), "(x+x+)+y", List.of(), null, null);
        String text = "x".repeat(5000);
        Instant start = Instant.now();
        List<Finding> found = new ComplianceChecker(List.of(evil), CONTEXT).checkSample(text, text);
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
        assertThat(found).extracting(Finding::path).containsExactly("subject", "text");
        assertThat(found).allSatisfy(f -> {
            assertThat(f.messageKey()).isEqualTo("compliance.finding.patternUnchecked");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
        });
    }

    @Test
    void linksMustLeadToAnAllowedDomainOrItsSubdomains() {
        Rule domains = rule(RuleKind.LINK_DOMAIN, Severity.BLOCKING, List.of(), null,
                List.of("maison-lumiere.example"), null, null);
        EmailTemplateContent ok = email("Bonjour", "Bonjour", "<p><a href=\"https://maison-lumiere.example/a\">a</a> "
                        + "<a href=\"https://shop.eu.maison-lumiere.example/b?x=1&amp;y=2\">b</a> "
                        + "<a href=\"mailto:contact@ailleurs.example\">c</a> <a href=\"tel:+33100000000\">d</a></p>",
                block("btn", BlockType.BUTTON, Map.of("label", "Voir", "url", "https://WWW.Maison-Lumiere.example/x")),
                block("img", BlockType.IMAGE, Map.of("image", UUID.randomUUID().toString(), "alt", "Une lampe",
                        "link", "")));
        assertThat(check(List.of(domains), ok)).isEmpty();

        EmailTemplateContent bad = email("Bonjour", "Bonjour",
                "<p><a href=\"https://evil-maison-lumiere.example/a\">a</a></p>",
                block("btn", BlockType.BUTTON, Map.of("label", "Voir", "url", "https://bit.ly/xyz")),
                block("img", BlockType.IMAGE, Map.of("image", UUID.randomUUID().toString(), "alt", "Une lampe",
                        "link", "https://maison-lumiere.example.evil.example/")));
        assertThat(check(List.of(domains), bad)).extracting(Finding::path, f -> f.args().get(0))
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("blocks[body].html", "evil-maison-lumiere.example"),
                        org.assertj.core.groups.Tuple.tuple("blocks[btn].url", "bit.ly"),
                        org.assertj.core.groups.Tuple.tuple("blocks[img].link", "maison-lumiere.example.evil.example"));
    }

    @Test
    void theLegalFooterMustBeThereAndSaySomething() {
        Rule footer = single(RuleKind.LEGAL_FOOTER, Severity.BLOCKING);
        EmailTemplateContent withFooter = email("Bonjour", "Bonjour", "<p>Texte</p>");
        assertThat(check(List.of(footer), withFooter)).isEmpty();

        EmailTemplateContent without = withFooter.withBlockRemoved("legal");
        assertThat(check(List.of(footer), without)).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo("blocks");
            assertThat(f.messageKey()).isEqualTo("compliance.finding.footerMissing");
            assertThat(f.blocking()).isTrue();
        });
        // the block is there but the brand kit has no legal mentions
        assertThat(new ComplianceChecker(List.of(footer), new ComplianceChecker.Context("  ", TYPICAL))
                .check(withFooter)).extracting(Finding::path, Finding::messageKey)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("blocks[legal]", "compliance.finding.footerEmpty"));
    }

    @Test
    void everyChosenImageNeedsAnAltText() {
        Rule alt = single(RuleKind.IMAGE_ALT, Severity.BLOCKING);
        EmailTemplateContent content = email("Bonjour", "Bonjour", "<p>Texte</p>",
                block("hero", BlockType.HERO_IMAGE, Map.of("image", UUID.randomUUID().toString(), "alt", " ")),
                block("img", BlockType.IMAGE, Map.of("image", UUID.randomUUID().toString(), "alt", "Une lampe")),
                // no image chosen yet: nothing to describe (the template rules ask for the image itself)
                block("empty", BlockType.IMAGE, Map.of("alt", "")));
        assertThat(check(List.of(alt), content)).extracting(Finding::path).containsExactly("blocks[hero].alt");
    }

    @Test
    void subjectLengthCountsTheSubjectWithTypicalMergeValues() {
        Rule length = rule(RuleKind.SUBJECT_LENGTH, Severity.WARNING, List.of(), null, List.of(), 40, null);
        // 31 characters as typed, 43 once the branch name is filled in
        List<Finding> found = check(List.of(length), email("Les soldes chez {{branch.name}}", "Bonjour",
                "<p>Texte</p>"));
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo("subject");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.args()).containsExactly("43", "40", "Les soldes chez Maison Lumière Centre-Ville", "");
        });
        assertThat(check(List.of(length), email("Les soldes arrivent", "Bonjour", "<p>Texte</p>"))).isEmpty();
    }

    @Test
    void contactMergeFieldsNeedAFallback() {
        Rule fallback = single(RuleKind.MERGE_FALLBACK, Severity.BLOCKING);
        List<Finding> found = check(List.of(fallback), email("{{contact.firstName}}, les soldes chez {{branch.name}}",
                "Bonjour {{ contact.lastName | }}", "<p>Bonjour {{contact.firstName|cher client}} "
                        + "({{contact.email}})</p>"));
        assertThat(found).extracting(Finding::path, f -> f.args().get(0)).containsExactly(
                org.assertj.core.groups.Tuple.tuple("subject", "{{contact.firstName}}"),
                org.assertj.core.groups.Tuple.tuple("blocks[head].text", "{{contact.lastName}}"));
        assertThat(found.get(0).args().get(1)).isEqualTo("{{contact.firstName|…}}");
    }

    @Test
    void severityAndTheOnOffSwitchOfEachRuleAreHonoured() {
        EmailTemplateContent content = email("Livraison gratuite et gratuit", "Bonjour", "<p>Texte</p>");
        Rule warning = words(Severity.WARNING, "gratuit");
        assertThat(check(List.of(warning), content)).singleElement()
                .satisfies(f -> assertThat(f.blocking()).isFalse());
        Rule off = new Rule(UUID.randomUUID(), RuleKind.RESTRICTED_WORD, Severity.BLOCKING, false, List.of("gratuit"),
                null, List.of(), null, null, "test", Instant.now(), 0);
        assertThat(check(List.of(off), content)).isEmpty();
        Rule blocking = rule(RuleKind.RESTRICTED_WORD, Severity.BLOCKING, List.of("gratuit"), null, List.of(), null,
                "Promesse interdite.");
        assertThat(check(List.of(blocking), content)).singleElement().satisfies(f -> {
            assertThat(f.blocking()).isTrue();
            assertThat(f.args()).containsExactly("gratuit", " Promesse interdite.");
        });
    }

    @Test
    void smsTextIsCheckedPartByPart() {
        SmsTemplateContent sms = new SmsTemplateContent(List.of(
                new SmsTemplateContent.Part("intro", false, "{{branch.name}} : ", false, null),
                new SmsTemplateContent.Part("offre", true, "Bonjour {{contact.firstName}}, café GRATUIT samedi, "
                        + "infos sur https://bit.ly/promo.", true, 160)), "STOP au 36111");
        List<Rule> rules = List.of(words(Severity.BLOCKING, "gratuit"), single(RuleKind.MERGE_FALLBACK,
                Severity.BLOCKING), rule(RuleKind.LINK_DOMAIN, Severity.WARNING, List.of(), null,
                List.of("maison-lumiere.example"), null, null), single(RuleKind.LEGAL_FOOTER, Severity.BLOCKING));
        List<Finding> found = new ComplianceChecker(rules, CONTEXT).check(sms);
        assertThat(found).extracting(Finding::path, Finding::kind).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("parts[offre]", RuleKind.RESTRICTED_WORD),
                org.assertj.core.groups.Tuple.tuple("parts[offre]", RuleKind.MERGE_FALLBACK),
                org.assertj.core.groups.Tuple.tuple("parts[offre]", RuleKind.LINK_DOMAIN));
        assertThat(found).filteredOn(f -> f.kind() == RuleKind.LINK_DOMAIN).singleElement()
                .satisfies(f -> assertThat(f.args().get(0)).isEqualTo("bit.ly"));
    }

    @Test
    void draftsAreCleanedAndCheckedBeforeSaving() {
        RuleDraft words = ComplianceService.clean(RuleKind.RESTRICTED_WORD, new RuleDraft(RuleKind.RESTRICTED_WORD,
                Severity.BLOCKING, true, List.of(" gratuit ", "", "GRATUIT", "meilleur   prix"), "ignored",
                List.of("x.example"), 12, "  "));
        assertThat(words.words()).containsExactly("gratuit", "meilleur prix");
        assertThat(words.pattern()).isNull();
        assertThat(words.domains()).isEmpty();
        assertThat(words.maxLength()).isNull();
        assertThat(words.note()).isNull();

        RuleDraft domains = ComplianceService.clean(RuleKind.LINK_DOMAIN, new RuleDraft(RuleKind.LINK_DOMAIN,
                Severity.WARNING, true, List.of(), null, List.of("https://www.Maison-Lumiere.example/boutique",
                        "*.shop.example", "maison-lumiere.example"), null, null));
        assertThat(domains.domains()).containsExactly("maison-lumiere.example", "shop.example");

        assertThatThrownBy(() -> ComplianceService.clean(RuleKind.LINK_DOMAIN, new RuleDraft(RuleKind.LINK_DOMAIN,
                Severity.WARNING, true, List.of(), null, List.of("pas un domaine"), null, null)))
                .isInstanceOfSatisfying(InvalidRuleException.class, e -> assertThat(e.field()).isEqualTo("domains"));
        assertThatThrownBy(() -> ComplianceService.clean(RuleKind.SUBJECT_LENGTH, new RuleDraft(
                RuleKind.SUBJECT_LENGTH, Severity.WARNING, true, List.of(), null, List.of(), 3, null)))
                .isInstanceOfSatisfying(InvalidRuleException.class, e -> assertThat(e.field()).isEqualTo("maxLength"));
        assertThatThrownBy(() -> ComplianceService.clean(RuleKind.RESTRICTED_WORD, new RuleDraft(
                RuleKind.RESTRICTED_WORD, Severity.WARNING, true, List.of("%%", "gra*tuit"), null, List.of(), null,
                null))).isInstanceOfSatisfying(InvalidRuleException.class,
                        e -> assertThat(e.messageKey()).isEqualTo("compliance.rule.words.invalid"));
    }
}
