package io.archipel.brand;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;

import io.archipel.brand.EmailRenderer.EmailContent;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

/**
 * Merge fields with a fallback, {@code {{contact.firstName|cher client}}}: the fallback stands in for an empty value
 * in the subject, the HTML (escaped like values) and the text part, and in SMS text. No Spring.
 */
class MergeFieldFallbackTest {

    final EmailRenderer renderer = new EmailRenderer(new RichTextSanitizer());
    final BrandKit kit = BrandKit.defaults(UUID.randomUUID(), "Maison Lumière");

    static Map<MergeField, String> firstName(String value) {
        Map<MergeField, String> v = new EnumMap<>(MergeField.class);
        v.put(MergeField.CONTACT_FIRST_NAME, value);
        v.put(MergeField.BRANCH_NAME, "Lyon Part-Dieu");
        return v;
    }

    @Test
    void theTokenPatternGivesTheKeyAndTheTrimmedFallback() {
        Matcher m = MergeField.TOKEN.matcher("Bonjour {{ contact.firstName | cher client }} !");
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).isEqualTo("contact.firstName");
        assertThat(MergeField.fallback(m)).isEqualTo("cher client");

        Matcher plain = MergeField.TOKEN.matcher("{{contact.firstName}}");
        assertThat(plain.find()).isTrue();
        assertThat(plain.group(1)).isEqualTo("contact.firstName");
        assertThat(MergeField.fallback(plain)).isNull();

        Matcher empty = MergeField.TOKEN.matcher("{{contact.firstName|}}");
        assertThat(empty.find()).isTrue();
        assertThat(MergeField.fallback(empty)).isNull();

        // in sanitized rich text "{{" is written "{<!-- -->{"
        Matcher rich = MergeField.TOKEN.matcher("<p>Bonjour {<!-- -->{contact.firstName|à vous}},</p>");
        assertThat(rich.find()).isTrue();
        assertThat(rich.group(1)).isEqualTo("contact.firstName");
        assertThat(MergeField.fallback(rich)).isEqualTo("à vous");
        // a key with a fallback is still a known key for the template rules
        assertThat(TemplateRules.unknownMergeKeys("{{contact.firstName|cher client}} {{nope|x}}"))
                .containsExactly("nope");
    }

    @Test
    void smsAndPreviewTextUseTheFallbackOnlyWhenTheValueIsEmpty() {
        String text = "Bonjour {{contact.firstName|cher client}}, {{branch.name}} vous attend. {{unknown|x}}";
        assertThat(TemplatePreviewer.fill(text, firstName("Inès")))
                .isEqualTo("Bonjour Inès, Lyon Part-Dieu vous attend. {{unknown|x}}");
        assertThat(TemplatePreviewer.fill(text, firstName("")))
                .isEqualTo("Bonjour cher client, Lyon Part-Dieu vous attend. {{unknown|x}}");
        assertThat(TemplatePreviewer.fill("Bonjour {{contact.firstName}} !", firstName("")))
                .isEqualTo("Bonjour  !");
    }

    @Test
    void theEmailUsesTheFallbackEscapedInHtmlAndAsTypedInTheTextPart() {
        PrecompiledEmail mail = renderer.compile(new EmailContent(
                "{{contact.firstName|Chers clients}}, les soldes chez {{branch.name}}", "",
                List.of(new EmailBlock.Heading("Bonjour {{contact.firstName|l'ami & co}} !"),
                        new EmailBlock.RichText("<p>Merci {{contact.firstName|à vous}}.</p>")), "fr"), kit);

        PrecompiledEmail.Rendered empty = mail.render(firstName(""));
        assertThat(empty.subject()).isEqualTo("Chers clients, les soldes chez Lyon Part-Dieu");
        assertThat(empty.html()).contains("Bonjour l&#39;ami &amp; co !").doesNotContain("l'ami & co");
        assertThat(Jsoup.parse(empty.html()).select("h1").text()).isEqualTo("Bonjour l'ami & co !");
        assertThat(Jsoup.parse(empty.html()).text()).contains("Merci à vous.");
        assertThat(empty.text()).contains("Bonjour l'ami & co !", "Merci à vous.");

        PrecompiledEmail.Rendered named = mail.render(firstName("Inès <b>"));
        assertThat(named.subject()).isEqualTo("Inès <b>, les soldes chez Lyon Part-Dieu");
        assertThat(Jsoup.parse(named.html()).select("h1").text()).isEqualTo("Bonjour Inès <b> !");
        assertThat(named.html()).doesNotContain("l&#39;ami").contains("Merci Inès &lt;b&gt;.");
        assertThat(named.text()).contains("Merci Inès <b>.");
    }
}
