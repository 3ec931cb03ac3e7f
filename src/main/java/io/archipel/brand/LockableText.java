package io.archipel.brand;

/** The subject or preheader of an e-mail: a default text, locked or editable by branches within constraints. */
public record LockableText(String text, boolean locked, boolean required, Integer maxLength) {

    public LockableText {
        text = text == null ? "" : text;
    }

    public static LockableText locked(String text) {
        return new LockableText(text, true, false, null);
    }
}
