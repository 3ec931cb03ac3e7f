package io.archipel.audience.segments;

import static io.archipel.audience.Segments.Operator.AFTER;
import static io.archipel.audience.Segments.Operator.BEFORE;
import static io.archipel.audience.Segments.Operator.BETWEEN;
import static io.archipel.audience.Segments.Operator.BIRTHDAY_THIS_MONTH;
import static io.archipel.audience.Segments.Operator.BIRTHDAY_WITHIN_DAYS;
import static io.archipel.audience.Segments.Operator.CONTAINS;
import static io.archipel.audience.Segments.Operator.EQUALS;
import static io.archipel.audience.Segments.Operator.GREATER_THAN;
import static io.archipel.audience.Segments.Operator.HAS_ANY_TAG;
import static io.archipel.audience.Segments.Operator.HAS_NO_TAG;
import static io.archipel.audience.Segments.Operator.HAS_TAG;
import static io.archipel.audience.Segments.Operator.IN;
import static io.archipel.audience.Segments.Operator.IS_NOT_SET;
import static io.archipel.audience.Segments.Operator.IS_SET;
import static io.archipel.audience.Segments.Operator.LESS_THAN;
import static io.archipel.audience.Segments.Operator.MORE_THAN_DAYS_AGO;
import static io.archipel.audience.Segments.Operator.NOT_EQUALS;
import static io.archipel.audience.Segments.Operator.NOT_IN;
import static io.archipel.audience.Segments.Operator.STARTS_WITH;
import static io.archipel.audience.Segments.Operator.WITHIN_LAST_DAYS;
import static io.archipel.audience.segments.SegmentFixture.HQ;
import static io.archipel.audience.segments.SegmentFixture.all;
import static io.archipel.audience.segments.SegmentFixture.any;
import static io.archipel.audience.segments.SegmentFixture.email;
import static io.archipel.audience.segments.SegmentFixture.today;
import static io.archipel.audience.segments.SegmentFixture.unique;
import static io.archipel.audience.segments.SegmentFixture.when;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.archipel.audience.ContactService;
import io.archipel.audience.CustomAttributeService;
import io.archipel.audience.CustomAttributes.AttributeType;
import io.archipel.audience.CustomAttributes.Draft;
import io.archipel.audience.SegmentService;
import io.archipel.audience.Segments.Field;
import io.archipel.audience.Segments.FieldType;
import io.archipel.audience.segments.SegmentFixture.Person;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every operator on every type it applies to, against real PostgreSQL: each test fills a fresh branch with a few
 * consenting contacts and checks exactly which of them a condition reaches (and that the count agrees).
 */
@ArchipelTest
class SegmentOperatorsTest {

    @Autowired
    Personas personas;
    @Autowired
    BranchService branches;
    @Autowired
    ContactService contacts;
    @Autowired
    SegmentService segments;
    @Autowired
    CustomAttributeService attributes;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;

    SegmentFixture f;
    UUID branch;

    @BeforeEach
    void setUp() {
        f = new SegmentFixture(personas, branches, contacts, segments, jdbc, tx);
        branch = f.newBranch();
    }

    /** The first names reached, checked against the count too. */
    List<String> reached(io.archipel.audience.Segments.Condition c) {
        var d = email(c);
        List<String> names = f.names(d, branch);
        assertThat(f.count(d, branch)).as("count of " + c).isEqualTo(names.size());
        return names;
    }

