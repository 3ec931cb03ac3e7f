package io.archipel.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.archipel.audience.Contacts.Channel;
import io.archipel.audience.Contacts.ConsentSource;
import io.archipel.audience.Contacts.ConsentState;
import io.archipel.audience.Contacts.Contact;
import io.archipel.audience.Contacts.ContactData;
import io.archipel.audience.Contacts.Filter;
import io.archipel.audience.Contacts.InvalidContactException;
import io.archipel.audience.Contacts.Page;
import io.archipel.audience.Contacts.SuppressionReason;
import io.archipel.shared.AccessDeniedInScopeException;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TenantContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Contacts, consent, suppression and GDPR through the service, as the personas who use them. */
@ArchipelTest
class ContactServiceTest {

    private static final String LYON = Personas.BRANCH_MANAGER;
    private static final String NICE = Personas.OTHER_BRANCH_MANAGER;

    @Autowired
    ContactService contacts;
    @Autowired
    BranchService branches;
    @Autowired
    Personas personas;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    UUID branch(String code) {
        return personas.callAs(Personas.HQ_ADMIN, () -> branches.search(code, null).stream()
                .filter(b -> b.code().equals(code)).findFirst().orElseThrow().id());
    }

    static ContactData data(String email, String mobile, String first, String last) {
        return new ContactData(email, mobile, first, last, null, "69003", "Lyon", "Gold", null,
                new BigDecimal("120.50"), List.of("vip"));
    }

    @Test
    void createsNormalisesAndUpdatesAContact() {
        UUID lyon = branch("LYO-01");
        String email = "Claire." + unique() + "@Example.com";
        UUID id = personas.callAs(LYON, () -> contacts.create(lyon, data(email, "06 12 34 56 78", "Claire", "Martin")));
        Contact c = personas.callAs(LYON, () -> contacts.get(id));
        assertThat(c.email()).isEqualTo(email.toLowerCase());
        assertThat(c.mobile()).isEqualTo("+33612345678");
        assertThat(c.tags()).containsExactly("vip");
        assertThat(c.totalSpend()).isEqualByComparingTo("120.50");

        personas.runAs(LYON, () -> contacts.update(id, c.version(), data(email, "+33 6 12 34 56 79", "Claire", "Dupont")));
        assertThat(personas.callAs(LYON, () -> contacts.get(id)).lastName()).isEqualTo("Dupont");
        assertThatThrownBy(() -> personas.runAs(LYON, () -> contacts.update(id, c.version(),
                data(email, null, "Claire", "Stale")))).isInstanceOf(Contacts.StaleContactException.class);
    }

    @Test
    void refusesInvalidInputWithTheFieldConcerned() {
        UUID lyon = branch("LYO-01");
        assertThatThrownBy(() -> personas.runAs(LYON, () -> contacts.create(lyon, data("not-an-email", null, "A", "B"))))
                .isInstanceOfSatisfying(InvalidContactException.class, e -> assertThat(e.field()).isEqualTo("email"));
        assertThatThrownBy(() -> personas.runAs(LYON, () -> contacts.create(lyon, data(null, "12", "A", "B"))))
                .isInstanceOfSatisfying(InvalidContactException.class, e -> assertThat(e.field()).isEqualTo("mobile"));
        assertThatThrownBy(() -> personas.runAs(LYON, () -> contacts.create(lyon, data(null, null, "A", "B"))))
                .isInstanceOfSatisfying(InvalidContactException.class,
                        e -> assertThat(e.messageKey()).isEqualTo("contact.reachable.required"));
    }

    @Test
    void anEmailIsUniquePerBranchButMayExistInAnotherBranch() {
        UUID lyon = branch("LYO-01");
        UUID nice = branch("NCE-01");
        String email = "twin." + unique() + "@example.com";
        personas.runAs(LYON, () -> contacts.create(lyon, data(email, null, "Twin", "One")));
        assertThatThrownBy(() -> personas.runAs(LYON, () -> contacts.create(lyon,
                data(email.toUpperCase(), null, "Twin", "Two"))))
                .isInstanceOfSatisfying(InvalidContactException.class,
                        e -> assertThat(e.messageKey()).isEqualTo("contact.email.taken"));
        UUID inNice = personas.callAs(NICE, () -> contacts.create(nice, data(email, null, "Twin", "Nice")));
        assertThat(personas.callAs(NICE, () -> contacts.get(inNice)).email()).isEqualTo(email);
    }

