package io.archipel.shared.mail;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One e-mail to send: sender, optional Reply-To, one recipient, subject, HTML and plain-text bodies (sent as
 * multipart/alternative, UTF-8) and extra headers. Header values can never carry a line break: CR, LF and other
 * control characters in names, subject and header values become spaces (no header injection), and addresses must be
 * single plain addresses ({@link IllegalArgumentException} otherwise).
 */
public record OutgoingMail(String fromName, String fromAddress, String replyTo, String toName, String toAddress,
        String subject, String html, String text, Map<String, String> headers) {

    /** Header names an extra header may not set: they are written from the fields above (or by the mail library). */
    static final Set<String> RESERVED_HEADERS = Set.of("from", "to", "cc", "bcc", "reply-to", "subject", "sender",
            "return-path", "date", "message-id", "mime-version", "content-type", "content-transfer-encoding");

    private static final Pattern HEADER_NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9-]{0,75}$");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029]");

    public OutgoingMail {
        fromName = headerText(fromName);
        toName = headerText(toName);
        subject = headerText(subject);
        fromAddress = address(fromAddress, "from", true);
        toAddress = address(toAddress, "to", true);
        replyTo = address(replyTo, "reply-to", false);
        html = html == null || html.isBlank() ? null : html;
        text = text == null ? "" : text;
        Map<String, String> clean = new LinkedHashMap<>();
        if (headers != null) {
            headers.forEach((name, value) -> {
                if (name == null || !HEADER_NAME.matcher(name).matches()
                        || RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("not an extra header name: " + name);
                }
                clean.put(name, headerText(value));
            });
        }
        headers = Collections.unmodifiableMap(clean);
    }

    /** An e-mail without Reply-To and extra headers. */
    public static OutgoingMail of(String fromName, String fromAddress, String toName, String toAddress,
            String subject, String html, String text) {
        return new OutgoingMail(fromName, fromAddress, null, toName, toAddress, subject, html, text, Map.of());
    }

    public OutgoingMail withReplyTo(String address) {
        return new OutgoingMail(fromName, fromAddress, address, toName, toAddress, subject, html, text, headers);
    }

    public OutgoingMail withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new OutgoingMail(fromName, fromAddress, replyTo, toName, toAddress, subject, html, text, more);
    }

    /** One line of header text: control characters (CR, LF, tab…) become spaces, the ends are trimmed. */
    static String headerText(String value) {
        if (value == null) {
            return "";
        }
        // most values have no control character: a plain loop instead of the regular expression (campaign mails
        // build several header values each; the regex was a quarter of a send's CPU in a profile)
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                return CONTROL.matcher(value).replaceAll(" ").strip();
            }
        }
        return value.strip();
    }

    private static String address(String value, String what, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new IllegalArgumentException("an e-mail needs a " + what + " address");
            }
            return null;
        }
        String address = value.strip();
        if (CONTROL.matcher(address).find() || address.length() > 254 || !MailAddresses.isValid(address)) {
            throw new IllegalArgumentException("not a plain e-mail address (" + what + ")");
        }
        return address;
    }
}