    @Test
    void textOperatorsIgnoreCaseAndTreatAMissingValueAsNotEqual() {
        f.contact(branch, Person.named("Anne").city("Lyon").postalCode("69003"));
        f.contact(branch, Person.named("Bruno").city("lyon").postalCode("69007"));
        f.contact(branch, Person.named("Chloe").city("Villeurbanne").postalCode("69100"));
        f.contact(branch, Person.named("Denis"));

        assertThat(reached(when("city", EQUALS, "LYON"))).containsExactly("Anne", "Bruno");
        assertThat(reached(when("city", EQUALS, "Lyo"))).isEmpty();
        assertThat(reached(when("city", NOT_EQUALS, "Lyon"))).containsExactly("Chloe", "Denis");
        assertThat(reached(when("city", IN, "lyon", "VILLEURBANNE"))).containsExactly("Anne", "Bruno", "Chloe");
        assertThat(reached(when("city", IN, "Paris"))).isEmpty();
        assertThat(reached(when("city", NOT_IN, "Lyon", "Paris"))).containsExactly("Chloe", "Denis");
        assertThat(reached(when("city", CONTAINS, "URB"))).containsExactly("Chloe");
        assertThat(reached(when("city", CONTAINS, "%"))).as("% is a character, not a wildcard").isEmpty();
        assertThat(reached(when("city", CONTAINS, "_"))).as("_ is a character, not a wildcard").isEmpty();
        assertThat(reached(when("postal_code", STARTS_WITH, "690"))).containsExactly("Anne", "Bruno");
        assertThat(reached(when("postal_code", STARTS_WITH, "003"))).isEmpty();
        assertThat(reached(when("city", IS_SET))).containsExactly("Anne", "Bruno", "Chloe");
        assertThat(reached(when("city", IS_NOT_SET))).containsExactly("Denis");
        assertThat(reached(when("first_name", STARTS_WITH, "an"))).containsExactly("Anne");
        assertThat(reached(when("last_name", EQUALS, "test"))).containsExactly("Anne", "Bruno", "Chloe", "Denis");
        assertThat(reached(when("mobile", IS_NOT_SET))).hasSize(4);
        assertThat(reached(when("email", CONTAINS, "chloe."))).containsExactly("Chloe");
    }

    @Test
    void numberOperatorsReadFrenchAmounts() {
        f.contact(branch, Person.named("Anne").spend("50.00"));
        f.contact(branch, Person.named("Bruno").spend("120.50"));
        f.contact(branch, Person.named("Chloe").spend("1000"));
        f.contact(branch, Person.named("Denis"));

        assertThat(reached(when("total_spend", EQUALS, "120,50"))).containsExactly("Bruno");
        assertThat(reached(when("total_spend", EQUALS, "120.49"))).isEmpty();
        assertThat(reached(when("total_spend", NOT_EQUALS, "120,5"))).containsExactly("Anne", "Chloe", "Denis");
        assertThat(reached(when("total_spend", GREATER_THAN, "100"))).containsExactly("Bruno", "Chloe");
        assertThat(reached(when("total_spend", GREATER_THAN, "1000"))).isEmpty();
        assertThat(reached(when("total_spend", LESS_THAN, "100"))).containsExactly("Anne");
        assertThat(reached(when("total_spend", LESS_THAN, "50"))).isEmpty();
        assertThat(reached(when("total_spend", BETWEEN, "50", "120,50"))).containsExactly("Anne", "Bruno");
        assertThat(reached(when("total_spend", BETWEEN, "1 000,01", "2 000"))).isEmpty();
        assertThat(reached(when("total_spend", IS_SET))).containsExactly("Anne", "Bruno", "Chloe");
        assertThat(reached(when("total_spend", IS_NOT_SET))).containsExactly("Denis");
    }

    @Test
    void dateOperatorsCountDaysFromTodayInTheBranchZone() {
        LocalDate today = today();
        f.contact(branch, Person.named("Anne").lastPurchase(today.minusDays(10)));
        f.contact(branch, Person.named("Bruno").lastPurchase(today.minusDays(100)));
        f.contact(branch, Person.named("Chloe").lastPurchase(LocalDate.of(2020, 1, 15)));
        f.contact(branch, Person.named("Denis"));

        assertThat(reached(when("last_purchase_date", BEFORE, "01/01/2021"))).containsExactly("Chloe");
        assertThat(reached(when("last_purchase_date", BEFORE, "15/01/2020"))).as("strictly before").isEmpty();
        assertThat(reached(when("last_purchase_date", AFTER, "2021-01-01"))).containsExactly("Anne", "Bruno");
        assertThat(reached(when("last_purchase_date", AFTER, today.toString()))).isEmpty();
        assertThat(reached(when("last_purchase_date", BETWEEN, "15/01/2020", today.minusDays(100).toString())))
                .containsExactly("Bruno", "Chloe");
        assertThat(reached(when("last_purchase_date", WITHIN_LAST_DAYS, "30"))).containsExactly("Anne");
        assertThat(reached(when("last_purchase_date", WITHIN_LAST_DAYS, "10"))).as("day 10 included")
                .containsExactly("Anne");
        assertThat(reached(when("last_purchase_date", WITHIN_LAST_DAYS, "9"))).isEmpty();
        assertThat(reached(when("last_purchase_date", MORE_THAN_DAYS_AGO, "90"))).containsExactly("Bruno", "Chloe");
        assertThat(reached(when("last_purchase_date", MORE_THAN_DAYS_AGO, "3650"))).isEmpty();
        assertThat(reached(when("last_purchase_date", IS_SET))).containsExactly("Anne", "Bruno", "Chloe");
        assertThat(reached(when("last_purchase_date", IS_NOT_SET))).containsExactly("Denis");
        // created_at is a date in the branch's zone: everyone was added today
        assertThat(reached(when("created_at", WITHIN_LAST_DAYS, "1"))).hasSize(4);
        assertThat(reached(when("created_at", MORE_THAN_DAYS_AGO, "1"))).isEmpty();
        assertThat(reached(when("created_at", AFTER, today.minusDays(1).toString()))).hasSize(4);
        assertThat(reached(when("created_at", BEFORE, today.toString()))).isEmpty();
        assertThat(reached(when("created_at", IS_SET))).hasSize(4);
        assertThat(reached(when("created_at", IS_NOT_SET))).isEmpty();
    }

