package io.archipel.delivery.sms;

import java.time.Instant;

/** The types of a tenant's SMS provider settings ({@link SmsSettingsService}). */
public final class SmsSettings {

    private SmsSettings() {
    }

    /** Where a tenant's SMS go. */
    public enum Provider {
        /** Kept in the SMS sandbox and shown in the app; nothing leaves the server (the default). */
        DEVELOPMENT,
        /** POSTed as JSON to the configured URL with a bearer token. */
        HTTP;

        public String messageKey() {
            return "dispatch.sms.provider." + name();
        }
    }

    /** What HQ sees: never the token itself, only whether one is stored. */
    public record View(Provider provider, String httpUrl, boolean tokenSet, String senderName, long version,
            Instant updatedAt, String updatedBy) {
    }

    /** What HQ submits; a blank {@code newToken} keeps the stored one. */
    public record Changes(Provider provider, String httpUrl, String newToken, String senderName) {
    }

    /** Input refused, tied to a form field and a message key. */
    public static class InvalidSmsSettingsException extends RuntimeException {
        private final String field;
        private final String messageKey;

        public InvalidSmsSettingsException(String field, String messageKey) {
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

    /** Someone else saved the settings since the form was opened. */
    public static class StaleSmsSettingsException extends RuntimeException {
        public StaleSmsSettingsException() {
            super("SMS settings changed meanwhile");
        }
    }

    /** The outcome of a test SMS: accepted (with the number it went to) or refused with the provider's words. */
    public record TestResult(boolean accepted, boolean temporary, String toE164, String detail, Provider provider) {
    }
}
