package io.archipel.brand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.archipel.shared.AccessDeniedInScopeException;
import io.archipel.shared.NotFoundException;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TerritoryService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;

/** Templates end to end in the demo network: drafts, publishing, pinned versions, availability and history. */
@ArchipelTest
class TemplateServiceTest {

    @Autowired
    Personas personas;
    @Autowired
    TemplateService templates;
    @Autowired
    TemplateCatalog catalog;
    @Autowired
    BranchService branches;
    @Autowired
    TerritoryService territories;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    org.springframework.transaction.support.TransactionTemplate transactions;

    private final String marketer = Personas.HQ_MARKETER;

    private UUID newEmailTemplate() {
        return personas.callAs(marketer, () -> templates.create(TemplateChannel.EMAIL,
                "Spring sale " + UUID.randomUUID(), TemplateCategory.PROMOTION, "Seasonal promotion"));
    }

    private UUID branch(String code) {
        return personas.callAs(Personas.HQ_ADMIN, () -> branches.search(code, null).stream()
                .filter(b -> b.code().equals(code)).findFirst().orElseThrow().id());
    }

    private UUID region(String code) {
        return personas.callAs(Personas.HQ_ADMIN, () -> territories.visibleTree().stream()
                .filter(t -> code.equals(t.code())).findFirst().orElseThrow().id());
    }

