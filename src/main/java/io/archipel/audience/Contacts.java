package io.archipel.audience;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Value types of the contact directory. */
public final class Contacts {

    private Contacts() {
    }

    public enum Channel { EMAIL, SMS }

    public enum ConsentState { GRANTED, WITHDRAWN }

    public enum ConsentSource { FORM, IMPORT, API, UNSUBSCRIBE_LINK, HQ, PREFERENCE_CENTER }

    public enum SuppressionReason { UNSUBSCRIBED, HARD_BOUNCE, COMPLAINT, ERASED }

    /**
     * What a user types for a contact (raw: the service normalises the mobile number and the e-mail). Custom
     * attributes are typed-in text by key, checked against HQ's declarations; null leaves the stored ones unchanged.
     */
    public record ContactData(String email, String mobile, String firstName, String lastName, LocalDate birthDate,
            String postalCode, String city, String loyaltyTier, LocalDate lastPurchaseDate, BigDecimal totalSpend,
            List<String> tags, Map<String, String> attributes) {

        public ContactData(String email, String mobile, String firstName, String lastName, LocalDate birthDate,
                String postalCode, String city, String loyaltyTier, LocalDate lastPurchaseDate, BigDecimal totalSpend,
                List<String> tags) {
            this(email, mobile, firstName, lastName, birthDate, postalCode, city, loyaltyTier, lastPurchaseDate,
                    totalSpend, tags, null);
        }
    }

    public record Contact(UUID id, UUID branchId, String branchCode, String branchName, String email, String mobile,
            String firstName, String lastName, LocalDate birthDate, String postalCode, String city, String loyaltyTier,
            LocalDate lastPurchaseDate, BigDecimal totalSpend, List<String> tags, Instant createdAt, Instant updatedAt,
            long version, Instant erasedAt, ConsentState emailConsent, ConsentState smsConsent,
            Map<String, Object> attributes) {

        public boolean erased() {
            return erasedAt != null;
        }

        public String displayName() {
            String name = ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).strip();
            return name.isEmpty() ? (email == null ? (mobile == null ? "—" : mobile) : email) : name;
        }

        public boolean emailGranted() {
            return emailConsent == ConsentState.GRANTED;
        }

        public boolean smsGranted() {
            return smsConsent == ConsentState.GRANTED;
        }
    }

    /** Filters of a list; null or blank means "any". */
    public record Filter(String query, ConsentState emailConsent, ConsentState smsConsent, String loyaltyTier,
            String tag) {

        public static Filter none() {
            return new Filter(null, null, null, null, null);
        }
    }

    /** One page of a keyset-paginated list: opaque cursors to the next / previous page, null at the ends. */
    public record Page(List<Contact> rows, String nextCursor, String previousCursor) {
    }

    public record ConsentEvent(UUID id, Channel channel, ConsentState state, ConsentSource source, Instant at,
            String actor, String proof) {
    }

    public record Suppression(UUID id, String emailHash, String phoneHash, SuppressionReason reason, Instant at,
            String actor) {

        public String shortEmailHash() {
            return emailHash == null ? null : emailHash.substring(0, 12) + "…";
        }

        public String shortPhoneHash() {
            return phoneHash == null ? null : phoneHash.substring(0, 12) + "…";
        }
    }

    /** Input the service refuses, tied to a form field and a message key (with optional arguments). */
    public static class InvalidContactException extends RuntimeException {
        private final String field;
        private final String messageKey;

        public InvalidContactException(String field, String messageKey) {
            super(field + ": " + messageKey);
            this.field = field;
            this.messageKey = messageKey;
        }

        public String field() {
            return field;
        }

        public String messageKey() {
            return messageKey;
        }
    }

    /** Someone else saved the contact since the form was opened. */
    public static class StaleContactException extends RuntimeException {
        public StaleContactException() {
            super("stale contact");
        }
    }
}
