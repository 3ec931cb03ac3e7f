package io.archipel.delivery.web;

import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeUtility;

/**
 * A received mail's header block made readable for the mail sandbox: folded lines joined, RFC 2047 encoded words
 * ({@code =?UTF-8?Q?Maison_Lumi=C3=A8re?=}) decoded, and the facts a marketer checks picked out: the unsubscribe
 * link of {@code List-Unsubscribe}, whether {@code List-Unsubscribe-Post} makes it one-click (RFC 8058), and the
 * campaign the mail belongs to.
 */
record MailSandboxHeaders(List<Header> headers, String unsubscribeUrl, String unsubscribeMailto, boolean oneClick,
        String campaignId) {

    record Header(String name, String value) {
    }

    private static final Pattern ANGLE = Pattern.compile("<([^>]+)>");
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    static MailSandboxHeaders parse(String raw) {
        List<Header> headers = new ArrayList<>();
        if (raw != null) {
            StringBuilder current = null;
            for (String line : raw.split("\r?\n")) {
                if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && current != null) {
                    current.append(' ').append(line.strip());
                    continue;
                }
                if (current != null) {
                    add(headers, current.toString());
                }
                current = line.isBlank() ? null : new StringBuilder(line);
            }
            if (current != null) {
                add(headers, current.toString());
            }
        }
        String unsubscribeUrl = null;
        String mailto = null;
        Optional<String> listUnsubscribe = value(headers, "List-Unsubscribe");
        if (listUnsubscribe.isPresent()) {
            Matcher m = ANGLE.matcher(listUnsubscribe.get());
            while (m.find()) {
                String target = m.group(1).strip();
                String lower = target.toLowerCase(Locale.ROOT);
                if (unsubscribeUrl == null && (lower.startsWith("https://") || lower.startsWith("http://"))) {
                    unsubscribeUrl = target;
                } else if (mailto == null && lower.startsWith("mailto:")) {
                    mailto = target;
                }
            }
        }
        boolean oneClick = value(headers, "List-Unsubscribe-Post")
                .map(v -> v.replace(" ", "").equalsIgnoreCase("List-Unsubscribe=One-Click")).orElse(false);
        String campaign = value(headers, "X-Archipel-Campaign").map(v -> {
            Matcher m = UUID_TEXT.matcher(v);
            return m.find() ? m.group() : null;
        }).orElse(null);
        return new MailSandboxHeaders(List.copyOf(headers), unsubscribeUrl, mailto, oneClick && unsubscribeUrl != null,
                campaign);
    }

    private static void add(List<Header> headers, String line) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            headers.add(new Header("", line));
            return;
        }
        headers.add(new Header(line.substring(0, colon).strip(), decode(line.substring(colon + 1).strip())));
    }

    private static String decode(String value) {
        if (!value.contains("=?")) {
            return value;
        }
        try {
            return MimeUtility.decodeText(value);
        } catch (UnsupportedEncodingException | RuntimeException e) {
            return value;
        }
    }

    private static Optional<String> value(List<Header> headers, String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst();
    }
}
