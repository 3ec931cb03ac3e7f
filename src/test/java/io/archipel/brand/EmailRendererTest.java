package io.archipel.brand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.archipel.brand.EmailRenderer.EmailContent;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The block renderers and the precompiled personalisation, without Spring: plain inputs, parsed outputs. */
class EmailRendererTest {

    final EmailRenderer renderer = new EmailRenderer(new RichTextSanitizer());

    final BrandKit kit = new BrandKit(UUID.randomUUID(), "Maison Lumière", null, "#1d4ed8", "#1e3a8a", "#1f2937",
            "#ffffff", WebSafeFont.GEORGIA, WebSafeFont.VERDANA, "Maison Lumière", "news@maison-lumiere.example",
            ReplyToRule.BRANCH_EMAIL, null, "<p>Maison Lumière SAS — RCS Paris 123 456 789</p>",
            Map.of(SocialNetwork.INSTAGRAM, "https://www.instagram.com/maisonlumiere"), 1);

    static List<EmailBlock> everyBlock() {
        return List.of(
                new EmailBlock.Header(null),
                new EmailBlock.HeroImage("https://cdn.example.com/hero.png", "Spring collection",
                        "https://www.maison-lumiere.example/printemps"),
                new EmailBlock.Heading("Bonjour {{contact.firstName}} !"),
                new EmailBlock.RichText("<p>Our <strong>spring</strong> offers at {{branch.name}}: "
                        + "<a href=\"https://www.maison-lumiere.example/offres?utm=a&b=c\">see them</a></p>"
                        + "<ul><li>Candles</li><li>Linen</li></ul>"),
                new EmailBlock.Image("https://cdn.example.com/candle.jpg", "A candle", null, 300),
                new EmailBlock.Button("Book at {{branch.name}}", "https://www.maison-lumiere.example/rdv"),
                new EmailBlock.Offer("-20% on candles", "SPRING20", "Until 31 March"),
                new EmailBlock.BranchCard(),
                new EmailBlock.Divider(),
                new EmailBlock.SocialLinks(),
                new EmailBlock.LegalFooter());
    }

    static Map<MergeField, String> values(String firstName) {
        Map<MergeField, String> v = new EnumMap<>(MergeField.class);
        v.put(MergeField.CONTACT_FIRST_NAME, firstName);
        v.put(MergeField.BRANCH_NAME, "Maison Lumière Lyon Part-Dieu");
        v.put(MergeField.BRANCH_ADDRESS, "17 rue du Docteur Bouchut, 69003 Lyon");
        v.put(MergeField.BRANCH_HOURS, "Lun–Sam 09:30–20:00");
        v.put(MergeField.BRANCH_PHONE, "+33 4 78 62 17 40");
        v.put(MergeField.UNSUBSCRIBE_URL, "https://app.example/u/abc?x=1&y=2");
        return v;
    }

    PrecompiledEmail compile(List<EmailBlock> blocks) {
        return renderer.compile(new EmailContent("Spring at {{branch.name}}, {{contact.firstName}}",
                "Our offers for {{contact.firstName}}", blocks, "fr"), kit);
    }

    @Test
    void everyBlockRendersWellFormedMailHtmlThatARealParserAccepts() throws java.io.IOException {
        String html = compile(everyBlock()).render(values("Camille")).html();
        // kept for people to open in a browser (target/email-preview/every-block.html)
        java.nio.file.Path preview = java.nio.file.Path.of("target", "email-preview");
        java.nio.file.Files.createDirectories(preview);
        java.nio.file.Files.writeString(preview.resolve("every-block.html"), html);

        Parser parser = Parser.htmlParser().setTrackErrors(50);
        Document doc = Jsoup.parse(html, "", parser);
        assertThat(parser.getErrors()).as("HTML parse errors (unclosed tags, misnested tables…)").isEmpty();
        assertThat(doc.select("table[role=presentation]")).hasSizeGreaterThan(3);
        assertThat(doc.select("img")).allSatisfy(img -> {
            assertThat(img.hasAttr("alt")).as("alt on " + img).isTrue();
            assertThat(img.attr("style")).contains("border:0");
        });
        assertThat(doc.select("img[width]")).hasSize(2);
        assertThat(doc.selectFirst("h1").text()).isEqualTo("Bonjour Camille !");
        assertThat(doc.select("a").eachAttr("href")).allSatisfy(href -> assertThat(href).startsWith("https://"));
        assertThat(doc.selectFirst("html").attr("lang")).isEqualTo("fr");
        assertThat(doc.select("style, script")).isEmpty();
        assertThat(html).contains("font-family:Georgia").contains("background-color:#1d4ed8");
    }

