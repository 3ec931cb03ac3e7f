package io.archipel.campaign;

import static io.archipel.campaign.CampaignFixture.ADMIN;
import static io.archipel.campaign.CampaignFixture.LYON;
import static io.archipel.campaign.CampaignFixture.MARKETER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import io.archipel.brand.TemplateChannel;
import io.archipel.campaign.Policies.EffectiveRow;
import io.archipel.campaign.Policies.ExpiryAction;
import io.archipel.campaign.Policies.Override;
import io.archipel.campaign.Policies.Policy;
import io.archipel.campaign.Policies.ReviewMode;
import io.archipel.campaign.Policies.Reviewer;
import io.archipel.campaign.Policies.Source;
import io.archipel.shared.NotFoundException;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.access.AccessDeniedException;

/** Network default → template policy → territory overrides, field by field, the nearest territory winning. */
@ArchipelTest
class PolicyServiceTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    Personas personas;
    @Autowired
    PolicyService policies;

    CampaignFixture fx;

    @BeforeEach
    void setUp() {
        fx = CampaignFixture.of(context);
    }

    private static final Policy TEMPLATE_POLICY = new Policy(ReviewMode.ALWAYS, Reviewer.HQ, 72,
            ExpiryAction.AUTO_APPROVE, 5, EnumSet.of(TemplateChannel.EMAIL));

    @Test
    void aTemplateFollowsTheNetworkDefaultUntilItHasItsOwnPolicy() {
        UUID template = fx.emailTemplate(null);
        UUID lyon = fx.branch("LYO-01");
        Policy original = personas.callAs(ADMIN, () -> policies.networkDefault());
        try {
            Policy network = new Policy(ReviewMode.WHEN_FREE_TEXT_CHANGED, Reviewer.TERRITORY_VALIDATORS, 12,
                    ExpiryAction.ESCALATE_TO_HQ, null, EnumSet.allOf(TemplateChannel.class));
            personas.runAs(ADMIN, () -> policies.setNetworkDefault(network));
            assertThat(personas.callAs(LYON, () -> policies.networkDefault())).isEqualTo(network);
            Policies.Effective effective = personas.callAs(LYON, () -> policies.effective(template, lyon));
            assertThat(effective.source()).isEqualTo(Source.NETWORK_DEFAULT);
            assertThat(effective.policy()).isEqualTo(network);
            assertThat(personas.callAs(MARKETER, () -> policies.templatePolicy(template))).isEmpty();

            personas.runAs(MARKETER, () -> policies.setTemplatePolicy(template, TEMPLATE_POLICY));
            assertThat(personas.callAs(MARKETER, () -> policies.templatePolicy(template))).contains(TEMPLATE_POLICY);
            Policies.Effective own = personas.callAs(LYON, () -> policies.effective(template, lyon));
            assertThat(own.source()).isEqualTo(Source.TEMPLATE);
            assertThat(own.policy()).isEqualTo(TEMPLATE_POLICY);

            personas.runAs(MARKETER, () -> policies.clearTemplatePolicy(template));
            assertThat(personas.callAs(LYON, () -> policies.effective(template, lyon)).policy()).isEqualTo(network);
        } finally {
            personas.runAs(ADMIN, () -> policies.setNetworkDefault(original));
        }
    }

    @Test
    void territoryOverridesApplyFieldByFieldAndTheNearestTerritoryWins() {
        UUID template = fx.emailTemplate(TEMPLATE_POLICY);
        UUID lyon = fx.branch("LYO-01");
        UUID nice = fx.branch("NCE-01");
        UUID ara = fx.territory("ARA");
        UUID lyonZone = fx.territory("ARA-LYO");
        personas.runAs(MARKETER, () -> {
            policies.setOverride(template, ara, new Override(null, Reviewer.TERRITORY_VALIDATORS, 12, null, 3, null));
            policies.setOverride(template, lyonZone, new Override(ReviewMode.NEVER, null, 6, null, null, null));
        });

        Policies.Effective lyonPolicy = personas.callAs(LYON, () -> policies.effective(template, lyon));
        assertThat(lyonPolicy.policy()).isEqualTo(new Policy(ReviewMode.NEVER, Reviewer.TERRITORY_VALIDATORS, 6,
                ExpiryAction.AUTO_APPROVE, 3, EnumSet.of(TemplateChannel.EMAIL)));
        assertThat(lyonPolicy.source()).isEqualTo(Source.TERRITORY);
        assertThat(lyonPolicy.territoryName()).isEqualTo("Lyon Métropole");

        Policies.Effective nicePolicy = personas.callAs(ADMIN, () -> policies.effective(template, nice));
        assertThat(nicePolicy.policy()).isEqualTo(TEMPLATE_POLICY);
        assertThat(nicePolicy.source()).isEqualTo(Source.TEMPLATE);

        assertThat(personas.callAs(MARKETER, () -> policies.overrides(template))).containsOnlyKeys(ara, lyonZone);

        List<EffectiveRow> table = personas.callAs(MARKETER, () -> policies.effectiveTable(template));
        EffectiveRow france = row(table, fx.territory("FR"));
        assertThat(france.territoryName()).isEqualTo("France");
        assertThat(table.indexOf(france)).isLessThan(table.indexOf(row(table, fx.territory("ARA"))));
        assertThat(france.depth()).isZero();
        assertThat(france.policy()).isEqualTo(TEMPLATE_POLICY);
        assertThat(france.overridden()).isFalse();
        EffectiveRow araRow = row(table, ara);
        assertThat(araRow.depth()).isEqualTo(1);
        assertThat(araRow.overridden()).isTrue();
        assertThat(araRow.policy().deadlineHours()).isEqualTo(12);
        assertThat(araRow.sources().deadlineHours().source()).isEqualTo(Source.TERRITORY);
        assertThat(araRow.sources().review().source()).isEqualTo(Source.TEMPLATE);
        EffectiveRow lyonRow = row(table, lyonZone);
        assertThat(lyonRow.depth()).isEqualTo(2);
        assertThat(lyonRow.policy().deadlineHours()).isEqualTo(6);
        assertThat(lyonRow.policy().maxSendsPerWeek()).isEqualTo(3);
        assertThat(lyonRow.sources().maxSendsPerWeek().territoryName()).isEqualTo("Auvergne-Rhône-Alpes");
        assertThat(lyonRow.sources().maxSendsPerWeek().inherited(lyonZone)).isTrue();
        assertThat(lyonRow.sources().deadlineHours().inherited(lyonZone)).isFalse();
        EffectiveRow alpes = row(table, fx.territory("ARA-ALP"));
        assertThat(alpes.policy().deadlineHours()).isEqualTo(12);
        assertThat(alpes.policy().review()).isEqualTo(ReviewMode.ALWAYS);
        assertThat(table.indexOf(araRow)).isLessThan(table.indexOf(lyonRow));

        // a zero limit in an override means "no limit" below it; removing overrides goes back up
        personas.runAs(MARKETER, () -> policies.setOverride(template, lyonZone,
                new Override(ReviewMode.NEVER, null, 6, null, 0, null)));
        assertThat(personas.callAs(LYON, () -> policies.effective(template, lyon)).policy().maxSendsPerWeek())
                .isNull();
        personas.runAs(MARKETER, () -> policies.removeOverride(template, lyonZone));
        assertThat(personas.callAs(LYON, () -> policies.effective(template, lyon)).policy().deadlineHours())
                .isEqualTo(12);
        personas.runAs(MARKETER, () -> policies.setOverride(template, ara, Override.none()));
        assertThat(personas.callAs(LYON, () -> policies.effective(template, lyon)).source())
                .isEqualTo(Source.TEMPLATE);
    }

    @Test
    void onlyHqEditsAndValuesAreChecked() {
        UUID template = fx.emailTemplate(null);
        assertThatThrownBy(() -> personas.runAs(LYON, () -> policies.setTemplatePolicy(template, TEMPLATE_POLICY)))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> personas.runAs(Personas.VALIDATOR, () -> policies.setOverride(template,
                fx.territory("ARA"), new Override(ReviewMode.NEVER, null, null, null, null, null))))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> personas.runAs(MARKETER, () -> policies.setTemplatePolicy(template,
                new Policy(ReviewMode.ALWAYS, Reviewer.HQ, 0, ExpiryAction.AUTO_APPROVE, null,
                        EnumSet.allOf(TemplateChannel.class)))))
                .isInstanceOf(Policies.InvalidPolicyException.class)
                .satisfies(e -> assertThat(((Policies.InvalidPolicyException) e).field()).isEqualTo("deadlineHours"));
        assertThat(personas.callAs(MARKETER, () -> policies.templatePolicy(template))).isEmpty();
        assertThatThrownBy(() -> personas.callAs(MARKETER, () -> policies.templatePolicy(UUID.randomUUID())))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> personas.runAs(MARKETER, () -> policies.setOverride(template, UUID.randomUUID(),
                new Override(ReviewMode.NEVER, null, null, null, null, null)))).isInstanceOf(NotFoundException.class);
    }

    private static EffectiveRow row(List<EffectiveRow> table, UUID territoryId) {
        return table.stream().filter(r -> r.territoryId().equals(territoryId)).findFirst().orElseThrow();
    }
}