    @Test
    void aTypedPhoneNumberFindsTheContactButDigitsInsideAWordDoNot() {
        UUID lyon = branch("LYO-01");
        String suffix = String.valueOf(1_000_000 + new java.util.Random().nextInt(9_000_000)).substring(1);
        String marker = "Phone" + unique();
        String national = "06 12 " + suffix;
        UUID id = personas.callAs(LYON, () -> contacts.create(lyon, data(null, national, marker, "Search")));
        assertThat(personas.callAs(LYON, () -> contacts.list(lyon, new Filter(national, null, null, null, null),
                null, 20)).rows()).extracting(Contact::id).contains(id);
        // "ref" + the same digits is a word, not a phone number: no match by mobile
        assertThat(personas.callAs(LYON, () -> contacts.list(lyon, new Filter("ref" + suffix, null, null, null, null),
                null, 20)).rows()).extracting(Contact::id).doesNotContain(id);
    }

    @Test
    void aBranchManagerNeverReachesAnotherBranchsContacts() {
        UUID lyon = branch("LYO-01");
        UUID nice = branch("NCE-01");
        String marker = "Nicois" + unique();
        UUID id = personas.callAs(NICE, () -> contacts.create(nice, data(null, "+33 4 93 00 00 00", marker, "X")));
        assertThatThrownBy(() -> personas.runAs(LYON, () -> contacts.get(id)))
                .isInstanceOf(AccessDeniedInScopeException.class);
        assertThatThrownBy(() -> personas.runAs(LYON, () -> contacts.list(nice, Filter.none(), null, 20)))
                .isInstanceOf(AccessDeniedInScopeException.class);
        assertThatThrownBy(() -> personas.runAs(LYON, () -> contacts.erase(id)))
                .isInstanceOf(AccessDeniedInScopeException.class);
        Page mine = personas.callAs(LYON, () -> contacts.list(lyon, new Filter(marker, null, null, null, null), null, 20));
        assertThat(mine.rows()).isEmpty();
        Page hq = personas.callAs(Personas.HQ_ADMIN,
                () -> contacts.listInScope(new Filter(marker, null, null, null, null), null, 20));
        assertThat(hq.rows()).extracting(Contact::id).containsExactly(id);
    }

    @Test
    void theLatestConsentEventWinsAndNoEventMeansNoConsent() {
        UUID lyon = branch("LYO-01");
        UUID id = personas.callAs(LYON, () -> contacts.create(lyon, data("c." + unique() + "@example.com",
                "0612345678", "Consent", "Test")));
        assertThat(personas.callAs(LYON, () -> contacts.currentConsent(id, Channel.EMAIL))).isNull();
        personas.runAs(LYON, () -> contacts.recordConsent(id, Channel.EMAIL, ConsentState.GRANTED, ConsentSource.FORM,
                "Signed the in-store form"));
        personas.runAs(LYON, () -> contacts.recordConsent(id, Channel.EMAIL, ConsentState.WITHDRAWN,
                ConsentSource.UNSUBSCRIBE_LINK, "Clicked unsubscribe"));
        personas.runAs(LYON, () -> contacts.recordConsent(id, Channel.SMS, ConsentState.GRANTED, ConsentSource.FORM,
                "Ticked the SMS box"));
        assertThat(personas.callAs(LYON, () -> contacts.currentConsent(id, Channel.EMAIL)))
                .isEqualTo(ConsentState.WITHDRAWN);
        assertThat(personas.callAs(LYON, () -> contacts.currentConsent(id, Channel.SMS)))
                .isEqualTo(ConsentState.GRANTED);
        assertThat(personas.callAs(LYON, () -> contacts.consentHistory(id))).hasSize(3)
                .first().satisfies(e -> assertThat(e.channel()).isEqualTo(Channel.SMS));
        String marker = "Test";
        assertThat(personas.callAs(LYON, () -> contacts.list(lyon,
                new Filter("Consent Test", null, ConsentState.GRANTED, null, null), null, 100)).rows())
                .extracting(Contact::id).contains(id);
        assertThat(personas.callAs(LYON, () -> contacts.list(lyon,
                new Filter("Consent " + marker, ConsentState.GRANTED, null, null, null), null, 100)).rows())
                .extracting(Contact::id).doesNotContain(id);
    }

    @Test
    void theDatabaseRefusesToChangeAConsentEvent() {
        UUID lyon = branch("LYO-01");
        UUID id = personas.callAs(LYON, () -> contacts.create(lyon, data("imm." + unique() + "@example.com", null,
                "Imm", "Utable")));
        personas.runAs(LYON, () -> contacts.recordConsent(id, Channel.EMAIL, ConsentState.GRANTED, ConsentSource.FORM,
                "proof"));
        UUID tenant = personas.principal(LYON).tenantId();
        assertThatThrownBy(() -> TenantContext.callAs(tenant, () -> tx.execute(s -> jdbc.update(
                "update consent_event set state = 'WITHDRAWN' where contact_id = ?", id))))
                .hasMessageContaining("immutable");
        assertThatThrownBy(() -> TenantContext.callAs(tenant, () -> tx.execute(s -> jdbc.update(
                "delete from consent_event where contact_id = ?", id))))
                .hasMessageContaining("immutable");
        assertThat(personas.callAs(LYON, () -> contacts.consentHistory(id))).hasSize(1);
        // deleting the contact takes its events along
        personas.runAs(LYON, () -> contacts.delete(id));
        Integer left = TenantContext.callAs(tenant, () -> tx.execute(s -> jdbc.queryForObject(
                "select count(*) from consent_event where contact_id = ?", Integer.class, id)));
        assertThat(left).isZero();
    }