    @Test
    void birthdaysThisMonthAndWithinTheNextDays() {
        LocalDate today = today();
        LocalDate inFive = today.plusDays(5);
        LocalDate inTwenty = today.plusDays(20);
        LocalDate halfAYear = today.plusMonths(6);
        f.contact(branch, Person.named("Anne").born(today.minusYears(30)));
        f.contact(branch, Person.named("Bruno").born(inFive.minusYears(40)));
        f.contact(branch, Person.named("Chloe").born(halfAYear.minusYears(21)));
        f.contact(branch, Person.named("Denis").born(inTwenty.minusYears(50)));
        f.contact(branch, Person.named("Emma"));

        List<String> thisMonth = new ArrayList<>(List.of("Anne"));
        if (inFive.getMonth() == today.getMonth()) {
            thisMonth.add("Bruno");
        }
        if (inTwenty.getMonth() == today.getMonth()) {
            thisMonth.add("Denis");
        }
        assertThat(reached(when("birth_date", BIRTHDAY_THIS_MONTH))).containsExactlyElementsOf(thisMonth);
        assertThat(reached(when("birth_date", BIRTHDAY_WITHIN_DAYS, "7"))).containsExactly("Anne", "Bruno");
        assertThat(reached(when("birth_date", BIRTHDAY_WITHIN_DAYS, "5"))).as("day 5 included")
                .containsExactly("Anne", "Bruno");
        assertThat(reached(when("birth_date", BIRTHDAY_WITHIN_DAYS, "1"))).containsExactly("Anne");
        assertThat(reached(when("birth_date", BIRTHDAY_WITHIN_DAYS, "30"))).containsExactly("Anne", "Bruno", "Denis");
        assertThat(reached(when("birth_date", BEFORE, today.minusYears(35).toString()))).containsExactly("Bruno",
                "Denis");
        assertThat(reached(when("birth_date", IS_NOT_SET))).containsExactly("Emma");
    }

    @Test
    void loyaltyTierIsAChoiceOfTheTiersInUse() {
        String gold = "Gold" + unique();
        f.contact(branch, Person.named("Anne").tier(gold));
        f.contact(branch, Person.named("Bruno").tier("Silver"));
        f.contact(branch, Person.named("Chloe"));

        Field tier = personas.callAs(HQ, () -> segments.fields()).stream()
                .filter(x -> x.key().equals("loyalty_tier")).findFirst().orElseThrow();
        assertThat(tier.type()).isEqualTo(FieldType.CHOICE);
        assertThat(tier.labelKey()).isEqualTo("segment.field.loyalty_tier");
        assertThat(tier.choices()).contains(gold, "Silver");

        assertThat(reached(when("loyalty_tier", EQUALS, gold.toUpperCase()))).containsExactly("Anne");
        assertThat(reached(when("loyalty_tier", NOT_EQUALS, gold))).containsExactly("Bruno", "Chloe");
        assertThat(reached(when("loyalty_tier", IN, gold, "silver"))).containsExactly("Anne", "Bruno");
        assertThat(reached(when("loyalty_tier", NOT_IN, "Silver"))).containsExactly("Anne", "Chloe");
        assertThat(reached(when("loyalty_tier", IS_SET))).containsExactly("Anne", "Bruno");
        assertThat(reached(when("loyalty_tier", IS_NOT_SET))).containsExactly("Chloe");
    }

