package io.archipel.brand.web;

import io.archipel.brand.EmailTemplateContent;
import io.archipel.brand.SmsTemplateContent;

/**
 * One part of the SMS editor form as typed: fixed text or an editable zone. The maximum length is kept as typed (a
 * string) so that the form never fails to bind: anything but a whole number means "no limit" or is reported by the
 * template rules.
 */
public class SmsEditorPart {

    private String id;
    private boolean editable;
    private String text = "";
    private boolean required;
    private String maxLength;

    public SmsEditorPart() {
    }

    static SmsEditorPart of(SmsTemplateContent.Part part) {
        SmsEditorPart p = new SmsEditorPart();
        p.id = part.id();
        p.editable = part.editable();
        p.text = part.text();
        p.required = part.required();
        p.maxLength = part.maxLength() == null ? "" : part.maxLength().toString();
        return p;
    }

    static SmsEditorPart fresh(boolean editable) {
        SmsEditorPart p = new SmsEditorPart();
        p.id = EmailTemplateContent.newBlockId();
        p.editable = editable;
        p.required = editable;
        p.maxLength = editable ? "100" : "";
        return p;
    }

    /** The domain part; line breaks normalised to {@code \n} (one character in an SMS). */
    SmsTemplateContent.Part toPart() {
        return new SmsTemplateContent.Part(id, editable, normalise(text), editable && required,
                editable ? parseMaxLength() : null);
    }

    Integer parseMaxLength() {
        String v = maxLength == null ? "" : maxLength.strip();
        if (!v.matches("\\d{1,9}")) {
            return null;
        }
        return Integer.valueOf(v);
    }

    /** Ids end up in element ids and problem paths: anything unexpected gets a fresh one. */
    void ensureId() {
        if (id == null || !id.matches("[A-Za-z0-9-]{1,36}")) {
            id = EmailTemplateContent.newBlockId();
        }
    }

    static String normalise(String s) {
        return s == null ? "" : s.replace("\r\n", "\n").replace('\r', '\n');
    }

    /**
     * The value to print inside a {@code <textarea>}: the HTML parser drops a newline right after the opening tag,
     * so a text starting with one gets an extra one.
     */
    public String getTextareaValue() {
        String t = text == null ? "" : text;
        return t.startsWith("\n") ? "\n" + t : t;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public boolean isEditable() {
        return editable;
    }

    public void setEditable(boolean editable) {
        this.editable = editable;
    }

    public String getText() {
        return text;
    }

    public void setText(String text) {
        this.text = text == null ? "" : text;
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
}
