package io.archipel.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.archipel.brand.BrandKit;
import io.archipel.brand.EmailBlock;
import io.archipel.brand.EmailRenderer;
import io.archipel.brand.EmailRenderer.EmailContent;
import io.archipel.brand.MergeField;
import io.archipel.brand.PrecompiledEmail;
import io.archipel.brand.RichTextSanitizer;
import org.junit.jupiter.api.Test;

/**
 * Personalising one recipient from a precompiled ~20 KB e-mail with 10 merge fields and 20 links, on one thread,
 * beside the baseline of plain {@code String.replace} of the same fields and links on the same HTML. Goal (issue 3):
 * at least 25,000 personalised renders per second on one core. Ours also builds the subject and the plain-text part
 * and escapes every value; the baseline builds the HTML only and escapes nothing.
 * Run with {@code ./mvnw -Pbenchmark test -Dtest=EmailPersonalisationBenchmark}.
 */
class EmailPersonalisationBenchmark {

    static final int WARMUP = 10_000;
    static final int ROUNDS = 40_000;
    static final int PASSES = 3;

    @Test
    void personaliseAPrecompiledEmail() {
        EmailRenderer renderer = new EmailRenderer(new RichTextSanitizer());
        PrecompiledEmail email = renderer.compile(content(), BrandKit.defaults(UUID.randomUUID(), "Maison Lumière"));
        assertThat(email.links()).hasSize(20);
        assertThat(email.render(values(0)).html()).hasSizeGreaterThan(20_000);

        // the baseline's input: the same HTML with the tokens and link placeholders left in place
        Map<MergeField, String> tokens = new EnumMap<>(MergeField.class);
        for (MergeField f : MergeField.values()) {
            tokens.put(f, f.token());
        }
        String templateHtml = email.render(tokens, i -> "{{link:" + i + "}}").html();
        int htmlBytes = email.render(values(0), email.links()::get).html().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        System.out.printf("e-mail: %,d bytes of HTML, %d merge fields, %d links%n", htmlBytes, MergeField.values().length,
                email.links().size());

        double best = 0;
        double bestBaseline = 0;
        long sink = 0;
        for (int pass = 1; pass <= PASSES; pass++) {
            for (int i = 0; i < WARMUP; i++) {
                sink += email.render(values(i), n -> trackedUrl(n, 7)).html().length();
                sink += baseline(templateHtml, email.links().size(), i).length();
            }
            long start = System.nanoTime();
            for (int i = 0; i < ROUNDS; i++) {
                PrecompiledEmail.Rendered r = email.render(values(i), n -> trackedUrl(n, 7));
                sink += r.html().length() + r.text().length() + r.subject().length();
            }
            double ours = ROUNDS / ((System.nanoTime() - start) / 1e9);
            start = System.nanoTime();
            for (int i = 0; i < ROUNDS; i++) {
                sink += baseline(templateHtml, email.links().size(), i).length();
            }
            double base = ROUNDS / ((System.nanoTime() - start) / 1e9);
            System.out.printf("pass %d: precompiled %,.0f renders/s (html+text+subject), String.replace %,.0f renders/s (html)%n",
                    pass, ours, base);
            best = Math.max(best, ours);
            bestBaseline = Math.max(bestBaseline, base);
        }
        System.out.printf("%nRESULT precompiled = %,.0f personalised renders/s on one thread, String.replace baseline = %,.0f/s, "
                + "ratio %.1fx (goal >= 25,000/s) [sink %d]%n", best, bestBaseline, best / bestBaseline, sink % 10);
    }

    static String baseline(String html, int links, int i) {
        String out = html;
        for (Map.Entry<MergeField, String> v : values(i).entrySet()) {
            out = out.replace(v.getKey().token(), v.getValue());
        }
        for (int n = 0; n < links; n++) {
            out = out.replace("{{link:" + n + "}}", trackedUrl(n, 7));
        }
        return out;
    }

    static String trackedUrl(int link, int recipient) {
        return "https://t.archipel.example/c/" + recipient + "/" + link + "?sig=3f9a1c";
    }

    static Map<MergeField, String> values(int i) {
        Map<MergeField, String> v = new EnumMap<>(MergeField.class);
        v.put(MergeField.CONTACT_FIRST_NAME, (i & 1) == 0 ? "Camille" : "Léa & Tom");
        v.put(MergeField.CONTACT_LAST_NAME, "Martin");
        v.put(MergeField.CONTACT_EMAIL, "camille.martin@example.com");
        v.put(MergeField.BRANCH_NAME, "Maison Lumière Lyon Part-Dieu");
        v.put(MergeField.BRANCH_PHONE, "+33 4 78 62 17 40");
        v.put(MergeField.BRANCH_EMAIL, "lyon-part-dieu@maison-lumiere.example");
        v.put(MergeField.BRANCH_ADDRESS, "17 rue du Docteur Bouchut, 69003 Lyon");
        v.put(MergeField.BRANCH_HOURS, "Lun–Sam 09:30–20:00");
        v.put(MergeField.UNSUBSCRIBE_URL, "https://app.archipel.example/u/abc123");
        v.put(MergeField.VIEW_ONLINE_URL, "https://app.archipel.example/v/abc123");
        return v;
    }

    /** About 20 KB of HTML using all 10 merge fields and 20 distinct links. */
    static EmailContent content() {
        List<EmailBlock> blocks = new ArrayList<>();
        blocks.add(new EmailBlock.Header(null));
        blocks.add(new EmailBlock.Heading("Bonjour {{contact.firstName}} {{contact.lastName}} !"));
        String filler = "Découvrez notre collection de saison, pensée pour la maison et composée de pièces choisies "
                + "avec soin par nos équipes. ";
        for (int i = 0; i < 17; i++) {
            blocks.add(new EmailBlock.RichText("<p>" + filler.repeat(3) + "<a href=\"https://www.maison-lumiere.example/p/"
                    + i + "\">Voir le produit " + i + "</a> chez {{branch.name}}.</p>"));
        }
        for (int i = 0; i < 12; i++) {
            blocks.add(new EmailBlock.RichText("<p><strong>Conseil " + i + ".</strong> " + filler.repeat(3) + "</p>"));
        }
        blocks.add(new EmailBlock.Button("Prendre rendez-vous", "https://www.maison-lumiere.example/rdv"));
        blocks.add(new EmailBlock.Image("https://cdn.maison-lumiere.example/a.jpg", "Bougies", "https://www.maison-lumiere.example/bougies", 300));
        blocks.add(new EmailBlock.RichText("<p>Écrivez-nous : {{branch.email}} ou {{branch.phone}}. Message envoyé à "
                + "{{contact.email}}. <a href=\"{{viewOnline.url}}\">Voir en ligne</a> · "
                + "<a href=\"https://www.maison-lumiere.example/magasins\">Nos magasins</a></p>"));
        blocks.add(new EmailBlock.BranchCard());
        blocks.add(new EmailBlock.LegalFooter());
        return new EmailContent("{{contact.firstName}}, nos offres à {{branch.name}}", "Offres de saison", blocks, "fr");
    }
}
