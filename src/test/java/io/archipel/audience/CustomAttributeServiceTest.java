package io.archipel.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.archipel.audience.Contacts.Channel;
import io.archipel.audience.Contacts.ConsentSource;
import io.archipel.audience.Contacts.ConsentState;
import io.archipel.audience.Contacts.ContactData;
import io.archipel.audience.Contacts.Filter;
import io.archipel.audience.Contacts.InvalidContactException;
import io.archipel.audience.CustomAttributes.AttributeType;
import io.archipel.audience.CustomAttributes.Definition;
import io.archipel.audience.CustomAttributes.Draft;
import io.archipel.shared.AccessDeniedInScopeException;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Attributes HQ declares, their values on contacts, and the state V9 keeps on the contact row. */
@ArchipelTest
class CustomAttributeServiceTest {

    @Autowired
    CustomAttributeService attributes;
    @Autowired
    ContactService contacts;
    @Autowired
    BranchService branches;
    @Autowired
    Personas personas;

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    UUID lyon() {
        return personas.callAs(Personas.HQ_ADMIN, () -> branches.search("LYO-01", null).stream()
                .filter(b -> b.code().equals("LYO-01")).findFirst().orElseThrow().id());
    }

    static ContactData withAttributes(String email, Map<String, String> values) {
        return new ContactData(email, null, "Anne", "Attr", null, null, null, null, null, null, List.of(), values);
    }

    @Test
    void hqDeclaresTypedAttributesAndContactsStoreCheckedValues() {
        String choice = "store_" + unique();
        String number = "children_" + unique();
        personas.runAs(Personas.HQ_MARKETER, () -> {
            attributes.create(new Draft(choice, "Favourite store area", AttributeType.CHOICE,
                    List.of("Living room", " kitchen ", "Kitchen", "")));
            attributes.create(new Draft(number, "Children", AttributeType.NUMBER, List.of("ignored")));
        });
        try {
            Definition declared = personas.callAs(Personas.HQ_ADMIN, () -> attributes.get(choice));
            assertThat(declared.allowedValues()).as("trimmed, blanks and case-duplicates dropped")
                    .containsExactly("Living room", "kitchen");
            assertThat(personas.callAs(Personas.HQ_ADMIN, () -> attributes.get(number)).allowedValues()).isEmpty();

            UUID lyon = lyon();
            Map<String, String> values = new LinkedHashMap<>();
            values.put(choice, "KITCHEN");
            values.put(number, "2");
            UUID id = personas.callAs(Personas.BRANCH_MANAGER, () -> contacts.create(lyon,
                    withAttributes("attr-" + unique() + "@example.com", values)));
            Map<String, Object> stored = personas.callAs(Personas.BRANCH_MANAGER, () -> contacts.get(id)).attributes();
            assertThat(stored.get(choice)).as("matched to the declared spelling").isEqualTo("kitchen");
            assertThat(new BigDecimal(stored.get(number).toString())).isEqualByComparingTo("2");

            values.put(number, "deux");
            assertThatThrownBy(() -> personas.runAs(Personas.BRANCH_MANAGER, () -> contacts.create(lyon,
                    withAttributes("attr-" + unique() + "@example.com", values))))
                    .isInstanceOfSatisfying(InvalidContactException.class, e -> {
                        assertThat(e.field()).isEqualTo("attributes[" + number + "]");
                        assertThat(e.messageKey()).isEqualTo("contact.attribute.invalid.number");
                    });
            assertThatThrownBy(() -> personas.runAs(Personas.BRANCH_MANAGER, () -> contacts.create(lyon,
                    withAttributes("attr-" + unique() + "@example.com", Map.of("undeclared_" + unique(), "x")))))
                    .isInstanceOfSatisfying(InvalidContactException.class,
                            e -> assertThat(e.messageKey()).isEqualTo("contact.attribute.unknown"));

            // removing the declaration removes the value from every contact
            personas.runAs(Personas.HQ_ADMIN, () -> attributes.delete(number));
            assertThat(personas.callAs(Personas.BRANCH_MANAGER, () -> contacts.get(id)).attributes())
                    .containsOnlyKeys(choice);
        } finally {
            personas.runAs(Personas.HQ_ADMIN, () -> attributes.find(choice).ifPresent(d -> attributes.delete(choice)));
            personas.runAs(Personas.HQ_ADMIN, () -> attributes.find(number).ifPresent(d -> attributes.delete(number)));
        }
    }

    @Test
    void badDeclarationsAreRefusedAndOnlyTheWholeNetworkMayDeclare() {
        assertThatThrownBy(() -> personas.runAs(Personas.HQ_ADMIN, () -> attributes.create(
                new Draft("Bad Key", "Label", AttributeType.TEXT, List.of()))))
                .isInstanceOfSatisfying(InvalidContactException.class,
                        e -> assertThat(e.messageKey()).isEqualTo("attribute.key.invalid"));
        assertThatThrownBy(() -> personas.runAs(Personas.HQ_ADMIN, () -> attributes.create(
                new Draft("tier_" + unique(), "Tier", AttributeType.CHOICE, List.of(" ")))))
                .isInstanceOfSatisfying(InvalidContactException.class,
                        e -> assertThat(e.messageKey()).isEqualTo("attribute.allowedValues.required"));
        assertThatThrownBy(() -> personas.runAs(Personas.BRANCH_MANAGER, () -> attributes.create(
                new Draft("branch_" + unique(), "Mine", AttributeType.TEXT, List.of()))))
                .isInstanceOf(AccessDeniedInScopeException.class);
    }

    @Test
    void theContactRowKeepsItsCurrentConsentAndSearchMatchesEveryWord() {
        UUID lyon = lyon();
        String tag = unique();
        UUID id = personas.callAs(Personas.BRANCH_MANAGER, () -> contacts.create(lyon, new ContactData(
                "search-" + tag + "@example.com", null, "Éloïse", "Berthier-" + tag, null, null, "Villeurbanne",
                null, null, null, List.of())));
        personas.runAs(Personas.BRANCH_MANAGER, () -> {
            contacts.recordConsent(id, Channel.EMAIL, ConsentState.GRANTED, ConsentSource.FORM, "shop form");
            contacts.recordConsent(id, Channel.EMAIL, ConsentState.WITHDRAWN, ConsentSource.FORM, "asked at till");
        });
        assertThat(personas.callAs(Personas.BRANCH_MANAGER, () -> contacts.get(id)).emailConsent())
                .isEqualTo(ConsentState.WITHDRAWN);
        assertThat(personas.callAs(Personas.BRANCH_MANAGER, () -> contacts.list(lyon,
                new Filter(null, ConsentState.WITHDRAWN, null, null, null), null, 100)).rows())
                .extracting(Contacts.Contact::id).contains(id);

        assertThat(personas.callAs(Personas.BRANCH_MANAGER, () -> contacts.list(lyon,
                new Filter("berthier-" + tag + " villeur", null, null, null, null), null, 20)).rows())
                .extracting(Contacts.Contact::id).containsExactly(id);
        assertThat(personas.callAs(Personas.BRANCH_MANAGER, () -> contacts.list(lyon,
                new Filter("berthier-" + tag + " marseille", null, null, null, null), null, 20)).rows())
                .as("every word must match").isEmpty();
    }
}
