package io.archipel.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;

import io.archipel.brand.TemplateBlock;
import io.archipel.shared.AccessDeniedInScopeException;
import io.archipel.shared.NotFoundException;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.access.AccessDeniedException;

/** The network gallery as HQ, branch managers and others use it, against the seeded demo network. */
@ArchipelTest
class GalleryServiceTest {

    static final String LYON = Personas.BRANCH_MANAGER;
    static final String NICE = Personas.OTHER_BRANCH_MANAGER;

    @Autowired
    ApplicationContext context;
    @Autowired
    Personas personas;
    @Autowired
    GalleryService gallery;
    @Autowired
    CampaignService campaigns;
    @Autowired
    CampaignResultsSource resultsSource;

    GalleryFixture fx;
    UUID lyon;
    UUID nice;

    @BeforeEach
    void setUp() {
        fx = new GalleryFixture(context);
        lyon = fx.branch("LYO-01");
        nice = fx.branch("NCE-01");
    }

    private List<Gallery.Entry> entries(String persona, String text) {
        return personas.callAs(persona, () -> gallery.entries(new Gallery.Filter(null, null, text)));
    }

    @Test
    void onlyASentCampaignCanBeFeaturedAndOnlyByHq() {
        GalleryFixture.Template t = fx.template();
        String tag = GalleryFixture.unique();
        UUID approved = fx.approved(LYON, lyon, t, "Pas encore envoyée " + tag, "Objet " + tag, "A", "B");
        assertThatThrownBy(() -> fx.feature(approved, "Trop tôt"))
                .isInstanceOfSatisfying(GalleryRefusedException.class,
                        e -> assertThat(e.messageKey()).isEqualTo("gallery.refused.notSent"));
        assertThat(entries(Personas.HQ_ADMIN, tag)).isEmpty();

        UUID sent = fx.sent(LYON, lyon, t, "Envoyée " + tag, "Objet " + tag, "A", "B");
        for (String persona : List.of(LYON, Personas.EXECUTIVE, Personas.VALIDATOR)) {
            assertThatThrownBy(() -> personas.runAs(persona, () -> gallery.feature(sent, "Bravo")))
                    .as(persona).isInstanceOf(AccessDeniedException.class);
        }
        assertThat(entries(Personas.HQ_ADMIN, tag)).isEmpty();

        personas.runAs(Personas.HQ_ADMIN, () -> gallery.feature(sent, "  Un objet court et une offre claire.  "));
        assertThat(entries(Personas.HQ_ADMIN, tag)).singleElement().satisfies(e -> {
            assertThat(e.campaignId()).isEqualTo(sent);
            assertThat(e.note()).isEqualTo("Un objet court et une offre claire.");
            assertThat(e.branchCode()).isEqualTo("LYO-01");
            assertThat(e.templateName()).isEqualTo(t.name());
            assertThat(e.templateVersion()).isEqualTo(1);
            assertThat(e.headline()).isEqualTo("Objet " + tag);
            assertThat(e.sentAt()).isNotNull();
            assertThat(e.featuredBy()).isEqualTo(Personas.HQ_ADMIN);
            assertThat(e.reuseCount()).isZero();
            // the gallery shows real results (the insights module's CampaignResultsSource), and this campaign went
            // to SENT without any message handed over: nothing measured, so no figures rather than zeros
            assertThat(e.results()).as("no measured send: no figures").isNull();
        });
        assertThat(personas.callAs(Personas.HQ_ADMIN, () -> resultsSource.results(List.of(sent))))
                .as("the results source measures no send of it").isEmpty();

        // the note can change; a note over 1000 characters is refused
        personas.runAs(Personas.HQ_MARKETER, () -> gallery.updateNote(sent, "Nouvelle note"));
        assertThat(entries(Personas.HQ_ADMIN, tag)).singleElement()
                .satisfies(e -> assertThat(e.note()).isEqualTo("Nouvelle note"));
        assertThatThrownBy(() -> personas.runAs(Personas.HQ_MARKETER,
                () -> gallery.updateNote(sent, "x".repeat(1001)))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> personas.runAs(LYON, () -> gallery.updateNote(sent, "Moi aussi")))
                .isInstanceOf(AccessDeniedException.class);

        // removed: gone from the gallery
        personas.runAs(Personas.HQ_MARKETER, () -> gallery.unfeature(sent));
        assertThat(entries(Personas.HQ_ADMIN, tag)).isEmpty();
        assertThat(personas.callAs(Personas.HQ_ADMIN, () -> gallery.featuredNote(sent))).isEmpty();
    }

