package io.archipel.audience.segments;

import static io.archipel.audience.Segments.Operator.BETWEEN;
import static io.archipel.audience.Segments.Operator.BEFORE;
import static io.archipel.audience.Segments.Operator.CONTAINS;
import static io.archipel.audience.Segments.Operator.EQUALS;
import static io.archipel.audience.Segments.Operator.GREATER_THAN;
import static io.archipel.audience.Segments.Operator.HAS_TAG;
import static io.archipel.audience.Segments.Operator.IS_SET;
import static io.archipel.audience.Segments.Operator.MORE_THAN_DAYS_AGO;
import static io.archipel.audience.Segments.Operator.WITHIN_LAST_DAYS;
import static io.archipel.audience.segments.SegmentFixture.HQ;
import static io.archipel.audience.segments.SegmentFixture.all;
import static io.archipel.audience.segments.SegmentFixture.email;
import static io.archipel.audience.segments.SegmentFixture.unique;
import static io.archipel.audience.segments.SegmentFixture.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.archipel.audience.ContactService;
import io.archipel.audience.Contacts.Channel;
import io.archipel.audience.Contacts.StaleContactException;
import io.archipel.audience.Contacts.SuppressionReason;
import io.archipel.audience.SegmentService;
import io.archipel.audience.Segments.Combinator;
import io.archipel.audience.Segments.Definition;
import io.archipel.audience.Segments.Draft;
import io.archipel.audience.Segments.Group;
import io.archipel.audience.Segments.InvalidSegmentException;
import io.archipel.audience.Segments.NetworkCount;
import io.archipel.audience.Segments.Problem;
import io.archipel.audience.Segments.Rule;
import io.archipel.audience.Segments.Segment;
import io.archipel.audience.Segments.TerritoryPolicy;
import io.archipel.audience.segments.SegmentFixture.Person;
import io.archipel.shared.AccessDeniedInScopeException;
import io.archipel.shared.NotFoundException;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantService;
import io.archipel.tenancy.TerritoryKind;
import io.archipel.tenancy.TerritoryService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Consent, suppression, checks, saved segments, scope and the branch permission, as the personas who use them. */
@ArchipelTest
class SegmentServiceTest {

    static final String LYON = Personas.BRANCH_MANAGER;
    static final String NICE = Personas.OTHER_BRANCH_MANAGER;

    @Autowired
    Personas personas;
    @Autowired
    BranchService branches;
    @Autowired
    TerritoryService territories;
    @Autowired
    TenantService tenants;
    @Autowired
    ContactService contacts;
    @Autowired
    SegmentService segments;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;

    SegmentFixture f;

    @BeforeEach
    void setUp() {
        f = new SegmentFixture(personas, branches, contacts, segments, jdbc, tx);
    }