    @Test
    void tagOperatorsIgnoreCase() {
        f.contact(branch, Person.named("Anne").tags("VIP", "Noël"));
        f.contact(branch, Person.named("Bruno").tags("noël"));
        f.contact(branch, Person.named("Chloe"));

        assertThat(reached(when("tags", HAS_TAG, "vip"))).containsExactly("Anne");
        assertThat(reached(when("tags", HAS_TAG, "NOËL"))).containsExactly("Anne", "Bruno");
        assertThat(reached(when("tags", HAS_TAG, "vi"))).as("a whole tag, not a part").isEmpty();
        assertThat(reached(when("tags", HAS_ANY_TAG, "vip", "soldes"))).containsExactly("Anne");
        assertThat(reached(when("tags", HAS_ANY_TAG, "vip", "noël"))).containsExactly("Anne", "Bruno");
        assertThat(reached(when("tags", HAS_NO_TAG, "Vip"))).containsExactly("Bruno", "Chloe");
    }

    @Test
    void customAttributesOfEveryType() {
        String k = "seg" + unique().replace("-", "");
        List<String> keys = List.of(k + "_text", k + "_num", k + "_date", k + "_bool", k + "_choice");
        personas.runAs(HQ, () -> {
            attributes.create(new Draft(keys.get(0), "Shoe size", AttributeType.TEXT, List.of()));
            attributes.create(new Draft(keys.get(1), "Visits", AttributeType.NUMBER, List.of()));
            attributes.create(new Draft(keys.get(2), "Last visit", AttributeType.DATE, List.of()));
            attributes.create(new Draft(keys.get(3), "Club member", AttributeType.BOOLEAN, List.of()));
            attributes.create(new Draft(keys.get(4), "Favourite", AttributeType.CHOICE, List.of("Bijoux", "Montres")));
        });
        try {
            f.contact(branch, Person.named("Anne").attributes(Map.of(keys.get(0), "42 EU", keys.get(1), "3",
                    keys.get(2), "2024-05-01", keys.get(3), "oui", keys.get(4), "bijoux")));
            f.contact(branch, Person.named("Bruno").attributes(Map.of(keys.get(0), "38", keys.get(1), "10,5",
                    keys.get(2), "15/06/2025", keys.get(3), "non", keys.get(4), "Montres")));
            f.contact(branch, Person.named("Chloe"));
            String text = "attr." + keys.get(0);
            String num = "attr." + keys.get(1);
            String date = "attr." + keys.get(2);
            String bool = "attr." + keys.get(3);
            String choice = "attr." + keys.get(4);

            List<Field> fields = personas.callAs(HQ, () -> segments.fields());
            assertThat(fields).filteredOn(x -> x.key().equals(choice)).singleElement().satisfies(x -> {
                assertThat(x.label()).isEqualTo("Favourite");
                assertThat(x.labelKey()).isNull();
                assertThat(x.choices()).containsExactly("Bijoux", "Montres");
            });

            assertThat(reached(when(text, EQUALS, "42 eu"))).containsExactly("Anne");
            assertThat(reached(when(text, NOT_EQUALS, "42 EU"))).containsExactly("Bruno", "Chloe");
            assertThat(reached(when(text, CONTAINS, "eu"))).containsExactly("Anne");
            assertThat(reached(when(text, STARTS_WITH, "3"))).containsExactly("Bruno");
            assertThat(reached(when(text, IN, "38", "40"))).containsExactly("Bruno");
            assertThat(reached(when(text, NOT_IN, "38"))).containsExactly("Anne", "Chloe");
            assertThat(reached(when(text, IS_SET))).containsExactly("Anne", "Bruno");
            assertThat(reached(when(text, IS_NOT_SET))).containsExactly("Chloe");

            assertThat(reached(when(num, GREATER_THAN, "5"))).containsExactly("Bruno");
            assertThat(reached(when(num, LESS_THAN, "5"))).containsExactly("Anne");
            assertThat(reached(when(num, EQUALS, "10.5"))).containsExactly("Bruno");
            assertThat(reached(when(num, NOT_EQUALS, "3"))).containsExactly("Bruno", "Chloe");
            assertThat(reached(when(num, BETWEEN, "1", "3"))).containsExactly("Anne");
            assertThat(reached(when(num, IS_NOT_SET))).containsExactly("Chloe");

            assertThat(reached(when(date, BEFORE, "01/01/2025"))).containsExactly("Anne");
            assertThat(reached(when(date, AFTER, "01/01/2025"))).containsExactly("Bruno");
            assertThat(reached(when(date, BETWEEN, "2024-05-01", "2025-06-15"))).containsExactly("Anne", "Bruno");
            assertThat(reached(when(date, MORE_THAN_DAYS_AGO, "1"))).containsExactly("Anne", "Bruno");
            assertThat(reached(when(date, WITHIN_LAST_DAYS, "1"))).isEmpty();
            assertThat(reached(when(date, IS_SET))).containsExactly("Anne", "Bruno");

            // values of the wrong shape (written behind the service's back) read as "not set", never break a count
            UUID odd = f.contact(branch, Person.named("Odd"));
            personas.runAs(HQ, () -> tx.executeWithoutResult(s -> jdbc.update("update contact set attributes = "
                    + "jsonb_build_object(?::text, '2024-02-30', ?::text, 'abc', ?::text, 'maybe') where id = ?",
                    keys.get(2), keys.get(1), keys.get(3), odd)));
            assertThat(reached(when(date, BEFORE, "01/01/2030"))).containsExactly("Anne", "Bruno");
            assertThat(reached(when(date, IS_NOT_SET))).containsExactly("Chloe", "Odd");
            assertThat(reached(when(num, GREATER_THAN, "0"))).containsExactly("Anne", "Bruno");
            assertThat(reached(when(bool, EQUALS, "non"))).containsExactly("Bruno", "Chloe", "Odd");
            personas.runAs(HQ, () -> contacts.delete(odd));

            assertThat(reached(when(bool, EQUALS, "oui"))).containsExactly("Anne");
            assertThat(reached(when(bool, EQUALS, "no"))).as("not set counts as no").containsExactly("Bruno", "Chloe");

            assertThat(reached(when(choice, EQUALS, "BIJOUX"))).containsExactly("Anne");
            assertThat(reached(when(choice, NOT_EQUALS, "Bijoux"))).containsExactly("Bruno", "Chloe");
            assertThat(reached(when(choice, IN, "bijoux", "montres"))).containsExactly("Anne", "Bruno");
            assertThat(reached(when(choice, NOT_IN, "Montres"))).containsExactly("Anne", "Chloe");
            assertThat(reached(when(choice, IS_SET))).containsExactly("Anne", "Bruno");
            assertThat(reached(when(choice, IS_NOT_SET))).containsExactly("Chloe");
        } finally {
            personas.runAs(HQ, () -> keys.forEach(attributes::delete));
        }
    }

