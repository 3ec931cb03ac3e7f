package io.archipel.brand.web;

/**
 * What the editors' forms share for a piece branches may be allowed to change (subject, preheader, block, SMS zone):
 * whether it is editable, required, and its maximum length as typed (a string, so that the form always binds).
 */
public abstract class EditableRulesForm {

    private boolean editable;
    private boolean required;
    private String maxLength;

    public boolean isEditable() {
        return editable;
    }

    public void setEditable(boolean editable) {
        this.editable = editable;
    }

    public boolean isRequired() {
        return required;
    }

    public void setRequired(boolean required) {
        this.required = required;
    }

    public String getMaxLength() {
        return maxLength;
    }

    public void setMaxLength(String maxLength) {
        this.maxLength = maxLength;
    }

    /** The maximum length when editable: blank or not a number → none; out of range is kept so the rules report it. */
    Integer maxLengthIfEditable() {
        return editable ? number(maxLength) : null;
    }

    /** Lenient number: blank or not a number → null; a huge number → {@link Integer#MAX_VALUE} (out of range). */
    static Integer number(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        if (!t.matches("-?\\d{1,15}")) {
            return null;
        }
        long n = Long.parseLong(t);
        return n > Integer.MAX_VALUE ? Integer.MAX_VALUE : n < Integer.MIN_VALUE ? Integer.MIN_VALUE : (int) n;
    }
}