    /** A random French mobile in the 0612 range, which libphonenumber knows is valid (not every 06 range is). */
    static String mobile() {
        return "0612" + String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000));
    }

    static Definition everyone(Channel channel) {
        return new Definition(channel, new Group(Combinator.ALL, List.of()));
    }

    static Draft draft(String name, Definition d) {
        return new Draft(name, "Test segment", d);
    }

    @Test
    void onlyConsentingReachableContactsCountAndNeverSuppressedOrErasedOnes() {
        UUID branch = f.newBranch();
        f.contact(branch, Person.named("Granted"));
        UUID never = personas.callAs(HQ, () -> contacts.create(branch, Person.named("Never").data()));
        UUID withdrawn = f.contact(branch, Person.named("Withdrawn"));
        f.withdraw(withdrawn, Channel.EMAIL);
        UUID smsOnly = personas.callAs(HQ, () -> contacts.create(branch, Person.named("SmsOnly").mobile(mobile()).data()));
        f.grant(smsOnly, Channel.SMS);
        UUID noAddress = personas.callAs(HQ, () -> contacts.create(branch,
                Person.named("NoAddress").email(null).mobile(mobile()).data()));
        f.grant(noAddress, Channel.EMAIL);
        Person bounced = Person.named("Bounced");
        f.contact(branch, bounced);
        personas.runAs(HQ, () -> contacts.suppress(bounced.email, null, SuppressionReason.HARD_BOUNCE));
        Person phoneSuppressed = Person.named("PhoneSuppressed").mobile(mobile());
        UUID phoneSuppressedId = f.contact(branch, phoneSuppressed);
        f.grant(phoneSuppressedId, Channel.SMS);
        personas.runAs(HQ, () -> contacts.suppress(null, contacts.get(phoneSuppressedId).mobile(),
                SuppressionReason.COMPLAINT));
        UUID erased = f.contact(branch, Person.named("Erased"));
        personas.runAs(HQ, () -> contacts.erase(erased));
        assertThat(never).isNotNull();

        assertThat(f.names(everyone(Channel.EMAIL), branch)).as("empty root group = every consenting contact")
                .containsExactly("Granted");
        assertThat(f.count(everyone(Channel.EMAIL), branch)).isEqualTo(1);
        assertThat(f.names(everyone(Channel.SMS), branch)).containsExactly("SmsOnly");
        // a rule matching everyone changes nothing
        assertThat(f.count(email(when("last_name", EQUALS, "test")), branch)).isEqualTo(1);
    }

    @Test
    void aHostileValueIsJustDataAndAHostileFieldIsUnknown() {
        UUID branch = f.newBranch();
        String hostile = "'; drop table contact; --";
        f.contact(branch, Person.named("Hostile").city(hostile));
        f.contact(branch, Person.named("Plain").city("Lyon"));

        assertThat(f.names(email(when("city", EQUALS, hostile)), branch)).containsExactly("Hostile");
        assertThat(f.names(email(when("city", CONTAINS, "' or '1'='1")), branch)).isEmpty();
        assertThat(f.names(email(when("city", CONTAINS, "\\")), branch)).isEmpty();
        List<Problem> problems = personas.callAs(HQ, () -> segments.check(email(
                when("city) or true or (c.city", EQUALS, "x"), when("attr.x') or 1=1 --", EQUALS, "x"))));
        assertThat(problems).extracting(Problem::messageKey).containsExactly("segment.problem.unknownField",
                "segment.problem.unknownField");
        assertThatThrownBy(() -> f.count(email(when("city) or true or (c.city", EQUALS, "x")), branch))
                .isInstanceOf(InvalidSegmentException.class);
        // the table is still there, with its rows
        assertThat(f.count(email(), branch)).isEqualTo(2);
    }

    @Test
    void checkReportsEveryProblemWithItsPath() {
        Definition d = new Definition(null, all(
                when("nope", EQUALS, "x"),
                when("city", HAS_TAG, "x"),
                when("total_spend", BETWEEN, "1"),
                when("total_spend", GREATER_THAN, "abc"),
                when("last_purchase_date", BEFORE, "31/02/2024"),
                when("last_purchase_date", WITHIN_LAST_DAYS, "0"),
                new Group(Combinator.ANY, List.of()),
                when("city", IS_SET, "Lyon"),
                when("total_spend", BETWEEN, "100", "10"),
                when("created_at", MORE_THAN_DAYS_AGO, "3651"),
                when("city", EQUALS),
                new io.archipel.audience.Segments.Condition("city", null, List.of("x"))));
        List<Problem> problems = personas.callAs(HQ, () -> segments.check(d));
        assertThat(problems).extracting(p -> p.path() + " " + p.messageKey()).containsExactly(
                "channel segment.problem.channelRequired",
                "root.rules[0] segment.problem.unknownField",
                "root.rules[1] segment.problem.operatorNotAllowed",
                "root.rules[2] segment.problem.twoValuesExpected",
                "root.rules[3] segment.problem.badNumber",
                "root.rules[4] segment.problem.badDate",
                "root.rules[5] segment.problem.badDays",
                "root.rules[6] segment.problem.emptyGroup",
                "root.rules[7] segment.problem.noValueExpected",
                "root.rules[8] segment.problem.rangeReversed",
                "root.rules[9] segment.problem.badDays",
                "root.rules[10] segment.problem.oneValueExpected",
                "root.rules[11] segment.problem.operatorRequired");
        assertThat(problems.get(1).args()).containsExactly("nope");
        assertThat(problems.get(4).args()).containsExactly("abc");

        Rule deep = when("city", EQUALS, "Lyon");
        for (int i = 0; i < 5; i++) {
            deep = all(deep);
        }
        Definition tooDeep = email(deep);
        assertThat(personas.callAs(HQ, () -> segments.check(tooDeep))).extracting(p -> p.path() + " " + p.messageKey())
                .containsExactly("root.rules[0].rules[0].rules[0].rules[0].rules[0] segment.problem.tooDeep");
        List<Rule> many = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            many.add(when("city", EQUALS, "c" + i));
        }
        Definition tooMany = new Definition(Channel.EMAIL, new Group(Combinator.ANY, many));
        assertThat(personas.callAs(HQ, () -> segments.check(tooMany))).extracting(Problem::messageKey)
                .containsExactly("segment.problem.tooManyConditions");
        assertThat(personas.callAs(HQ, () -> segments.check(email(when("city", EQUALS, "Lyon"))))).isEmpty();
        UUID lyon = f.branchId("LYO-01");
        assertThatThrownBy(() -> f.count(tooMany, lyon)).isInstanceOfSatisfying(InvalidSegmentException.class,
                e -> assertThat(e.problems()).extracting(Problem::messageKey)
                        .containsExactly("segment.problem.tooManyConditions"));
    }

    @Test
    void countsAcrossTheScopeGroupPerBranch() {
        String tag = "net" + unique();
        UUID a = f.newBranch();
        UUID b = f.newBranch();
        f.contact(a, Person.named("A1").tags(tag));
        f.contact(a, Person.named("A2").tags(tag));
        f.contact(b, Person.named("B1").tags(tag));
        f.contact(b, Person.named("B2"));
        Definition d = email(when("tags", HAS_TAG, tag));

        NetworkCount hq = personas.callAs(HQ, () -> segments.countInScope(d));
        assertThat(hq.total()).isEqualTo(3);
        assertThat(hq.branches().get(0).branchId()).isEqualTo(a);
        assertThat(hq.branches().get(0).contacts()).isEqualTo(2);
        assertThat(hq.branches()).filteredOn(x -> x.branchId().equals(b)).singleElement()
                .satisfies(x -> assertThat(x.contacts()).isEqualTo(1));
        // the validator's scope (Auvergne-Rhône-Alpes) holds the new branches; the PACA executive's does not
        assertThat(personas.callAs(Personas.VALIDATOR, () -> segments.countInScope(d)).total()).isEqualTo(3);
        NetworkCount paca = personas.callAs(Personas.REGIONAL_EXECUTIVE, () -> segments.countInScope(d));
        assertThat(paca.total()).isZero();
        assertThat(paca.branches()).noneMatch(x -> x.branchId().equals(a));
        // a branch manager's scope is their branch
        NetworkCount lyon = personas.callAs(LYON, () -> segments.countInScope(d));
        assertThat(lyon.branches()).extracting(x -> x.branchCode()).containsExactly("LYO-01");
    }

    @Test
    void relativeDatesUseTheBranchTimeZoneAndANetworkCountEachBranchsOwn() {
        UUID kiritimati = f.newBranchInZone("Pacific/Kiritimati");
        UUID pagoPago = f.newBranchInZone("Pacific/Pago_Pago");
        Definition recent = email(when("last_purchase_date", WITHIN_LAST_DAYS, "1"));
        var far = personas.callAs(HQ, () -> segments.compileForBranch(recent, kiritimati));
        var behind = personas.callAs(HQ, () -> segments.compileForBranch(recent, pagoPago));
        java.time.LocalDate todayThere = java.time.LocalDate.now(java.time.ZoneId.of("Pacific/Kiritimati"));
        assertThat(far.params()).contains(todayThere);
        assertThat(behind.params()).contains(java.time.LocalDate.now(java.time.ZoneId.of("Pacific/Pago_Pago")))
                .doesNotContain(todayThere);

        String tag = "zone" + unique();
        f.contact(kiritimati, Person.named("K").tags(tag));
        f.contact(pagoPago, Person.named("P").tags(tag));
        f.contact(f.newBranch(), Person.named("Paris").tags(tag));
        NetworkCount all = personas.callAs(HQ, () -> segments.countInScope(email(when("tags", HAS_TAG, tag),
                when("created_at", WITHIN_LAST_DAYS, "1"))));
        assertThat(all.total()).as("three zones, three grouped queries, each branch counted once").isEqualTo(3);
        assertThat(all.branches().stream().filter(b -> b.contacts() > 0).count()).isEqualTo(3);
    }

    @Test
    void aBranchManagerCannotCountAnotherBranchAndAnotherTenantsSegmentIsNotFound() {
        UUID nice = f.branchId("NCE-01");
        UUID lyon = f.branchId("LYO-01");
        assertThatThrownBy(() -> personas.callAs(LYON, () -> segments.count(email(), nice)))
                .isInstanceOf(AccessDeniedInScopeException.class);
        assertThatThrownBy(() -> personas.callAs(LYON, () -> segments.listForBranch(nice)))
                .isInstanceOf(AccessDeniedInScopeException.class);
        assertThat(personas.callAs(LYON, () -> segments.count(email(), lyon))).isNotNegative();
        assertThatThrownBy(() -> personas.callAs(LYON, () -> segments.branchSegmentsAllowed(nice)))
                .isInstanceOf(AccessDeniedInScopeException.class);

        UUID rivalTenant = tenants.create("seg-rival-" + unique(), "Segment rival " + unique(), "en");
        UUID[] rivalSegment = new UUID[1];
        TenantContext.runAsSystem(rivalTenant, () -> rivalSegment[0] = segments.create(null,
                draft("Rival segment", email(when("city", EQUALS, "Paris")))));
        assertThatThrownBy(() -> personas.callAs(HQ, () -> segments.get(rivalSegment[0])))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> personas.runAs(HQ, () -> segments.update(rivalSegment[0], 0,
                draft("Taken over", email())))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> personas.runAs(HQ, () -> segments.delete(rivalSegment[0])))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> personas.callAs(HQ, () -> segments.count(rivalSegment[0], lyon)))
                .isInstanceOf(NotFoundException.class);
        assertThat(personas.callAs(HQ, () -> segments.listNetwork())).extracting(Segment::id)
                .doesNotContain(rivalSegment[0]);
    }

    @Test
    void hqSegmentsAreSavedByWholeNetworkHqUsersWithOptimisticLocking() {
        String name = "Fidèles lyonnais " + unique();
        Definition d = email(when("city", EQUALS, "Lyon"), when("loyalty_tier", EQUALS, "Gold"));
        UUID id = personas.callAs(Personas.HQ_MARKETER, () -> segments.create(null, draft(name, d)));
        Segment saved = personas.callAs(HQ, () -> segments.get(id));
        assertThat(saved.name()).isEqualTo(name);
        assertThat(saved.network()).isTrue();
        assertThat(saved.definition()).isEqualTo(d);
        assertThat(saved.updatedBy()).contains("marketing@maison-lumiere.example");
        assertThat(personas.callAs(LYON, () -> segments.listForBranch(f.branchId("LYO-01")))).extracting(Segment::id)
                .contains(id);
        assertThat(personas.callAs(LYON, () -> segments.get(id)).name()).isEqualTo(name);

        assertThatThrownBy(() -> personas.callAs(HQ, () -> segments.create(null, draft(name.toUpperCase(), d))))
                .isInstanceOfSatisfying(InvalidSegmentException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.path() + " " + p.messageKey()).containsExactly("name segment.problem.nameTaken"));
        assertThatThrownBy(() -> personas.callAs(HQ, () -> segments.create(null, new Draft(" ", null,
                email(when("nope", EQUALS, "x")))))).isInstanceOfSatisfying(InvalidSegmentException.class,
                        e -> assertThat(e.problems()).extracting(Problem::path).containsExactly("name", "root.rules[0]"));

        Definition changed = email(when("city", EQUALS, "Villeurbanne"));
        personas.runAs(HQ, () -> segments.update(id, saved.version(), draft(name + " v2", changed)));
        Segment v2 = personas.callAs(HQ, () -> segments.get(id));
        assertThat(v2.name()).isEqualTo(name + " v2");
        assertThat(v2.definition()).isEqualTo(changed);
        assertThat(v2.version()).isEqualTo(saved.version() + 1);
        assertThatThrownBy(() -> personas.runAs(HQ, () -> segments.update(id, saved.version(), draft(name + " v3", d))))
                .isInstanceOf(StaleContactException.class);
        assertThat(personas.callAs(HQ, () -> segments.get(id)).name()).isEqualTo(name + " v2");

        // HQ segments need an HQ admin or marketer with the whole network in scope
        assertThatThrownBy(() -> personas.callAs(Personas.VALIDATOR, () -> segments.create(null, draft(name + "x", d))))
                .isInstanceOf(AccessDeniedInScopeException.class);
        assertThatThrownBy(() -> personas.callAs(LYON, () -> segments.create(null, draft(name + "y", d))))
                .isInstanceOf(AccessDeniedInScopeException.class);
        assertThatThrownBy(() -> personas.runAs(LYON, () -> segments.delete(id)))
                .isInstanceOf(AccessDeniedInScopeException.class);
        assertThat(personas.callAs(LYON, () -> segments.mayEdit(null))).isFalse();
        assertThat(personas.callAs(HQ, () -> segments.mayEdit(null))).isTrue();

        personas.runAs(HQ, () -> segments.delete(id));
        assertThatThrownBy(() -> personas.callAs(HQ, () -> segments.get(id))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void theBranchPermissionIsInheritedFromTheNearestTerritorySetting() {
        UUID country = personas.callAs(HQ, () -> territories.visibleTree().stream().filter(t -> t.parentId() == null)
                .findFirst().orElseThrow().id());
        String tag = unique();
        UUID region = personas.callAs(HQ, () -> territories.create(country, TerritoryKind.REGION, null, "Région " + tag));
        UUID zone = personas.callAs(HQ, () -> territories.create(region, TerritoryKind.ZONE, null, "Zone " + tag));
        UUID branch = f.newBranch(zone);

        assertThat(personas.callAs(HQ, () -> segments.branchSegmentsAllowed(branch))).as("default: no").isFalse();
        personas.runAs(HQ, () -> segments.setBranchSegmentsAllowed(region, true));
        assertThat(personas.callAs(HQ, () -> segments.branchSegmentsAllowed(branch))).isTrue();
        List<TerritoryPolicy> policies = personas.callAs(HQ, () -> segments.branchSegmentPolicies());
        assertThat(policies).filteredOn(p -> p.territoryId().equals(region)).singleElement()
                .satisfies(p -> {
                    assertThat(p.allowed()).isTrue();
                    assertThat(p.effective()).isTrue();
                });
        assertThat(policies).filteredOn(p -> p.territoryId().equals(zone)).singleElement()
                .satisfies(p -> {
                    assertThat(p.allowed()).isNull();
                    assertThat(p.effective()).isTrue();
                    assertThat(p.path()).endsWith("Région " + tag + " / Zone " + tag);
                    assertThat(p.depth()).isGreaterThan(policies.stream()
                            .filter(x -> x.territoryId().equals(region)).findFirst().orElseThrow().depth());
                });

        personas.runAs(Personas.HQ_MARKETER, () -> segments.setBranchSegmentsAllowed(zone, false));
        assertThat(personas.callAs(HQ, () -> segments.branchSegmentsAllowed(branch))).as("nearest wins").isFalse();
        personas.runAs(HQ, () -> segments.setBranchSegmentsAllowed(zone, null));
        assertThat(personas.callAs(HQ, () -> segments.branchSegmentsAllowed(branch))).as("cleared: inherit").isTrue();
        personas.runAs(HQ, () -> segments.setBranchSegmentsAllowed(region, null));
        assertThat(personas.callAs(HQ, () -> segments.branchSegmentsAllowed(branch))).isFalse();

        // only HQ admins and marketers, within their scope
        assertThatThrownBy(() -> personas.runAs(LYON, () -> segments.setBranchSegmentsAllowed(region, true)))
                .isInstanceOf(AccessDeniedInScopeException.class);
        UUID paca = personas.callAs(HQ, () -> territories.visibleTree().stream().filter(t -> "PACA".equals(t.code()))
                .findFirst().orElseThrow().id());
        assertThatThrownBy(() -> personas.runAs(Personas.VALIDATOR, () -> segments.setBranchSegmentsAllowed(paca, true)))
                .isInstanceOf(AccessDeniedInScopeException.class);
    }

    @Test
    void aBranchManagerSavesTheirOwnSegmentsOnlyWhenTheirTerritoryAllowsIt() {
        UUID lyon = f.branchId("LYO-01");
        UUID lyonTerritory = personas.callAs(HQ, () -> branches.get(lyon).territoryId());
        String name = "Mes clientes " + unique();
        Definition d = email(when("city", EQUALS, "Lyon"));
        personas.runAs(HQ, () -> segments.setBranchSegmentsAllowed(lyonTerritory, false));
        try {
            assertThatThrownBy(() -> personas.callAs(LYON, () -> segments.create(lyon, draft(name, d))))
                    .isInstanceOf(AccessDeniedInScopeException.class);
            assertThat(personas.callAs(LYON, () -> segments.mayEdit(lyon))).isFalse();

            personas.runAs(HQ, () -> segments.setBranchSegmentsAllowed(lyonTerritory, true));
            assertThat(personas.callAs(LYON, () -> segments.mayEdit(lyon))).isTrue();
            UUID id = personas.callAs(LYON, () -> segments.create(lyon, draft(name, d)));
            Segment mine = personas.callAs(LYON, () -> segments.get(id));
            assertThat(mine.ownerBranchId()).isEqualTo(lyon);
            assertThat(mine.ownerBranchName()).isNotBlank();
            assertThat(personas.callAs(LYON, () -> segments.listForBranch(lyon))).extracting(Segment::id).contains(id);
            assertThat(personas.callAs(HQ, () -> segments.listNetwork())).extracting(Segment::id).doesNotContain(id);
            // the same name is free for HQ (another owner)
            UUID hqTwin = personas.callAs(HQ, () -> segments.create(null, draft(name, d)));
            personas.runAs(HQ, () -> segments.delete(hqTwin));
            // NCE-01's manager neither sees nor uses it
            UUID nice = f.branchId("NCE-01");
            assertThatThrownBy(() -> personas.callAs(NICE, () -> segments.get(id)))
                    .isInstanceOf(AccessDeniedInScopeException.class);
            assertThat(personas.callAs(HQ, () -> segments.listForBranch(nice))).extracting(Segment::id)
                    .doesNotContain(id);
            assertThatThrownBy(() -> personas.callAs(HQ, () -> segments.count(id, nice)))
                    .isInstanceOf(AccessDeniedInScopeException.class);
            assertThatThrownBy(() -> personas.callAs(NICE, () -> segments.create(lyon, draft(name + "2", d))))
                    .isInstanceOf(AccessDeniedInScopeException.class);

            personas.runAs(HQ, () -> segments.setBranchSegmentsAllowed(lyonTerritory, false));
            assertThatThrownBy(() -> personas.runAs(LYON, () -> segments.update(id, mine.version(), draft(name, d))))
                    .isInstanceOf(AccessDeniedInScopeException.class);
            // HQ still manages the branch's segments
            personas.runAs(HQ, () -> segments.delete(id));
        } finally {
            personas.runAs(HQ, () -> segments.setBranchSegmentsAllowed(lyonTerritory, null));
        }
    }

    @Test
    void aSavedSegmentStreamsTheIdsOfItsContacts() {
        UUID branch = f.newBranch();
        String tag = "stream" + unique();
        List<UUID> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            expected.add(f.contact(branch, Person.named("S" + i).tags(tag)));
        }
        f.contact(branch, Person.named("Other"));
        UUID id = personas.callAs(HQ, () -> segments.create(null, draft("Stream " + tag, email(when("tags", HAS_TAG, tag)))));
        List<UUID> streamed = new ArrayList<>();
        personas.runAs(HQ, () -> segments.forEachContact(id, branch, streamed::add));
        assertThat(streamed).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(personas.callAs(HQ, () -> segments.count(id, branch))).isEqualTo(5);
        personas.runAs(HQ, () -> segments.delete(id));
    }
}
