package io.archipel.audience.segments;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.archipel.audience.ContactService;
import io.archipel.audience.Contacts.Channel;
import io.archipel.audience.Contacts.ConsentSource;
import io.archipel.audience.Contacts.ConsentState;
import io.archipel.audience.Contacts.ContactData;
import io.archipel.audience.SegmentService;
import io.archipel.audience.Segments.Combinator;
import io.archipel.audience.Segments.Condition;
import io.archipel.audience.Segments.Definition;
import io.archipel.audience.Segments.Group;
import io.archipel.audience.Segments.Operator;
import io.archipel.audience.Segments.Rule;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.BranchService.BranchData;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Fresh branches and contacts for segment tests (each test works in its own branch), and short rule builders. */
final class SegmentFixture {

    static final String HQ = Personas.HQ_ADMIN;
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    final Personas personas;
    final BranchService branches;
    final ContactService contacts;
    final SegmentService segments;
    final JdbcTemplate jdbc;
    final TransactionTemplate tx;

    SegmentFixture(Personas personas, BranchService branches, ContactService contacts, SegmentService segments,
            JdbcTemplate jdbc, TransactionTemplate tx) {
        this.personas = personas;
        this.branches = branches;
        this.contacts = contacts;
        this.segments = segments;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    static LocalDate today() {
        return LocalDate.now(PARIS);
    }

    UUID branchId(String code) {
        return personas.callAs(HQ, () -> branches.search(code, null).stream().filter(b -> b.code().equals(code))
                .findFirst().orElseThrow().id());
    }

    /** A new branch next to LYO-01 (same territory), Paris time. */
    UUID newBranch() {
        UUID territory = personas.callAs(HQ, () -> branches.get(branchId("LYO-01")).territoryId());
        return newBranch(territory);
    }

    UUID newBranch(UUID territoryId) {
        return newBranch(territoryId, "Europe/Paris");
    }

    UUID newBranch(UUID territoryId, String timeZone) {
        String tag = unique();
        return personas.callAs(HQ, () -> branches.create(new BranchData("SEG-" + tag, "Segment test " + tag,
                territoryId, "1 rue du Test", null, "69001", "Lyon", "FR", null, null, null, timeZone,
                "Test " + tag)));
    }

    /** A new branch next to LYO-01 in another time zone. */
    UUID newBranchInZone(String timeZone) {
        UUID territory = personas.callAs(HQ, () -> branches.get(branchId("LYO-01")).territoryId());
        return newBranch(territory, timeZone);
    }

    /** A contact of the branch with e-mail consent granted (the usual case). */
    UUID contact(UUID branchId, Person p) {
        UUID id = personas.callAs(HQ, () -> contacts.create(branchId, p.data()));
        if (p.email != null) {
            grant(id, Channel.EMAIL);
        }
        return id;
    }

    void grant(UUID contactId, Channel channel) {
        personas.runAs(HQ, () -> contacts.recordConsent(contactId, channel, ConsentState.GRANTED, ConsentSource.FORM,
                "test"));
    }

    void withdraw(UUID contactId, Channel channel) {
        personas.runAs(HQ, () -> contacts.recordConsent(contactId, channel, ConsentState.WITHDRAWN,
                ConsentSource.UNSUBSCRIBE_LINK, "test"));
    }

    /** The first names of the branch's contacts the definition reaches (through the compiled audience SQL). */
    List<String> names(Definition d, UUID branchId) {
        var audience = personas.callAs(HQ, () -> segments.compileForBranch(d, branchId));
        return personas.callAs(HQ, () -> tx.execute(s -> jdbc.queryForList(
                "select c.first_name from contact c where " + audience.sql() + " order by c.first_name", String.class,
                audience.params().toArray())));
    }

    long count(Definition d, UUID branchId) {
        return personas.callAs(HQ, () -> segments.count(d, branchId));
    }

    static Definition email(Rule... rules) {
        return new Definition(Channel.EMAIL, all(rules));
    }

    static Group all(Rule... rules) {
        return new Group(Combinator.ALL, List.of(rules));
    }

    static Group any(Rule... rules) {
        return new Group(Combinator.ANY, List.of(rules));
    }

    static Condition when(String field, Operator op, String... values) {
        return new Condition(field, op, Arrays.asList(values));
    }

    /** A contact to create: first name is the test's handle on it. */
    static final class Person {
        String email;
        String mobile;
        final String firstName;
        String lastName = "Test";
        LocalDate birthDate;
        String postalCode;
        String city;
        String tier;
        LocalDate lastPurchase;
        BigDecimal spend;
        List<String> tags = new ArrayList<>();
        Map<String, String> attributes;

        Person(String firstName) {
            this.firstName = firstName;
            this.email = firstName.toLowerCase() + "." + unique() + "@example.com";
        }

        static Person named(String firstName) {
            return new Person(firstName);
        }

        Person city(String v) { city = v; return this; }
        Person postalCode(String v) { postalCode = v; return this; }
        Person tier(String v) { tier = v; return this; }
        Person spend(String v) { spend = new BigDecimal(v); return this; }
        Person lastPurchase(LocalDate v) { lastPurchase = v; return this; }
        Person born(LocalDate v) { birthDate = v; return this; }
        Person tags(String... v) { tags = List.of(v); return this; }
        Person attributes(Map<String, String> v) { attributes = v; return this; }
        Person email(String v) { email = v; return this; }
        Person mobile(String v) { mobile = v; return this; }
        Person lastName(String v) { lastName = v; return this; }

        ContactData data() {
            return new ContactData(email, mobile, firstName, lastName, birthDate, postalCode, city, tier, lastPurchase,
                    spend, tags, attributes);
        }
    }
}