    @Test
    void branchManagersSeeFeaturedCampaignsOfOtherBranchesButNothingElseOfThem() {
        GalleryFixture.Template t = fx.template();
        String tag = GalleryFixture.unique();
        UUID featured = fx.sent(LYON, lyon, t, "Vedette " + tag, "Objet " + tag, "Texte A lyonnais",
                "Texte B lyonnais");
        UUID notFeatured = fx.sent(LYON, lyon, t, "Discrète " + tag, "Objet " + tag, "A", "B");
        fx.feature(featured, "Pourquoi elle a marché");

        // Nice may not open Lyon's campaigns...
        assertThatThrownBy(() -> personas.callAs(NICE, () -> campaigns.get(featured)))
                .isInstanceOf(AccessDeniedInScopeException.class);
        // ...but sees the featured one through the gallery, and only that one
        assertThat(entries(NICE, tag)).extracting(Gallery.Entry::campaignId).containsExactly(featured);
        Gallery.Shown shown = personas.callAs(NICE, () -> gallery.entry(featured));
        assertThat(shown.entry().note()).isEqualTo("Pourquoi elle a marché");
        assertThat(shown.email().block(t.textA()).map(TemplateBlock::content).orElseThrow().get("html"))
                .contains("Texte A lyonnais");
        assertThat(shown.email().subject().text()).isEqualTo("Objet " + tag);
        assertThatThrownBy(() -> personas.callAs(NICE, () -> gallery.entry(notFeatured)))
                .isInstanceOf(NotFoundException.class);

        // filters: channel and template
        assertThat(personas.callAs(NICE, () -> gallery.entries(new Gallery.Filter(
                io.archipel.brand.TemplateChannel.SMS, null, tag)))).isEmpty();
        assertThat(personas.callAs(NICE, () -> gallery.entries(new Gallery.Filter(
                io.archipel.brand.TemplateChannel.EMAIL, t.id(), null)))).extracting(Gallery.Entry::campaignId)
                .containsExactly(featured);
        assertThat(personas.callAs(NICE, () -> gallery.templates())).extracting(Gallery.TemplateOption::templateId)
                .contains(t.id());
    }

    @Test
    void reuseOnTheSameVersionCopiesTheEditableContentAndIsRecorded() {
        GalleryFixture.Template t = fx.template();
        String tag = GalleryFixture.unique();
        UUID source = fx.sent(LYON, lyon, t, "Source " + tag, "Objet lyonnais " + tag, "Texte A lyonnais",
                "Texte B lyonnais");
        fx.feature(source, null);

        Gallery.Reused reused = personas.callAs(NICE, () -> gallery.reuse(source, nice, ""));
        assertThat(reused.dropped()).isEmpty();
        assertThat(reused.templateVersion()).isEqualTo(1);
        assertThat(reused.newerVersion()).isFalse();

        Campaigns.Details d = personas.callAs(NICE, () -> campaigns.get(reused.campaignId()));
        assertThat(d.status()).isEqualTo(CampaignStatus.DRAFT);
        assertThat(d.summary().branchId()).isEqualTo(nice);
        assertThat(d.summary().name()).as("a blank name keeps the source's").isEqualTo("Source " + tag);
        assertThat(d.summary().segmentId()).as("the audience is the branch's own choice").isNull();
        assertThat(d.sourceCampaignId()).isEqualTo(source);
        assertThat(d.content().subject()).isEqualTo("Objet lyonnais " + tag);
        assertThat(d.content().value(t.textA(), "html")).contains("Texte A lyonnais");
        assertThat(d.content().value(t.textB(), "html")).contains("Texte B lyonnais");

        // counted, and named on the reusing campaign
        assertThat(entries(NICE, tag)).singleElement().satisfies(e -> assertThat(e.reuseCount()).isEqualTo(1));
        personas.runAs(Personas.HQ_MARKETER, () -> gallery.reuse(source, lyon, "Encore " + tag));
        assertThat(entries(NICE, tag)).singleElement().satisfies(e -> assertThat(e.reuseCount()).isEqualTo(2));
        assertThat(personas.callAs(NICE, () -> gallery.nameOf(d.sourceCampaignId()))).isEqualTo("Source " + tag);
    }

