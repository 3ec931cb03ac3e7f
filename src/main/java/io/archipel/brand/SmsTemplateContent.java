package io.archipel.brand;

import java.util.List;

/**
 * What an SMS template is: ordered parts, each fixed text or a zone branches may edit (with a default text), and
 * the opt-out mention, always locked, always last.
 */
public record SmsTemplateContent(List<Part> parts, String optOut) {

    public static final int MAX_PARTS = 20;
    public static final int MAX_LENGTH = 1000;

    /** A piece of the message; {@code id} is stable across edits and versions. */
    public record Part(String id, boolean editable, String text, boolean required, Integer maxLength) {
        public Part {
            text = text == null ? "" : text;
        }
    }

    public SmsTemplateContent {
        parts = parts == null ? List.of() : List.copyOf(parts);
        optOut = optOut == null ? "" : optOut;
    }

    public static SmsTemplateContent starter(String language) {
        boolean fr = language != null && language.startsWith("fr");
        return new SmsTemplateContent(List.of(
                new Part(EmailTemplateContent.newBlockId(), false, "{{branch.name}} : ", false, null),
                new Part(EmailTemplateContent.newBlockId(), true, fr
                        ? "-20 % sur tout le magasin ce week-end !" : "20% off the whole store this weekend!", true,
                        100)),
                fr ? "STOP au 36111" : "Reply STOP to opt out");
    }

    /** The whole text as a recipient gets it, merge tokens still unresolved. */
    public String text() {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            out.append(part.text());
        }
        if (!optOut.isBlank()) {
            out.append(out.isEmpty() || Character.isWhitespace(out.charAt(out.length() - 1)) ? "" : " ").append(optOut);
        }
        return out.toString();
    }
}
