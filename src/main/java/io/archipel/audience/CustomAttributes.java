package io.archipel.audience;

import java.util.List;

/** Read models of the contact attributes HQ declares for the whole network (values live in contact.attributes). */
public final class CustomAttributes {

    private CustomAttributes() {
    }

    /** How a value is typed, checked and stored in JSON: TEXT string, NUMBER number, DATE "yyyy-mm-dd", BOOLEAN, CHOICE one allowed value. */
    public enum AttributeType { TEXT, NUMBER, DATE, BOOLEAN, CHOICE }

    /** A declared attribute: {@code key} is stable (snake_case, used in imports, the API and segment rules). */
    public record Definition(String key, String label, AttributeType type, List<String> allowedValues, int position,
            long version) {
    }

    /** What HQ types to declare or change an attribute (key and type cannot change once declared). */
    public record Draft(String key, String label, AttributeType type, List<String> allowedValues) {
    }

    public static final int MAX_TEXT_LENGTH = 500;
    public static final int MAX_ATTRIBUTES = 50;
    public static final int MAX_ALLOWED_VALUES = 100;
}