    @Test
    void nestedAllAndAnyGroups() {
        f.contact(branch, Person.named("Anne").city("Lyon").tier("Gold").spend("10"));
        f.contact(branch, Person.named("Bruno").city("Lyon").tier("Silver").spend("900"));
        f.contact(branch, Person.named("Chloe").city("Lyon").tier("Silver").spend("20").tags("vip"));
        f.contact(branch, Person.named("Denis").city("Paris").tier("Gold").spend("900"));

        var lyonAndGoodCustomer = email(when("city", EQUALS, "Lyon"),
                any(when("loyalty_tier", EQUALS, "gold"), when("total_spend", GREATER_THAN, "500"),
                        all(when("tags", HAS_TAG, "VIP"), when("total_spend", LESS_THAN, "100"))));
        assertThat(f.names(lyonAndGoodCustomer, branch)).containsExactly("Anne", "Bruno", "Chloe");
        assertThat(f.count(lyonAndGoodCustomer, branch)).isEqualTo(3);

        var eitherSide = new io.archipel.audience.Segments.Definition(io.archipel.audience.Contacts.Channel.EMAIL,
                any(all(when("city", EQUALS, "Paris"), when("loyalty_tier", EQUALS, "Gold")),
                        all(when("city", EQUALS, "Lyon"), when("total_spend", GREATER_THAN, "500"))));
        assertThat(f.names(eitherSide, branch)).containsExactly("Bruno", "Denis");
    }
}