    @Test
    void mergeValuesAreEscapedWhereverTheyLand() {
        PrecompiledEmail email = compile(everyBlock());
        String payload = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>";
        PrecompiledEmail.Rendered out = email.render(values(payload));

        Document doc = Jsoup.parse(out.html());
        assertThat(doc.select("script")).isEmpty();
        assertThat(doc.select("img[onerror]")).isEmpty();
        assertThat(doc.selectFirst("h1").text()).isEqualTo("Bonjour " + payload + " !");
        assertThat(out.text()).contains("Bonjour " + payload + " !");
        assertThat(out.html()).contains("href=\"https://app.example/u/abc?x=1&amp;y=2\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"${7*7}", "__${T(java.lang.Runtime).getRuntime().exec('id')}__", "[[${@environment}]]",
            "{{env}}", "#{7*7}", "*{password}", "{{contact.firstName}}}", "<th:block th:text=\"${7*7}\"/>"})
    void templateInjectionPayloadsComeOutAsLiteralText(String payload) {
        PrecompiledEmail email = compile(List.of(new EmailBlock.Heading(payload), new EmailBlock.Button(payload,
                "https://example.com/"), new EmailBlock.RichText("<p>" + payload + "</p>")));
        Document doc = Jsoup.parse(email.render(values("Camille")).html());

        String expected = payload.replace("{{contact.firstName}}", "Camille");
        assertThat(doc.selectFirst("h1").text()).isEqualTo(expected);
        assertThat(doc.selectFirst("a").text()).isEqualTo(expected);
        assertThat(doc.html()).doesNotContain(">49<");
    }

    @Test
    void linksBecomeSlotsThatDeliveryCanPointToTrackedUrls() {
        PrecompiledEmail email = compile(everyBlock());
        assertThat(email.links()).containsExactly("https://www.maison-lumiere.example/printemps",
                "https://www.maison-lumiere.example/offres?utm=a&b=c", "https://www.maison-lumiere.example/rdv",
                "https://www.instagram.com/maisonlumiere");

        PrecompiledEmail.Rendered out = email.render(values("Camille"), i -> "https://t.example/c/" + i + "?s=<sig>");
        Document doc = Jsoup.parse(out.html());
        assertThat(doc.select("a[href^=https://t.example/c/]")).hasSize(4);
        assertThat(out.html()).contains("https://t.example/c/1?s=&lt;sig&gt;");
        assertThat(out.text()).contains("see them (https://t.example/c/1?s=<sig>)");
    }

    @Test
    void thePlainTextPartCarriesTheWholeMessage() {
        String text = compile(everyBlock()).render(values("Camille")).text();
        assertThat(text).contains("Maison Lumière\n", "Bonjour Camille !\n===", "Our spring offers at Maison Lumière Lyon Part-Dieu",
                "- Candles", "SPRING20", "17 rue du Docteur Bouchut, 69003 Lyon", "Instagram: https://www.instagram.com/maisonlumiere",
                "RCS Paris 123 456 789", "Se désinscrire: https://app.example/u/abc?x=1&y=2");
        assertThat(text).doesNotContain("<", "&amp;");
    }

    @Test
    void theSubjectIsPersonalisedAndCannotInjectHeaders() {
        PrecompiledEmail.Rendered out = compile(everyBlock()).render(values("Eve\r\nBcc: victim@example.com"));
        assertThat(out.subject()).isEqualTo("Spring at Maison Lumière Lyon Part-Dieu, Eve  Bcc: victim@example.com");
        assertThat(out.subject()).doesNotContain("\r", "\n");
    }

    @Test
    void richTextIsSanitizedAgainAtRender() {
        String html = compile(List.of(new EmailBlock.RichText("<p onclick=\"x()\">Hi<script>alert(1)</script>"
                + "<a href=\"javascript:alert(1)\">bad</a><img src=x onerror=y></p>"))).render(values("C")).html();
        Document doc = Jsoup.parse(html);
        assertThat(doc.select("script, img, [onclick]")).isEmpty();
        assertThat(doc.select("a[href^=javascript]")).isEmpty();
        assertThat(doc.body().text()).contains("Hibad");
    }

    @Test
    void onlyHttpsAddressesAreAccepted() {
        for (String url : List.of("javascript:alert(1)", "http://example.com", "//example.com/x", "data:text/html,x", "/relative")) {
            assertThatThrownBy(() -> compile(List.of(new EmailBlock.Button("Go", url))))
                    .as(url).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theHeaderShowsTheLogoWhenThereIsOne() {
        Document doc = Jsoup.parse(compile(List.of(new EmailBlock.Header("https://app.example/media/t/a/logo.png")))
                .render(values("C")).html());
        assertThat(doc.selectFirst("img").attr("src")).isEqualTo("https://app.example/media/t/a/logo.png");
        assertThat(doc.selectFirst("img").attr("alt")).isEqualTo("Maison Lumière");
    }
}
