package io.archipel.brand;

/**
 * How an SMS text will be billed: its encoding and number of segments. GSM 03.38 (7-bit) when every character is in
 * the GSM basic set or its extension table (extension characters such as {@code € [ ] { } ~ ^ | \} take two
 * septets); otherwise UCS-2, where emoji and other characters outside the Basic Multilingual Plane take two units.
 * One segment holds 160 septets or 70 UCS-2 units; a concatenated message loses room to its header: 153 and 67 per
 * segment, and an extension character is never split across two segments.
 */
public record SmsLength(Encoding encoding, int units, int segments, int remainingInSegment) {

    public enum Encoding {
        GSM_7, UCS_2
    }

    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM_EXTENSION = "^{}\\[~]|€\f";

    public static SmsLength of(String text) {
        String s = text == null ? "" : text;
        if (isGsm(s)) {
            return gsm(s);
        }
        return ucs2(s);
    }

    private static boolean isGsm(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (GSM_BASIC.indexOf(c) < 0 && GSM_EXTENSION.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static SmsLength gsm(String s) {
        int total = 0;
        for (int i = 0; i < s.length(); i++) {
            total += GSM_EXTENSION.indexOf(s.charAt(i)) >= 0 ? 2 : 1;
        }
        if (total <= 160) {
            return new SmsLength(Encoding.GSM_7, total, total == 0 ? 0 : 1, 160 - total);
        }
        // concatenated: 153 septets per segment, an escape pair stays in one segment
        int segments = 1;
        int used = 0;
        for (int i = 0; i < s.length(); i++) {
            int width = GSM_EXTENSION.indexOf(s.charAt(i)) >= 0 ? 2 : 1;
            if (used + width > 153) {
                segments++;
                used = 0;
            }
            used += width;
        }
        return new SmsLength(Encoding.GSM_7, total, segments, 153 - used);
    }

    private static SmsLength ucs2(String s) {
        int total = s.length(); // UTF-16 code units: a surrogate pair (emoji) counts twice
        if (total <= 70) {
            return new SmsLength(Encoding.UCS_2, total, total == 0 ? 0 : 1, 70 - total);
        }
        int segments = 1;
        int used = 0;
        for (int i = 0; i < s.length(); i++) {
            int width = Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length() ? 2 : 1;
            if (used + width > 67) {
                segments++;
                used = 0;
            }
            used += width;
            if (width == 2) {
                i++;
            }
        }
        return new SmsLength(Encoding.UCS_2, total, segments, 67 - used);
    }
}
