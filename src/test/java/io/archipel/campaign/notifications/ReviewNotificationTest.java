package io.archipel.campaign.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import io.archipel.campaign.CampaignService;
import io.archipel.campaign.Campaigns;
import io.archipel.campaign.ReviewFixture;
import io.archipel.delivery.sandbox.MailSandbox;
import io.archipel.delivery.sandbox.SandboxMessages;
import io.archipel.identity.Role;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.ScopeType;
import io.archipel.tenancy.TenantContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Review notifications travel over SMTP (the embedded GreenMail sink of the mail sandbox) to the people concerned, each
 * in their own language: reviewers when a campaign is submitted or its deadline nears, the branch side when changes
 * are requested or the campaign is approved. Whoever acted gets nothing about their own action.
 */
@ArchipelTest
class ReviewNotificationTest {

    @Autowired
    Personas personas;
    @Autowired
    org.springframework.context.ApplicationContext context;
    @Autowired
    CampaignService campaigns;
    @Autowired
    MailSandbox sandbox;
    @Autowired
    ReviewNotifications notifications;

    ReviewFixture fixture;
    UUID lyon;
    UUID tenantId;

    @AfterEach
    void cancelWhatIsStillWaiting() {
        fixture.cancelOpen();
    }

    @BeforeEach
    void setUp() {
        fixture = new ReviewFixture(context);
        lyon = fixture.branchId("LYO-01");
        tenantId = personas.principal(Personas.HQ_ADMIN).tenantId();
    }

    /** The demo network's sandbox mails to this address whose subject contains the text (waits a little for SMTP). */
    private List<SandboxMessages.Message> mailsTo(String address, String subjectPart) throws InterruptedException {
        return mailsTo(address, subjectPart, 50);
    }

    /** As {@link #mailsTo(String, String)} without waiting (checked after the mails of the same event arrived). */
    private List<SandboxMessages.Message> mailsNowTo(String address, String subjectPart) throws InterruptedException {
        return mailsTo(address, subjectPart, 1);
    }

    private List<SandboxMessages.Message> mailsTo(String address, String subjectPart, int attempts)
            throws InterruptedException {
        Predicate<SandboxMessages.Summary> wanted = m -> m.recipients().contains(address)
                && m.subject().contains(subjectPart);
        for (int attempt = 0; attempt < attempts; attempt++) {
            List<SandboxMessages.Message> found = new java.util.ArrayList<>();
            TenantContext.runAsSystem(tenantId, () -> sandbox.list().stream().filter(wanted)
                    .forEach(m -> found.add(sandbox.get(m.id()))));
            if (!found.isEmpty()) {
                return found;
            }
            if (attempt + 1 < attempts) {
                Thread.sleep(100);
            }
        }
        return List.of();
    }

    private SandboxMessages.Message onlyMailTo(String address, String subjectPart) throws InterruptedException {
        List<SandboxMessages.Message> mails = mailsTo(address, subjectPart);
        assertThat(mails).as("mails to " + address + " about " + subjectPart).hasSize(1);
        return mails.get(0);
    }

