package io.archipel.brand;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** A template rendered as a branch's customer gets it: branch data, contact, library images, escaped user text. */
@ArchipelTest
class TemplatePreviewerTest {

    @Autowired
    Personas personas;
    @Autowired
    TemplateService templates;
    @Autowired
    TemplatePreviewer previewer;
    @Autowired
    AssetLibrary assets;
    @Autowired
    BranchService branches;

    private final TemplatePreviewer.SampleContact contact = new TemplatePreviewer.SampleContact("Inès", "Roux",
            "ines@example.com");

    @Test
    void theBranchCardAndGreetingCarryTheBranchAndContactValues() {
        UUID lyon = personas.callAs(Personas.HQ_ADMIN, () -> branches.search("LYO-01", null).get(0).id());
        EmailTemplateContent content = EmailTemplateContent.starter("fr");
        PrecompiledEmail.Rendered mail = personas.callAs(Personas.HQ_MARKETER,
                () -> previewer.previewEmail(content, lyon, contact, Locale.FRENCH));
        Document html = Jsoup.parse(mail.html());
        assertThat(mail.subject()).isEqualTo("Des nouvelles de Maison Lumière Lyon Part-Dieu");
        assertThat(html.select("h1").text()).isEqualTo("Bonjour Inès,");
        assertThat(html.text()).contains("Maison Lumière Lyon Part-Dieu", "17 rue du Docteur Bouchut", "+33 4 78 62 17 40");
        assertThat(mail.text()).contains("Bonjour Inès,", "Lyon Part-Dieu");
        // the branch manager previews their own branch too
        assertThat(personas.callAs(Personas.BRANCH_MANAGER,
                () -> previewer.previewEmail(content, lyon, contact, Locale.FRENCH)).html()).contains("Lyon Part-Dieu");
    }

    @Test
    void userTextIsNeverEvaluatedAndComesOutEscaped() {
        List<String> payloads = List.of("${7*7}", "__${T(java.lang.Runtime)}__", "[[${1+1}]]", "{{env}}", "#{x}",
                "<script>alert(1)</script>", "<img src=x onerror=alert(1)>");
        for (String payload : payloads) {
            EmailTemplateContent content = new EmailTemplateContent(LockableText.locked("S " + payload),
                    LockableText.locked("P " + payload), List.of(
                            new TemplateBlock("h", BlockType.HEADING, true, null, Map.of("text", "H " + payload)),
                            new TemplateBlock("t", BlockType.RICH_TEXT, true, null,
                                    Map.of("html", "<p>T " + payload + "</p>")),
                            new TemplateBlock("o", BlockType.OFFER, true, null, Map.of("title", payload, "code",
                                    payload, "validity", payload)),
                            new TemplateBlock("f", BlockType.LEGAL_FOOTER, true, null, Map.of())));
            PrecompiledEmail.Rendered mail = personas.callAs(Personas.HQ_MARKETER,
                    () -> previewer.previewEmail(content, null, contact, Locale.ENGLISH));
            Document html = Jsoup.parse(mail.html());
            assertThat(html.select("script")).as(payload).isEmpty();
            assertThat(html.select("[onerror]")).as(payload).isEmpty();
            assertThat(html.select("h1").text()).as(payload).isEqualTo("H " + payload);
            assertThat(mail.subject()).as(payload).isEqualTo("S " + payload);
            assertThat(mail.html()).as(payload).doesNotContain(">H 49<", "H 2<");
        }
    }

    @Test
    void libraryImagesBecomeAbsolutePublicUrlsAndCountAsUsed() throws Exception {
        byte[] png = AssetLibraryTest.image("png", 600, 300, false);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        UUID assetId = personas.callAs(Personas.HQ_MARKETER,
                () -> assets.upload("hero-" + tag + ".png", png.length, () -> png).assetId());
        UUID templateId = personas.callAs(Personas.HQ_MARKETER, () -> templates.create(TemplateChannel.EMAIL,
                "Hero " + tag, TemplateCategory.SEASONAL, ""));
        assertThat(personas.callAs(Personas.HQ_MARKETER, () -> assets.usageCount(assetId))).isZero();
        Templates.Details d = personas.callAs(Personas.HQ_MARKETER, () -> templates.get(templateId));
        TemplateBlock hero = d.email().blocks().stream().filter(b -> b.type() == BlockType.HERO_IMAGE).findFirst()
                .orElseThrow();
        EmailTemplateContent withImage = d.email().withBlockReplaced(hero.withContent(Map.of("image",
                assetId.toString(), "alt", "Winter collection", "link", "https://www.maison-lumiere.example/hiver")));
        personas.callAs(Personas.HQ_MARKETER, () -> templates.saveEmailDraft(templateId, d.version(), withImage));

        PrecompiledEmail.Rendered mail = personas.callAs(Personas.HQ_MARKETER,
                () -> previewer.previewEmail(withImage, null, contact, Locale.ENGLISH));
        var img = Jsoup.parse(mail.html()).select("img[alt=Winter collection]");
        assertThat(img).hasSize(1);
        // absolute, under the public base URL (unset in tests: the address of the current request)
        assertThat(img.attr("src")).matches("^http://localhost(:\\d+)?/media/.*").contains(assetId.toString());
        assertThat(img.attr("width")).isEqualTo("600");
        assertThat(personas.callAs(Personas.HQ_MARKETER, () -> assets.usageCount(assetId))).isEqualTo(1);
    }

    @Test
    void anIncompleteDraftPreviewsWithoutWhatIsMissing() {
        EmailTemplateContent draft = new EmailTemplateContent(LockableText.locked("Hi"), null, List.of(
                new TemplateBlock("i", BlockType.IMAGE, false, new BlockConstraints(true, null,
                        EnumSet.noneOf(TextFormatting.class), "summer", List.of()), Map.of()),
                new TemplateBlock("b", BlockType.BUTTON, false, null, Map.of("label", "Go", "url", "javascript:x")),
                new TemplateBlock("f", BlockType.LEGAL_FOOTER, true, null, Map.of())));
        PrecompiledEmail.Rendered mail = personas.callAs(Personas.HQ_MARKETER,
                () -> previewer.previewEmail(draft, null, contact, Locale.ENGLISH));
        assertThat(mail.html()).doesNotContain("javascript:").doesNotContain("<img");
        assertThat(mail.html()).containsPattern("http://localhost(:\\d+)?/unsubscribe/preview");
    }
}