    @Test
    void suppressionIsTenantWideAndErasureBlanksDataAndSuppressesTheAddress() {
        UUID lyon = branch("LYO-01");
        String email = "gone." + unique() + "@example.com";
        UUID id = personas.callAs(LYON, () -> contacts.create(lyon, data(email, "06 98 76 54 32", "Gone", "Soon")));
        personas.runAs(LYON, () -> contacts.recordConsent(id, Channel.EMAIL, ConsentState.GRANTED, ConsentSource.FORM,
                "Signed form #42"));
        String export = personas.callAs(LYON, () -> contacts.exportJson(id));
        assertThat(export).contains(email).contains("Signed form #42").contains("consentHistory").contains("GRANTED");

        String bounced = "bounce." + unique() + "@example.com";
        assertThat(personas.callAs(Personas.HQ_ADMIN, () -> contacts.isSuppressed(bounced, null))).isFalse();
        personas.runAs(Personas.HQ_ADMIN, () -> contacts.suppress(bounced, null, SuppressionReason.HARD_BOUNCE));
        assertThat(personas.callAs(NICE, () -> contacts.isSuppressed(bounced.toUpperCase(), null))).isTrue();

        personas.runAs(LYON, () -> contacts.erase(id));
        Contact erased = personas.callAs(LYON, () -> contacts.get(id));
        assertThat(erased.erased()).isTrue();
        assertThat(erased.email()).isNull();
        assertThat(erased.mobile()).isNull();
        assertThat(erased.firstName()).isNull();
        assertThat(erased.city()).isNull();
        assertThat(personas.callAs(LYON, () -> contacts.isSuppressed(email, null))).isTrue();
        assertThat(personas.callAs(LYON, () -> contacts.isSuppressed(null, "+33698765432"))).isTrue();
        assertThat(personas.callAs(Personas.HQ_ADMIN, () -> contacts.suppressions(1000)))
                .anySatisfy(s -> {
                    assertThat(s.emailHash()).isEqualTo(ContactService.emailHash(email));
                    assertThat(s.reason()).isEqualTo(SuppressionReason.ERASED);
                });
        // the address is free again in the branch (a re-import creates a contact that is still suppressed)
        UUID again = personas.callAs(LYON, () -> contacts.create(lyon, data(email, null, "Back", "Again")));
        assertThat(personas.callAs(LYON, () -> contacts.isSuppressed(contacts.get(again).email(), null))).isTrue();
    }

    @Test
    void keysetPaginationReturnsEveryContactExactlyOnceInBothDirections() {
        UUID lyon = branch("LYO-01");
        String tag = "page" + unique();
        personas.runAs(LYON, () -> {
            for (int i = 0; i < 55; i++) {
                // repeated names so the id breaks ties
                contacts.create(lyon, new ContactData(tag + i + "@example.com", null, "F" + (i % 3), "L" + (i % 7),
                        null, null, null, null, null, null, List.of(tag)));
            }
        });
        Filter filter = new Filter(null, null, null, null, tag);
        Set<UUID> seen = new HashSet<>();
        List<Page> pages = new java.util.ArrayList<>();
        String cursor = null;
        do {
            String c = cursor;
            Page p = personas.callAs(LYON, () -> contacts.list(lyon, filter, c, 20));
            pages.add(p);
            p.rows().forEach(r -> assertThat(seen.add(r.id())).as("seen once").isTrue());
            cursor = p.nextCursor();
        } while (cursor != null);
        assertThat(seen).hasSize(55);
        assertThat(pages).hasSize(3);
        assertThat(pages.get(0).previousCursor()).isNull();
        // back from the last page gives the middle page again
        String back = pages.get(2).previousCursor();
        Page middle = personas.callAs(LYON, () -> contacts.list(lyon, filter, back, 20));
        assertThat(middle.rows()).extracting(Contact::id)
                .containsExactlyElementsOf(pages.get(1).rows().stream().map(Contact::id).toList());
        assertThat(middle.nextCursor()).isNotNull();
        assertThat(middle.previousCursor()).isNotNull();
    }
}