    @Test
    void reuseOnANewerVersionTakesItsLockedBlocksKeepsTheBranchTextsAndReportsWhatWasDropped() {
        GalleryFixture.Template t = fx.template();
        String tag = GalleryFixture.unique();
        UUID source = fx.sent(LYON, lyon, t, "Ancienne " + tag, "Objet " + tag, "Texte A lyonnais",
                "Texte B lyonnais");
        fx.feature(source, "Bonne campagne");
        fx.publishVersion2(t);

        Gallery.Reused reused = personas.callAs(NICE, () -> gallery.reuse(source, nice, "Nice " + tag));
        assertThat(reused.templateVersion()).isEqualTo(2);
        assertThat(reused.newerVersion()).isTrue();
        assertThat(reused.dropped()).containsExactly("blocks[" + t.textB() + "].html");

        Campaigns.Details d = personas.callAs(NICE, () -> campaigns.get(reused.campaignId()));
        assertThat(d.summary().templateVersion()).isEqualTo(2);
        assertThat(d.summary().name()).isEqualTo("Nice " + tag);
        assertThat(d.content().subject()).isEqualTo("Objet " + tag);
        assertThat(d.content().value(t.textA(), "html")).contains("Texte A lyonnais");
        assertThat(d.content().blocks()).as("text B is locked now").doesNotContainKey(t.textB());
        var resolved = CampaignContents.resolveEmail(d.template().email(), d.content());
        assertThat(resolved.block(t.heading()).orElseThrow().content().get("text"))
                .isEqualTo(GalleryFixture.HQ_HEADING_V2);
        assertThat(resolved.block(t.textB()).orElseThrow().content().get("html")).contains("Texte B du siège");
    }

    @Test
    void reuseIsRefusedWhenTheTemplateIsNotAvailableToTheBranchOrTheCallerMayNot() {
        GalleryFixture.Template t = fx.template();
        String tag = GalleryFixture.unique();
        UUID source = fx.sent(LYON, lyon, t, "Réservée " + tag, "Objet " + tag, "A", "B");
        fx.feature(source, null);
        fx.restrictTo(t, lyon);

        assertThatThrownBy(() -> personas.callAs(NICE, () -> gallery.reuse(source, nice, null)))
                .isInstanceOfSatisfying(GalleryRefusedException.class,
                        e -> assertThat(e.messageKey()).isEqualTo("gallery.refused.templateUnavailable"));
        assertThat(personas.callAs(NICE, () -> gallery.usableBy(nice, 50))).extracting(Gallery.Entry::campaignId)
                .doesNotContain(source);
        assertThat(personas.callAs(LYON, () -> gallery.usableBy(lyon, 50))).extracting(Gallery.Entry::campaignId)
                .contains(source);
        // a branch outside the caller's scope, an executive
        assertThatThrownBy(() -> personas.callAs(NICE, () -> gallery.reuse(source, lyon, null)))
                .isInstanceOf(AccessDeniedInScopeException.class);
        assertThatThrownBy(() -> personas.callAs(Personas.EXECUTIVE, () -> gallery.reuse(source, lyon, null)))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(entries(LYON, tag)).singleElement().satisfies(e -> assertThat(e.reuseCount()).isZero());
    }
}
