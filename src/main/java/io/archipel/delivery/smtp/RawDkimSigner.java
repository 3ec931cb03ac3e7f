package io.archipel.delivery.smtp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import io.archipel.delivery.internal.MimeMails;

/**
 * DKIM (RFC 6376) rsa-sha256 with relaxed/relaxed canonicalisation over a mail already written as bytes
 * ({@link MimeMails.Raw}): the body is canonicalised byte by byte (no String copy, no regular expressions), the
 * signed header fields are taken from the lines exactly as written. Returns the {@code DKIM-Signature} field to put
 * before the other headers. Not thread-safe (one {@link Signature} and digest): one signer per SMTP connection.
 */
public final class RawDkimSigner {

    private final String domain;
    private final String selector;
    private final List<String> headersToSign;
    private final Signature rsa;
    private final MessageDigest sha256;
    private byte[] buffer = new byte[32 * 1024];

    /** @param headersToSign header names to sign when present (any case), in this order. */
    public RawDkimSigner(String domain, String selector, PrivateKey key, List<String> headersToSign)
            throws GeneralSecurityException {
        this.domain = domain;
        this.selector = selector;
        this.headersToSign = headersToSign.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        this.rsa = Signature.getInstance("SHA256withRSA");
        this.rsa.initSign(key);
        this.sha256 = MessageDigest.getInstance("SHA-256");
    }

    /** The DKIM-Signature header field (folded, ending with CRLF) for this mail, timestamp {@code t}. */
    public byte[] sign(MimeMails.Raw raw, long epochSeconds) throws GeneralSecurityException {
        int length = relaxedBody(raw.body());
        sha256.reset();
        sha256.update(buffer, 0, length);
        String bodyHash = Base64.getEncoder().encodeToString(sha256.digest());

        List<String> signed = new ArrayList<>(headersToSign.size());
        StringBuilder canonical = new StringBuilder(1024);
        for (String name : headersToSign) {
            String line = find(raw.headerLines(), name);
            if (line != null) {
                signed.add(name);
                relaxedHeader(line, canonical);
                canonical.append("\r\n");
            }
        }
        String field = "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + domain + "; s=" + selector
                + ";\r\n\tt=" + epochSeconds + "; h=" + String.join(":", signed) + ";\r\n\tbh=" + bodyHash
                + ";\r\n\tb=";
        relaxedHeader(field, canonical); // the signature field itself, b= empty, without the final CRLF
        rsa.update(canonical.toString().getBytes(StandardCharsets.UTF_8));
        String b = Base64.getEncoder().encodeToString(rsa.sign());
        StringBuilder out = new StringBuilder(field.length() + b.length() + 16).append(field);
        for (int i = 0; i < b.length(); i += 72) {
            if (i > 0) {
                out.append("\r\n\t ");
            }
            out.append(b, i, Math.min(b.length(), i + 72));
        }
        return out.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The last field named {@code name} (lower case) among the lines as written, or null. */
    private static String find(List<String> lines, String name) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i);
            int colon = line.indexOf(':');
            if (colon == name.length() && line.regionMatches(true, 0, name, 0, colon)) {
                return line;
            }
        }
        return null;
    }

    /**
     * Relaxed header canonicalisation (RFC 6376 3.4.2): name in lower case, unfolded, runs of spaces and tabs as one
     * space, none at the ends of the value or around the colon.
     */
    static void relaxedHeader(String line, StringBuilder out) {
        int colon = line.indexOf(':');
        out.append(line.substring(0, colon).strip().toLowerCase(Locale.ROOT)).append(':');
        int start = out.length();
        boolean space = false;
        for (int i = colon + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\r' || c == '\n') {
                continue;
            }
            if (c == ' ' || c == '\t') {
                space = true;
                continue;
            }
            if (space && out.length() > start) {
                out.append(' ');
            }
            space = false;
            out.append(c);
        }
    }

    /**
     * Relaxed body canonicalisation (RFC 6376 3.4.4) into {@link #buffer}: runs of spaces and tabs within a line as
     * one space, none at the end of a line, no empty lines at the end, CRLF after the last line. Returns the length.
     */
    public int relaxedBody(byte[] body) {
        if (buffer.length < body.length + 2) {
            buffer = new byte[body.length + body.length / 4 + 2];
        }
        byte[] out = buffer;
        int o = 0;
        int owed = 0; // line breaks not written yet: they only count if a non-empty line follows
        int n = body.length;
        int i = 0;
        while (i < n) {
            boolean any = false;
            boolean space = false;
            while (i < n && !(body[i] == '\r' && i + 1 < n && body[i + 1] == '\n')) {
                byte b = body[i++];
                if (b == ' ' || b == '\t') {
                    space = true;
                    continue;
                }
                if (!any) {
                    for (; owed > 0; owed--) {
                        out[o++] = '\r';
                        out[o++] = '\n';
                    }
                    any = true;
                }
                if (space) {
                    out[o++] = ' ';
                    space = false;
                }
                out[o++] = b;
            }
            if (i < n) {
                i += 2;
            }
            owed = any ? 1 : owed + 1;
        }
        if (o > 0) {
            out[o++] = '\r';
            out[o++] = '\n';
        }
        return o;
    }
}
