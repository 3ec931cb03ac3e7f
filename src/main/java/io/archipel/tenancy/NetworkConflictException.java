package io.archipel.tenancy;

/**
 * A change to the network that the rules refuse (a code already used, a territory moved under itself, a territory
 * that still has branches…). Carries the form field it belongs to (or null for the whole form) and a message key,
 * so that the web layer can show it next to the right input.
 */
public class NetworkConflictException extends RuntimeException {

    private final String field;
    private final String messageKey;

    public NetworkConflictException(String field, String messageKey) {
        super(messageKey);
        this.field = field;
        this.messageKey = messageKey;
    }

    /** The form field at fault, or null when the refusal concerns the whole record. */
    public String field() {
        return field;
    }

    public String messageKey() {
        return messageKey;
    }
}
