package io.archipel.shared.mail;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.web.util.HtmlUtils;

/**
 * A short notification e-mail (review steps, kits, template updates…) written once as plain text and as simple HTML
 * from the same parts, in the order they are added: paragraphs, a quoted text under a label, a titled list, one action
 * button with its link, and a footer. Every value is escaped; no template engine runs on user text.
 */
public final class NoticeMail {

    private final Locale locale;
    private final String subject;
    private final StringBuilder text = new StringBuilder();
    private final StringBuilder html = new StringBuilder();

    private NoticeMail(Locale locale, String subject) {
        this.locale = locale;
        this.subject = subject;
        html.append("<!DOCTYPE html><html lang=\"").append(locale.getLanguage())
                .append("\"><head><meta charset=\"utf-8\"><title>").append(esc(subject)).append("</title></head>")
                .append("<body style=\"margin:0;padding:24px;background:#f4f6fa;font-family:Arial,Helvetica,")
                .append("sans-serif;color:#1f2937;font-size:15px;line-height:1.5\">")
                .append("<div style=\"max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;")
                .append("padding:24px\">");
    }

    public static NoticeMail of(Locale locale, String subject) {
        return new NoticeMail(locale, subject);
    }

    public NoticeMail paragraph(String line) {
        text.append(line).append("\n\n");
        html.append("<p style=\"margin:0 0 12px\">").append(esc(line)).append("</p>");
        return this;
    }

    public NoticeMail paragraphs(List<String> lines) {
        lines.forEach(this::paragraph);
        return this;
    }

    /** A quoted text (a reviewer's comment, HQ's brief) under its label; nothing when the text is blank. */
    public NoticeMail quote(String label, String quoted) {
        if (quoted == null || quoted.isBlank()) {
            return this;
        }
        text.append(label).append("\n");
        for (String l : quoted.strip().split("\\R")) {
            text.append("> ").append(l).append("\n");
        }
        text.append("\n");
        html.append("<p style=\"margin:16px 0 4px;font-weight:bold\">").append(esc(label)).append("</p>")
                .append("<blockquote style=\"margin:0 0 16px;padding:8px 12px;border-left:4px solid #2563eb;")
                .append("background:#eff6ff;white-space:pre-line\">").append(esc(quoted.strip()))
                .append("</blockquote>");
        return this;
    }

    /** A titled bullet list; nothing when empty. */
    public NoticeMail list(String title, List<String> items) {
        if (items.isEmpty()) {
            return this;
        }
        text.append(title).append("\n");
        items.forEach(i -> text.append("- ").append(i).append("\n"));
        text.append("\n");
        html.append("<p style=\"margin:16px 0 4px;font-weight:bold\">").append(esc(title)).append("</p><ul>");
        items.forEach(i -> html.append("<li>").append(esc(i)).append("</li>"));
        html.append("</ul>");
        return this;
    }

    /** The one button (and "label: link" in the text version). */
    public NoticeMail action(String label, String link) {
        text.append(label).append(": ").append(link).append("\n\n");
        html.append("<p style=\"margin:20px 0\"><a href=\"").append(esc(link))
                .append("\" style=\"display:inline-block;background:#2563eb;color:#ffffff;text-decoration:none;")
                .append("padding:10px 18px;border-radius:6px;font-weight:bold\">").append(esc(label))
                .append("</a></p>");
        return this;
    }

    /** Ends the mail with its footer and addresses it. */
    public OutgoingMail to(String footer, String fromName, String fromAddress, String toName, String toAddress,
            Map<String, String> headers) {
        String t = text + "-- \n" + footer + "\n";
        String h = html + "<p style=\"margin:16px 0 0;font-size:12px;color:#6b7280\">" + esc(footer)
                + "</p></div></body></html>";
        return new OutgoingMail(fromName, fromAddress, null, toName, toAddress, subject, h, t, headers);
    }

    public Locale locale() {
        return locale;
    }

    private static String esc(String s) {
        return HtmlUtils.htmlEscape(s == null ? "" : s, "UTF-8");
    }
}
