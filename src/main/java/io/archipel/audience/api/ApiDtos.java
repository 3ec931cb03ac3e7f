package io.archipel.audience.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.archipel.audience.Contacts.ConsentEvent;
import io.archipel.audience.Contacts.Contact;

/**
 * The JSON of {@code /api/v1/contacts} (documented in {@code api/openapi.json} and docs/api.md). Inputs take dates,
 * amounts and attribute values as strings (JSON numbers and booleans are accepted too) so that a bad value rejects
 * its own item with a field error instead of failing the whole request. Unknown fields are ignored.
 */
final class ApiDtos {

    private ApiDtos() {
    }

    /** One contact of a batch upsert. A field left out (or null) keeps the stored value; "" clears it. */
    record ContactItem(String branchCode, String email, String mobile, String firstName, String lastName,
            String birthDate, String postalCode, String city, String loyaltyTier, String lastPurchaseDate,
            String totalSpend, List<String> tags, Map<String, String> attributes, ConsentInput consent) {
    }

    record ConsentInput(ChannelConsent email, ChannelConsent sms) {
    }

    record ChannelConsent(String state, String proof) {
    }

    record BatchRequest(List<ContactItem> contacts) {
    }

    record FieldError(String field, String code, String message) {
    }

    record ItemResult(int index, String status, UUID id, List<FieldError> errors) {
    }

    record BatchResult(int received, int created, int updated, int rejected, List<ItemResult> results) {
    }

    record ConsentChange(String channel, String state, String proof) {
    }

    record ConsentJson(String email, String sms) {
    }

    record ConsentEventJson(String channel, String state, String source, Instant at, String actor, String proof) {
        static ConsentEventJson of(ConsentEvent e) {
            return new ConsentEventJson(e.channel().name(), e.state().name(), e.source().name(), e.at(), e.actor(),
                    e.proof());
        }
    }

    record ContactJson(UUID id, String branchCode, String email, String mobile, String firstName, String lastName,
            LocalDate birthDate, String postalCode, String city, String loyaltyTier, LocalDate lastPurchaseDate,
            BigDecimal totalSpend, List<String> tags, Map<String, Object> attributes, ConsentJson consent,
            boolean erased, Instant createdAt, Instant updatedAt, Instant erasedAt) {

        static ContactJson of(Contact c) {
            return new ContactJson(c.id(), c.branchCode(), c.email(), c.mobile(), c.firstName(), c.lastName(),
                    c.birthDate(), c.postalCode(), c.city(), c.loyaltyTier(), c.lastPurchaseDate(), c.totalSpend(),
                    c.tags(), c.attributes(), new ConsentJson(c.emailConsent() == null ? null : c.emailConsent().name(),
                            c.smsConsent() == null ? null : c.smsConsent().name()),
                    c.erased(), c.createdAt(), c.updatedAt(), c.erasedAt());
        }
    }

    record ContactList(List<ContactJson> items) {
    }
}
