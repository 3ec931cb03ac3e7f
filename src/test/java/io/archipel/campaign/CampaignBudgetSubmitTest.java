package io.archipel.campaign;

import static io.archipel.campaign.CampaignFixture.ADMIN;
import static io.archipel.campaign.CampaignFixture.LYON;
import static io.archipel.campaign.CampaignFixture.policy;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import io.archipel.audience.Contacts;
import io.archipel.audience.SegmentService;
import io.archipel.insights.Steering;
import io.archipel.insights.steering.BudgetService;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The send budget seen from the campaign side: a branch submitting a campaign that would exceed its budget is refused
 * (policy BLOCK) or sent to an HQ review with a budget note (policy ASK_HQ), even when autonomy would approve it at
 * once. Budgets are set for the year of a send date far ahead, so that no other test's campaign meets them.
 */
@ArchipelTest
class CampaignBudgetSubmitTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    Personas personas;
    @Autowired
    CampaignService campaigns;
    @Autowired
    SegmentService segments;
    @Autowired
    BudgetService budgets;
    @Autowired
    JdbcTemplate jdbc;

    CampaignFixture fx;
    UUID lyon;
    UUID segment;
    UUID template;
    Instant sendAt;

    private static final java.util.concurrent.atomic.AtomicInteger YEARS_AHEAD =
            new java.util.concurrent.atomic.AtomicInteger((int) (Math.random() * 500));

    @BeforeEach
    void setUp() {
        fx = CampaignFixture.of(context);
        lyon = fx.branch("LYO-01");
        segment = consentingSegment();
        template = fx.emailTemplate(policy(Policies.ReviewMode.NEVER, Policies.Reviewer.HQ));
        // a year of its own, never that of another test of this run (two tests in one year saw each other's
        // committed campaigns in their budget: a flaky "-1 left"); other test classes use other ranges
        int years = 300 + YEARS_AHEAD.getAndIncrement();
        sendAt = LocalDate.now(ZoneOffset.UTC).plusYears(years).withMonth(6).withDayOfMonth(15)
                .atTime(9, 0).toInstant(ZoneOffset.UTC);
    }

    @Autowired
    io.archipel.audience.ContactService contacts;

    /** An HQ segment holding two consenting contacts of LYO-01. */
    private UUID consentingSegment() {
        String tag = "budget" + CampaignFixture.unique();
        personas.runAs(LYON, () -> {
            for (int i = 0; i < 2; i++) {
                UUID contact = contacts.create(lyon, new Contacts.ContactData(tag + i + "@example.com", null, "Ana",
                        "Budget", null, null, null, null, null, null, java.util.List.of(tag)));
                contacts.recordConsent(contact, Contacts.Channel.EMAIL, Contacts.ConsentState.GRANTED,
                        Contacts.ConsentSource.FORM, "budget test");
            }
        });
        return personas.callAs(ADMIN, () -> segments.create(null, new io.archipel.audience.Segments.Draft(
                "Budget audience " + tag, "", new io.archipel.audience.Segments.Definition(Contacts.Channel.EMAIL,
                        new io.archipel.audience.Segments.Group(io.archipel.audience.Segments.Combinator.ALL,
                                java.util.List.of(new io.archipel.audience.Segments.Condition("tags",
                                        io.archipel.audience.Segments.Operator.HAS_TAG, java.util.List.of(tag))))))));
    }

    @AfterEach
    void backToDefaultPolicy() {
        personas.runAs(ADMIN, () -> budgets.savePolicy(Steering.OverBudgetPolicy.ASK_HQ));
    }

    private UUID readyCampaign() {
        UUID id = personas.callAs(LYON, () -> campaigns.createFromTemplate(lyon, template,
                "Budget " + CampaignFixture.unique()));
        personas.runAs(LYON, () -> campaigns.setAudience(id, campaigns.get(id).version(), segment));
        personas.runAs(LYON, () -> campaigns.setSchedule(id, campaigns.get(id).version(), sendAt));
        return id;
    }

    private void quota(int messages) {
        personas.runAs(ADMIN, () -> budgets.set(new BudgetService.BudgetForm(lyon, null, Steering.PeriodKind.YEAR,
                sendAt.atZone(ZoneOffset.UTC).toLocalDate(), Steering.BudgetKind.QUOTA, null, null, null, messages)));
    }

    @Test
    void withinItsBudgetTheCampaignFollowsTheAutonomyPolicyAndCommitsItsReach() {
        UUID id = readyCampaign();
        long reach = personas.callAs(LYON, () -> campaigns.recipients(id));
        assertThat(reach).isPositive();
        quota((int) reach + 1);

        var estimate = personas.callAs(LYON, () -> campaigns.budgetEstimate(id, null)).orElseThrow();
        assertThat(estimate.quota()).isTrue();
        assertThat(estimate.cost()).isEqualByComparingTo(BigDecimal.valueOf(reach));
        assertThat(estimate.remaining()).isEqualByComparingTo(BigDecimal.valueOf(reach + 1));
        assertThat(estimate.exceeds()).isFalse();

        Campaigns.Submitted submitted = personas.callAs(LYON, () -> campaigns.submit(id, campaigns.get(id).version()));
        assertThat(submitted.status()).isEqualTo(CampaignStatus.SCHEDULED);

        // a second campaign of the same reach now sees only 1 message left: it is over budget
        UUID second = readyCampaign();
        var after = personas.callAs(LYON, () -> campaigns.budgetEstimate(second, null)).orElseThrow();
        assertThat(after.remaining()).isEqualByComparingTo(BigDecimal.ONE);
        assertThat(after.exceeds()).isTrue();
        assertThat(after.block()).isFalse();
    }

    @Test
    void policyBlockRefusesTheSubmissionWithWhatItCostsAndWhatIsLeft() {
        personas.runAs(ADMIN, () -> budgets.savePolicy(Steering.OverBudgetPolicy.BLOCK));
        UUID id = readyCampaign();
        quota(0);

        Campaigns.Submitted refused = personas.callAs(LYON, () -> campaigns.submit(id, campaigns.get(id).version()));

        assertThat(refused.accepted()).isFalse();
        assertThat(refused.status()).isEqualTo(CampaignStatus.DRAFT);
        assertThat(refused.problems()).anySatisfy(p -> {
            assertThat(p.messageKey()).isEqualTo("steering.problem.overQuota");
            assertThat(p.path()).isEqualTo("schedule.budget");
        });
        assertThat(personas.callAs(LYON, () -> campaigns.get(id)).status()).isEqualTo(CampaignStatus.DRAFT);
    }

    @Autowired
    org.springframework.test.web.servlet.MockMvc mvc;

    @Test
    void theWizardShowsTheCostAndWhatIsLeftAndExplainsARefusal() throws Exception {
        personas.runAs(ADMIN, () -> budgets.savePolicy(Steering.OverBudgetPolicy.BLOCK));
        UUID id = readyCampaign();
        quota(1);
        java.time.ZonedDateTime paris = sendAt.atZone(java.time.ZoneId.of("Europe/Paris"));

        String step = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .get("/portal/campaigns/{campaignId}/schedule", id).with(personas.as(LYON))
                .locale(java.util.Locale.ENGLISH)).andReturn().getResponse().getContentAsString(
                        java.nio.charset.StandardCharsets.UTF_8);
        assertThat(step).contains("Send budget", "2 messages", "1 message<", "-1 messages",
                "This campaign would exceed the budget: it cannot be submitted as it is.");

        String refused = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                .post("/portal/campaigns/{campaignId}/schedule", id).with(personas.as(LYON))
                .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf())
                .locale(java.util.Locale.ENGLISH).param("when", "later")
                .param("sendDate", paris.toLocalDate().toString()).param("sendTime", paris.toLocalTime().toString())
                .param("version", String.valueOf(personas.callAs(LYON, () -> campaigns.get(id)).version()))
                .param("action", "submit")).andReturn().getResponse().getContentAsString(
                        java.nio.charset.StandardCharsets.UTF_8);
        assertThat(refused).contains("This campaign would exceed the branch’s send quota: it sends 2 messages and only 1 are left.");
        assertThat(personas.callAs(LYON, () -> campaigns.get(id)).status()).isEqualTo(CampaignStatus.DRAFT);
    }

    @Test
    void policyAskHqSendsTheCampaignToAnHqReviewWithABudgetNoteEvenWithoutReviewByAutonomy() {
        UUID id = readyCampaign();
        quota(0);

        Campaigns.Submitted submitted = personas.callAs(LYON, () -> campaigns.submit(id, campaigns.get(id).version()));

        assertThat(submitted.status()).isEqualTo(CampaignStatus.IN_REVIEW);
        Campaigns.Details d = personas.callAs(ADMIN, () -> campaigns.get(id));
        assertThat(d.summary().escalated()).isTrue();
        assertThat(d.timeline()).anySatisfy(t -> {
            assertThat(t.to()).isEqualTo(CampaignStatus.IN_REVIEW);
            assertThat(t.comment()).contains("budget");
        });
        // HQ may still approve it
        personas.runAs(ADMIN, () -> campaigns.approve(id, "ok, exceptionally"));
        assertThat(personas.callAs(ADMIN, () -> campaigns.get(id)).status()).isEqualTo(CampaignStatus.SCHEDULED);
    }
}
