package io.archipel.brand.web;

import io.archipel.brand.EmailTemplateContent;
import io.archipel.brand.SmsTemplateContent;

/**
 * One part of the SMS editor form as typed: fixed text or an editable zone. The maximum length is kept as typed (a
 * string) so that the form never fails to bind: anything but a whole number means "no limit" or is reported by the
 * template rules.
 */
public class SmsEditorPart extends EditableRulesForm {

    private String id;
    private String text = "";

    public SmsEditorPart() {
    }

    static SmsEditorPart of(SmsTemplateContent.Part part) {
        SmsEditorPart p = new SmsEditorPart();
        p.id = part.id();
        p.setEditable(part.editable());
        p.text = part.text();
        p.setRequired(part.required());
        p.setMaxLength(part.maxLength() == null ? "" : part.maxLength().toString());
        return p;
    }

    static SmsEditorPart fresh(boolean editable) {
        SmsEditorPart p = new SmsEditorPart();
        p.id = EmailTemplateContent.newBlockId();
        p.setEditable(editable);
        p.setRequired(editable);
        p.setMaxLength(editable ? "100" : "");
        return p;
    }

    /** The domain part; line breaks normalised to {@code \n} (one character in an SMS). */
    SmsTemplateContent.Part toPart() {
        return new SmsTemplateContent.Part(id, isEditable(), normalise(text), isEditable() && isRequired(),
                maxLengthIfEditable());
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

    public String getText() {
        return text;
    }

    public void setText(String text) {
        this.text = text == null ? "" : text;
    }
}