    @Test
    void reviewersAndBranchPeopleAreToldInTheirOwnLanguage() throws Exception {
        UUID ara = fixture.territoryId("ARA");
        String validatorFr = fixture.newUser(Role.VALIDATOR, ScopeType.TERRITORY, ara, Set.of(), "fr");
        String validatorEn = fixture.newUser(Role.VALIDATOR, ScopeType.TERRITORY, ara, Set.of(), "en");
        String author = fixture.newUser(Role.BRANCH_MANAGER, ScopeType.BRANCHES, null, Set.of(lyon), "fr");
        String colleague = fixture.newUser(Role.BRANCH_MANAGER, ScopeType.BRANCHES, null, Set.of(lyon), "en");
        String name = "Notif " + ReviewFixture.unique();

        UUID id = fixture.submitted(author, lyon, name, ReviewFixture.SUBJECT);

        // submitted: each validator of the region, in their language, with a link to the review page
        SandboxMessages.Message fr = onlyMailTo(validatorFr, name);
        assertThat(fr.subject()).startsWith("Campagne à valider : « " + name + " » de ")
                .endsWith("Lyon Part-Dieu (LYO-01)");
        assertThat(fr.text()).contains("a soumis la campagne « " + name + " »").contains("/hq/reviews/" + id)
                .contains("Merci de décider avant le");
        assertThat(fr.html()).contains("href=\"").contains("/hq/reviews/" + id).contains("Examiner la campagne");
        SandboxMessages.Message en = onlyMailTo(validatorEn, name);
        assertThat(en.subject()).startsWith("Campaign to review: \u201c" + name + "\u201d from ")
                .endsWith("Lyon Part-Dieu (LYO-01)");
        assertThat(en.text()).contains("submitted the campaign").contains("Please decide by");
        // nobody on the branch side hears about their own submission
        assertThat(mailsNowTo(author, name)).isEmpty();

        // changes requested: the author (French) and the branch's other manager (English), with the comment
        personas.runAs(validatorEn, () -> campaigns.requestChanges(id, "Ajoutez les horaires, s'il vous plaît."));
        SandboxMessages.Message changesFr = onlyMailTo(author, "Modifications demandées sur « " + name);
        assertThat(changesFr.text()).contains("demande des modifications").contains("> Ajoutez les horaires")
                .contains("/portal/campaigns/" + id);
        SandboxMessages.Message changesEn = onlyMailTo(colleague, "Changes requested on \u201c" + name);
        assertThat(changesEn.text()).contains("asked for changes").contains("Ajoutez les horaires");
        assertThat(changesEn.html()).contains("Ajoutez les horaires, s&#39;il vous plaît.");
        assertThat(mailsNowTo(validatorEn, "Changes requested")).isEmpty();

        // resubmitted and approved: the branch side is told the campaign is approved
        personas.runAs(author, () -> {
            Campaigns.Details d = campaigns.get(id);
            campaigns.submit(id, d.version());
        });
        personas.runAs(validatorFr, () -> campaigns.approve(id, null));
        assertThat(onlyMailTo(author, "« " + name + " » est validée").text()).contains("a validé la campagne");
        assertThat(onlyMailTo(colleague, "\u201c" + name + "\u201d is approved").text())
                .contains("approved the campaign");
    }

    @Test
    void reviewersAreRemindedOnceWhenMostOfTheReviewTimeIsGone() throws Exception {
        UUID ara = fixture.territoryId("ARA");
        String validatorEn = fixture.newUser(Role.VALIDATOR, ScopeType.TERRITORY, ara, Set.of(), "en");
        String validatorFr = fixture.newUser(Role.VALIDATOR, ScopeType.TERRITORY, ara, Set.of(), "fr");
        String name = "Reminder " + ReviewFixture.unique();
        UUID id = fixture.submitted(Personas.BRANCH_MANAGER, lyon, name, ReviewFixture.SUBJECT);
        Campaigns.Details d = fixture.details(id);
        Instant remindAt = ReviewNotifications.reminderTime(d.submittedAt(), d.summary().reviewDueAt());
        assertThat(remindAt).isAfter(d.submittedAt()).isBefore(d.summary().reviewDueAt());

        // before the reminder time nothing is sent; once it has come, one mail per reviewer
        notifications.remindDue(tenantId, remindAt.minusSeconds(60));
        assertThat(mailsNowTo(validatorEn, "Reminder: \u201c" + name)).isEmpty();
        notifications.remindDue(tenantId, remindAt.plusSeconds(60));
        assertThat(onlyMailTo(validatorEn, "Reminder: \u201c" + name).text()).contains("still waiting for a decision")
                .contains("/hq/reviews/" + id);
        assertThat(onlyMailTo(validatorFr, "Rappel : « " + name).text()).contains("attend toujours une décision");
        // later sweeps (of this or another instance) do not repeat it
        notifications.remindDue(tenantId, remindAt.plusSeconds(120));
        assertThat(mailsNowTo(validatorEn, "Reminder: \u201c" + name)).hasSize(1);
        // sent back and resubmitted: a new review round, reminded again when its time comes
        personas.runAs(validatorEn, () -> campaigns.requestChanges(id, "Please shorten the subject"));
        personas.runAs(Personas.BRANCH_MANAGER, () -> campaigns.submit(id, fixture.details(id).version()));
        Campaigns.Details again = fixture.details(id);
        notifications.remindDue(tenantId, ReviewNotifications.reminderTime(again.submittedAt(),
                again.summary().reviewDueAt()).plusSeconds(60));
        assertThat(mailsNowTo(validatorEn, "Reminder: \u201c" + name)).hasSize(2);
    }
}