    @Test
    void aNewTemplateStartsFromTheStarterLayoutAndCanBePublishedOnceComplete() {
        UUID id = newEmailTemplate();
        Templates.Details d = personas.callAs(marketer, () -> templates.get(id));
        assertThat(d.email().blocks()).extracting(TemplateBlock::type).contains(BlockType.HEADER,
                BlockType.LEGAL_FOOTER);
        // the starter button has no address yet: left editable, so it is not a problem; a locked one would be
        List<TemplateProblem> problems = personas.callAs(marketer, () -> templates.problems(id));
        assertThat(problems).isEmpty();

        TemplateBlock button = d.email().blocks().stream().filter(b -> b.type() == BlockType.BUTTON).findFirst()
                .orElseThrow();
        EmailTemplateContent locked = d.email().withBlockReplaced(
                new TemplateBlock(button.id(), BlockType.BUTTON, true, null, button.content()));
        Templates.DraftSaved saved = personas.callAs(marketer, () -> templates.saveEmailDraft(id, d.version(), locked));
        assertThat(saved.problems()).extracting(TemplateProblem::path, TemplateProblem::messageKey)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("blocks[" + button.id() + "].url",
                        "template.problem.required"));
        assertThatThrownBy(() -> personas.callAs(marketer, () -> templates.publish(id, saved.version(),
                Availability.NETWORK))).isInstanceOf(TemplateProblem.InvalidTemplateException.class);
    }

    @Test
    void publishedVersionsAreFrozenAndPinnedWhileTheDraftMovesOn() {
        UUID id = newEmailTemplate();
        Templates.Details d = personas.callAs(marketer, () -> templates.get(id));
        Templates.Version v1 = personas.callAs(marketer, () -> templates.publish(id, d.version(), Availability.NETWORK));
        assertThat(v1.number()).isEqualTo(1);
        assertThat(v1.changes()).extracting(TemplateChange::messageKey)
                .contains("template.change.first", "template.change.audienceNetwork");

        Templates.Details afterPublish = personas.callAs(marketer, () -> templates.get(id));
        assertThat(afterPublish.unpublishedChanges()).isFalse();
        EmailTemplateContent changed = afterPublish.email().withSubject(new LockableText("Nouvelle collection",
                true, false, null)).withBlockAdded(BlockType.DIVIDER, 2, "fr");
        personas.callAs(marketer, () -> templates.saveEmailDraft(id, afterPublish.version(), changed));
        assertThat(personas.callAs(marketer, () -> templates.get(id)).unpublishedChanges()).isTrue();

        Templates.Details beforeV2 = personas.callAs(marketer, () -> templates.get(id));
        Templates.Version v2 = personas.callAs(marketer, () -> templates.publish(id, beforeV2.version(),
                Availability.NETWORK));
        assertThat(v2.number()).isEqualTo(2);
        assertThat(v2.changes()).extracting(TemplateChange::messageKey)
                .contains("template.change.text", "template.change.locked", "template.change.blockAdded");

        // a campaign that pinned v1 still renders v1 exactly
        Templates.Version pinned = personas.callAs(Personas.BRANCH_MANAGER, () -> templates.version(v1.id()));
        assertThat(pinned.email()).isEqualTo(v1.email());
        assertThat(pinned.email().subject().text()).isNotEqualTo("Nouvelle collection");
        assertThat(personas.callAs(marketer, () -> templates.versions(id))).extracting(Templates.Version::number)
                .containsExactly(2, 1);
        assertThat(personas.callAs(marketer, () -> templates.history(id))).extracting(Templates.Event::kind)
                .containsExactly(Templates.EventKind.PUBLISHED, Templates.EventKind.PUBLISHED,
                        Templates.EventKind.CREATED);

        // the database itself refuses to change a published version
        UUID tenantId = personas.principal(marketer).tenantId();
        assertThatThrownBy(() -> io.archipel.tenancy.TenantContext.callAs(tenantId, () -> transactions.execute(
                status -> jdbc.update("update template_version set number = 9 where id = ?", v1.id()))))
                .hasMessageContaining("immutable");
    }

    @Test
    void aPilotRegionSeesTheTemplateAndOtherBranchesDoNot() {
        UUID id = newEmailTemplate();
        UUID lyon = branch("LYO-01");
        UUID nice = branch("NCE-01");
        Templates.Details d = personas.callAs(marketer, () -> templates.get(id));
        Availability pilot = new Availability(Availability.Audience.PILOT, Set.of(region("ARA")), Set.of(), null,
                null);
        personas.callAs(marketer, () -> templates.publish(id, d.version(), pilot));

        assertThat(personas.callAs(Personas.BRANCH_MANAGER, () -> catalog.availableTo(lyon, null)))
                .extracting(Templates.Available::templateId).contains(id);
        assertThat(personas.callAs(Personas.OTHER_BRANCH_MANAGER, () -> catalog.availableTo(nice, null)))
                .extracting(Templates.Available::templateId).doesNotContain(id);
        assertThatThrownBy(() -> personas.callAs(Personas.OTHER_BRANCH_MANAGER, () -> catalog.latestFor(nice, id)))
                .isInstanceOf(NotFoundException.class);
        // a manager cannot look into another branch's catalogue
        assertThatThrownBy(() -> personas.callAs(Personas.OTHER_BRANCH_MANAGER, () -> catalog.availableTo(lyon, null)))
                .isInstanceOf(AccessDeniedInScopeException.class);

        // widening to Nice's branch, then closing the window, without a new version
        long version = personas.callAs(marketer, () -> templates.get(id)).version();
        long next = personas.callAs(marketer, () -> templates.changeAvailability(id, version,
                new Availability(Availability.Audience.PILOT, pilot.territoryIds(), Set.of(nice), null, null)));
        assertThat(personas.callAs(Personas.OTHER_BRANCH_MANAGER, () -> catalog.availableTo(nice, null)))
                .extracting(Templates.Available::templateId).contains(id);
        // two days ahead: in the branch's time zone (Europe/Paris) "tomorrow" in UTC may already be today
        LocalDate notYet = LocalDate.now().plusDays(2);
        personas.callAs(marketer, () -> templates.changeAvailability(id, next,
                new Availability(Availability.Audience.PILOT, pilot.territoryIds(), Set.of(nice), notYet, null)));
        assertThat(personas.callAs(Personas.OTHER_BRANCH_MANAGER, () -> catalog.availableTo(nice, null)))
                .extracting(Templates.Available::templateId).doesNotContain(id);
        assertThat(personas.callAs(marketer, () -> templates.history(id))).extracting(Templates.Event::kind)
                .startsWith(Templates.EventKind.AVAILABILITY_CHANGED, Templates.EventKind.AVAILABILITY_CHANGED);
    }

    @Test
    void staleSavesAndForeignRolesAreRefused() {
        UUID id = newEmailTemplate();
        Templates.Details d = personas.callAs(marketer, () -> templates.get(id));
        personas.callAs(marketer, () -> templates.saveEmailDraft(id, d.version(), d.email()));
        assertThatThrownBy(() -> personas.callAs(marketer, () -> templates.saveEmailDraft(id, d.version(), d.email())))
                .isInstanceOf(OptimisticLockingFailureException.class);
        assertThatThrownBy(() -> personas.callAs(Personas.BRANCH_MANAGER, () -> templates.get(id)))
                .isInstanceOf(AccessDeniedInScopeException.class);
        assertThatThrownBy(() -> personas.callAs(Personas.VALIDATOR, () -> templates.list(null, null, false)))
                .isInstanceOf(AccessDeniedInScopeException.class);
    }

    @Test
    void richTextIsSanitizedOnSaveAndUnknownMergeFieldsAreReported() {
        UUID id = newEmailTemplate();
        Templates.Details d = personas.callAs(marketer, () -> templates.get(id));
        TemplateBlock text = d.email().blocks().stream().filter(b -> b.type() == BlockType.RICH_TEXT).findFirst()
                .orElseThrow();
        EmailTemplateContent evil = d.email().withBlockReplaced(text.withContent(Map.of("html",
                "<p onclick=\"x()\">Hi {{contact.password}}<script>alert(1)</script>${7*7}</p>")));
        Templates.DraftSaved saved = personas.callAs(marketer, () -> templates.saveEmailDraft(id, d.version(), evil));
        String stored = personas.callAs(marketer, () -> templates.get(id)).email().block(text.id()).orElseThrow()
                .value(BlockField.HTML);
        assertThat(stored).doesNotContain("script", "onclick").contains("${7*7}");
        assertThat(saved.problems()).extracting(TemplateProblem::messageKey)
                .contains("template.problem.unknownMergeField");
    }

    @Test
    void namesAreUniqueInTheNetwork() {
        String name = "Unique " + UUID.randomUUID();
        personas.callAs(marketer, () -> templates.create(TemplateChannel.SMS, name, TemplateCategory.EVENT, ""));
        assertThatThrownBy(() -> personas.callAs(marketer, () -> templates.create(TemplateChannel.EMAIL,
                name.toUpperCase(), TemplateCategory.EVENT, ""))).isInstanceOf(TemplateService.DuplicateNameException.class);
    }
}
