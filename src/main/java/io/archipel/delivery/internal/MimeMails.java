package io.archipel.delivery.internal;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.archipel.shared.mail.OutgoingMail;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.PreencodedMimeBodyPart;
import jakarta.mail.util.ByteArrayDataSource;
import jakarta.activation.DataHandler;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;

/**
 * Writes an {@link OutgoingMail} into a {@link MimeMessage}: multipart/alternative (plain text, then HTML) in UTF-8,
 * the extra headers, and the tenant it was sent for in {@code X-Archipel-Tenant} (the mail sandbox files received
 * mails by it). One implementation for the single mails of the {@code Outbox} and the campaign transport.
 */
public final class MimeMails {

    /** The header naming the tenant a mail was sent for. */
    public static final String TENANT_HEADER = "X-Archipel-Tenant";

    private static final String UTF_8 = StandardCharsets.UTF_8.name();

    private MimeMails() {
    }

    /** Fills {@code message} from {@code mail}; {@code tenantId} null: no tenant header. Calls saveChanges(). */
    public static void build(MimeMessage message, OutgoingMail mail, UUID tenantId)
            throws MessagingException, UnsupportedEncodingException {
        message.setFrom(new InternetAddress(mail.fromAddress(), blankToNull(mail.fromName()), UTF_8));
        message.setRecipient(Message.RecipientType.TO,
                new InternetAddress(mail.toAddress(), blankToNull(mail.toName()), UTF_8));
        if (mail.replyTo() != null) {
            message.setReplyTo(new InternetAddress[] {new InternetAddress(mail.replyTo())});
        }
        message.setSubject(mail.subject(), UTF_8);
        message.setSentDate(new Date());
        for (Map.Entry<String, String> header : mail.headers().entrySet()) {
            message.setHeader(header.getKey(), MimeUtility.fold(header.getKey().length() + 2,
                    MimeUtility.encodeText(header.getValue(), UTF_8, null)));
        }
        if (tenantId != null) {
            message.setHeader(TENANT_HEADER, tenantId.toString());
        }
        if (mail.html() == null) {
            message.setText(mail.text(), UTF_8, "plain");
        } else {
            MimeBodyPart text = encodedPart("text/plain; charset=UTF-8", mail.text());
            MimeBodyPart html = encodedPart("text/html; charset=UTF-8", mail.html());
            MimeMultipart alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            message.setContent(alternative);
        }
        message.saveChanges();
    }

    /**
     * A body part whose content is already quoted-printable: Jakarta Mail then writes its bytes as they are, instead
     * of scanning the text to choose an encoding, then encoding it byte by byte (several passes over a 20 KB body,
     * the bulk of the CPU a campaign mail costs).
     */
    public static MimeBodyPart encodedPart(String contentType, String content) throws MessagingException {
        PreencodedMimeBodyPart part = new PreencodedMimeBodyPart("quoted-printable");
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(quotedPrintable(content), contentType)));
        part.setHeader("Content-Type", contentType);
        part.setHeader("Content-Transfer-Encoding", "quoted-printable");
        return part;
    }

    /**
     * A campaign mail as the bytes of its RFC 5322 message, built in one pass: {@code headers} (each line ends with
     * CRLF, folded lines go on with a space; no blank line) and {@code body} (after the blank line). The multipart
     * boundary contains "=_", which quoted-printable content can never contain.
     *
     * @param headerLines the header fields as written, one string per field (folding included, no final CRLF), for
     *                    a DKIM signer
     */
    public record Raw(byte[] headers, byte[] body, List<String> headerLines) {
    }

    /**
     * A body's literal segments (the same for every recipient of a campaign), each quoted-printable encoded once from
     * the start of a line, so that a recipient's body only encodes its own values ({@link SplicedBody}). Encoding
     * was most of the CPU a campaign mail cost (profile of the send benchmark).
     */
    public static final class EncodedLiterals {
        private final List<String> texts;
        private final byte[][] encoded;
        private final int[] endColumns;

        public EncodedLiterals(List<String> literals) {
            this.texts = List.copyOf(literals);
            this.encoded = new byte[texts.size()][];
            this.endColumns = new int[texts.size()];
            for (int i = 0; i < texts.size(); i++) {
                ByteBuilder builder = new ByteBuilder(texts.get(i).length() * 5 / 4 + 16);
                builder.encode(texts.get(i), 0, 0, false);
                encoded[i] = builder.toArray();
                endColumns[i] = builder.column;
            }
        }

        public List<String> texts() {
            return texts;
        }
    }

    /** One recipient's body: the literals with this recipient's values between them (one value fewer). */
    public record SplicedBody(EncodedLiterals literals, List<String> values) {
        public SplicedBody {
            if (literals.texts.size() != values.size() + 1) {
                throw new IllegalArgumentException("one more literal than values expected");
            }
        }
    }

    /**
     * A campaign mail's bodies as {@link SplicedBody spliced bodies}, which {@link #raw} encodes instead of the
     * mail's text and HTML; they must join to exactly those ({@code html} null when the mail has none).
     */
    public record Bodies(SplicedBody text, SplicedBody html) {
    }

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z",
            Locale.ROOT);
    private static final AtomicLong BOUNDARIES = new AtomicLong();
    private static final String BOUNDARY_PREFIX = "=_arch_" + Long.toHexString(System.nanoTime()) + "_";

    /**
     * The campaign mail's bytes, written directly (no {@link MimeMessage}): From, To, Reply-To, Subject, Date,
     * Message-ID, MIME-Version, the extra headers, {@code X-Archipel-Tenant}, then multipart/alternative (plain text,
     * then HTML; one text/plain part when there is no HTML), each part quoted-printable in UTF-8. Header values come
     * from an {@link OutgoingMail}, whose fields cannot carry line breaks (no header injection); non-ASCII text is
     * RFC 2047 encoded and long values folded the way Jakarta Mail does it.
     */
    public static Raw raw(OutgoingMail mail, UUID tenantId, String messageId, ZonedDateTime date)
            throws UnsupportedEncodingException {
        return raw(mail, null, tenantId, messageId, date);
    }

    /**
     * As {@link #raw(OutgoingMail, UUID, String, ZonedDateTime)}, the bodies encoded from {@code bodies} (literals
     * encoded once per campaign) when given, which must join to the mail's text and HTML.
     */
    public static Raw raw(OutgoingMail mail, Bodies bodies, UUID tenantId, String messageId, ZonedDateTime date)
            throws UnsupportedEncodingException {
        if (bodies != null && (bodies.html() == null) != (mail.html() == null)) {
            throw new IllegalArgumentException("the spliced bodies do not match the mail");
        }
        List<String> lines = new ArrayList<>(12);
        lines.add(fold("From: " + address(mail.fromName(), mail.fromAddress())));
        lines.add(fold("To: " + address(mail.toName(), mail.toAddress())));
        if (mail.replyTo() != null) {
            lines.add("Reply-To: " + mail.replyTo());
        }
        lines.add(fold("Subject: " + headerWords(mail.subject())));
        lines.add("Date: " + DATE.format(date));
        lines.add("Message-ID: " + messageId);
        lines.add("MIME-Version: 1.0");
        for (Map.Entry<String, String> header : mail.headers().entrySet()) {
            lines.add(fold(header.getKey() + ": " + headerWords(header.getValue())));
        }
        if (tenantId != null) {
            lines.add(TENANT_HEADER + ": " + tenantId);
        }
        ByteBuilder body;
        if (mail.html() == null) {
            lines.add("Content-Type: text/plain; charset=UTF-8");
            lines.add("Content-Transfer-Encoding: quoted-printable");
            body = new ByteBuilder(mail.text().length() * 3 / 2 + 64);
            body.quotedPrintable(mail.text(), bodies == null ? null : bodies.text());
        } else {
            String boundary = BOUNDARY_PREFIX + Long.toHexString(BOUNDARIES.incrementAndGet());
            lines.add("Content-Type: multipart/alternative;\r\n\tboundary=\"" + boundary + "\"");
            body = new ByteBuilder((mail.text().length() + mail.html().length()) * 5 / 4 + 512);
            body.ascii("--").ascii(boundary).ascii("\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                    + "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
            body.quotedPrintable(mail.text(), bodies == null ? null : bodies.text());
            body.ascii("\r\n--").ascii(boundary).ascii("\r\nContent-Type: text/html; charset=UTF-8\r\n"
                    + "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
            body.quotedPrintable(mail.html(), bodies == null ? null : bodies.html());
            body.ascii("\r\n--").ascii(boundary).ascii("--\r\n");
        }
        int size = 0;
        for (String line : lines) {
            size += line.length() + 2;
        }
        ByteBuilder headers = new ByteBuilder(size);
        for (String line : lines) {
            headers.ascii(line).ascii("\r\n");
        }
        return new Raw(headers.toArray(), body.toArray(), List.copyOf(lines));
    }

    /*
     * Header encoding without Jakarta Mail's MimeUtility: its encoder looks its StreamProvider up through the
     * ServiceLoader (scanning the class path's jars) on every call, a quarter of the CPU of a campaign send.
     */

    /** RFC 2047 encoded-words carry at most this many UTF-8 bytes (45 bytes: 60 base64 characters, word ≤ 72). */
    private static final int WORD_BYTES = 45;

    /** "Name <address>": a name of printable ASCII quoted when it needs to be, otherwise as encoded-words. */
    static String address(String name, String address) {
        if (name == null || name.isBlank()) {
            return address;
        }
        if (!printableAscii(name)) {
            return encodedWords(name) + " <" + address + ">";
        }
        for (int i = 0; i < name.length(); i++) {
            if ("()<>@,;:\\\".[]".indexOf(name.charAt(i)) >= 0) {
                return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\" <" + address + ">";
            }
        }
        return name + " <" + address + ">";
    }

    /** Unstructured header text: as is when printable ASCII, else encoded-words (base64, UTF-8). */
    static String headerWords(String text) {
        return printableAscii(text) ? text : encodedWords(text);
    }

    private static boolean printableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return !s.contains("=?");
    }

    /** {@code =?UTF-8?B?…?=} words separated by a space, never splitting a character across two words. */
    static String encodedWords(String text) {
        StringBuilder out = new StringBuilder(text.length() * 2 + 16);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Base64.Encoder base64 = Base64.getEncoder();
        int start = 0;
        while (start < bytes.length) {
            int end = Math.min(bytes.length, start + WORD_BYTES);
            while (end < bytes.length && (bytes[end] & 0xc0) == 0x80) {
                end--; // do not cut inside a character: back to its first byte
            }
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append("=?UTF-8?B?").append(base64.encodeToString(java.util.Arrays.copyOfRange(bytes, start, end)))
                    .append("?=");
            start = end;
        }
        return out.toString();
    }

    /** Folds a header line at spaces so that lines stay within 76 characters where possible (CRLF + space). */
    static String fold(String line) {
        if (line.length() <= 76) {
            return line;
        }
        StringBuilder out = new StringBuilder(line.length() + 16);
        int lineStart = 0;
        int lastSpace = -1;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == ' ' && i > 0 && line.charAt(i - 1) != ':') {
                if (i - lineStart > 76 && lastSpace > lineStart) {
                    out.append(line, lineStart, lastSpace).append("\r\n");
                    lineStart = lastSpace; // the space starts the continuation line
                }
                lastSpace = i;
            }
        }
        if (line.length() - lineStart > 76 && lastSpace > lineStart) {
            out.append(line, lineStart, lastSpace).append("\r\n");
            lineStart = lastSpace;
        }
        return out.append(line, lineStart, line.length()).toString();
    }

    /** An unsynchronised growable byte array for ASCII text and quoted-printable. */
    static final class ByteBuilder {
        private byte[] bytes;
        private int length;
        /** The quoted-printable line's column after the last {@link #encode}. */
        private int column;

        ByteBuilder(int capacity) {
            bytes = new byte[Math.max(16, capacity)];
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }

        /** Appends a string of ASCII characters (header lines here are ASCII: RFC 2047 encoded). */
        ByteBuilder ascii(String s) {
            ensure(s.length());
            s.getBytes(0, s.length(), bytes, length); // deprecated but exact for ASCII, and copy-free
            length += s.length();
            return this;
        }

        /**
         * Appends the quoted-printable of the text's UTF-8, straight from the characters (no UTF-8 copy of the text
         * first); same output as {@link MimeMails#quotedPrintable}.
         */
        void quotedPrintable(String text) {
            encode(text, 0, 0, true);
        }

        /** Appends a body part's quoted-printable: from its spliced form when given (it joins to {@code text}). */
        void quotedPrintable(String text, SplicedBody spliced) {
            if (spliced == null) {
                quotedPrintable(text);
            } else {
                quotedPrintable(spliced);
            }
        }

        /**
         * Appends the quoted-printable of a body given as {@linkplain EncodedLiterals literals encoded once} and a
         * recipient's values between them. Each literal's bytes are copied as they are, after a soft line break when
         * the line already holds something (a literal was encoded from the start of a line); only the values are
         * encoded here, from the current column. Decodes to the joined text, lines within 76 characters.
         */
        void quotedPrintable(SplicedBody body) {
            EncodedLiterals literals = body.literals();
            List<String> values = body.values();
            int column = 0;
            char last = 0;
            for (int i = 0; i < literals.texts.size(); i++) {
                String literal = literals.texts.get(i);
                if (!literal.isEmpty()) {
                    byte[] encoded = literals.encoded[i];
                    int skip = 0;
                    if (last == '\r' && literal.charAt(0) == '\n') {
                        skip = 2; // a CR then LF across two pieces is one line break, already written
                    } else if (column > 0) {
                        ascii("=\r\n");
                    }
                    ensure(encoded.length - skip);
                    System.arraycopy(encoded, skip, bytes, length, encoded.length - skip);
                    length += encoded.length - skip;
                    column = literals.endColumns[i];
                    last = literal.charAt(literal.length() - 1);
                }
                if (i < values.size()) {
                    String value = values.get(i);
                    if (!value.isEmpty()) {
                        encode(value, last == '\r' && value.charAt(0) == '\n' ? 1 : 0, column, false);
                        column = this.column;
                        last = value.charAt(value.length() - 1);
                    }
                }
            }
            this.column = column;
        }

        /**
         * Appends the quoted-printable of {@code text} from index {@code from}, starting at {@code startColumn} of
         * the current line; leaves the column reached in {@link #column}. {@code endIsLineEnd}: the text's end is a
         * line's end (a trailing space is then encoded and the last character may take the 76th column); otherwise
         * more may follow on the line, so a trailing space or tab is encoded and the 76th column kept for a soft
         * break.
         */
        void encode(String text, int from, int startColumn, boolean endIsLineEnd) {
            int n = text.length();
            // the characters in an array once: a loop over String.charAt was a third of a send's CPU (profile)
            char[] cs = CHARS.get();
            if (cs.length < n) {
                cs = new char[Math.max(n, cs.length * 2)];
                CHARS.set(cs);
            }
            text.getChars(0, n, cs, 0);
            byte[] out = bytes;
            int o = length;
            int column = startColumn;
            byte[] utf8 = new byte[4];
            for (int i = from; i < n; i++) {
                // room for a run of literal characters up to the line's end and one character's worst case
                // (4 UTF-8 bytes as =XX with soft breaks)
                if (o + 128 > out.length) {
                    out = java.util.Arrays.copyOf(out, Math.max(out.length * 2, o + 1024));
                }
                char c = cs[i];
                if (column < MAX_LINE - 1 && ((c < 128 && PLAIN[c] && (c != '.' || column > 0))
                        || (c == ' ' && i + 1 < n && cs[i + 1] != '\r' && cs[i + 1] != '\n'))) {
                    // a run of literal characters (most of the text), in a tight loop, up to the line's end
                    out[o++] = (byte) c;
                    column++;
                    int end = Math.min(n, i + 1 + (MAX_LINE - 1 - column));
                    int j = i + 1;
                    while (j < end) {
                        char d = cs[j];
                        if (d < 128 && PLAIN[d]) {
                            out[o++] = (byte) d;
                            j++;
                        } else if (d == ' ' && j + 1 < n && cs[j + 1] != '\r' && cs[j + 1] != '\n') {
                            out[o++] = ' ';
                            j++;
                        } else {
                            break;
                        }
                    }
                    column += j - (i + 1);
                    i = j - 1;
                    continue;
                }
                if (c == '\r' || c == '\n') {
                    if (c == '\r' && i + 1 < n && cs[i + 1] == '\n') {
                        i++;
                    }
                    out[o++] = '\r';
                    out[o++] = '\n';
                    column = 0;
                    continue;
                }
                boolean lineEnds = i + 1 == n ? endIsLineEnd : cs[i + 1] == '\r' || cs[i + 1] == '\n';
                if (c < 0x80) {
                    boolean literal = (c >= 33 && c <= 126 && c != '=' && (c != '.' || column > 0))
                            || ((c == ' ' || c == '\t') && i + 1 < n && !lineEnds);
                    int width = literal ? 1 : 3;
                    if (column + width > (lineEnds ? MAX_LINE : MAX_LINE - 1)) {
                        out[o++] = '=';
                        out[o++] = '\r';
                        out[o++] = '\n';
                        column = 0;
                        if (c == '.') {
                            literal = false;
                            width = 3;
                        }
                    }
                    if (literal) {
                        out[o++] = (byte) c;
                    } else {
                        out[o++] = '=';
                        out[o++] = HEX[c >> 4];
                        out[o++] = HEX[c & 0xf];
                    }
                    column += width;
                    continue;
                }
                // a non-ASCII character: its UTF-8 bytes, each as =XX, kept on one line
                int cp = c;
                int chars = 1;
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(cs[i + 1])) {
                    cp = Character.toCodePoint(c, cs[i + 1]);
                    chars = 2;
                } else if (Character.isSurrogate(c)) {
                    cp = '?'; // a lone surrogate: what String.getBytes(UTF_8) writes too
                }
                int k;
                if (cp < 0x80) {
                    utf8[0] = (byte) cp;
                    k = 1;
                } else if (cp < 0x800) {
                    utf8[0] = (byte) (0xc0 | cp >> 6);
                    utf8[1] = (byte) (0x80 | cp & 0x3f);
                    k = 2;
                } else if (cp < 0x10000) {
                    utf8[0] = (byte) (0xe0 | cp >> 12);
                    utf8[1] = (byte) (0x80 | cp >> 6 & 0x3f);
                    utf8[2] = (byte) (0x80 | cp & 0x3f);
                    k = 3;
                } else {
                    utf8[0] = (byte) (0xf0 | cp >> 18);
                    utf8[1] = (byte) (0x80 | cp >> 12 & 0x3f);
                    utf8[2] = (byte) (0x80 | cp >> 6 & 0x3f);
                    utf8[3] = (byte) (0x80 | cp & 0x3f);
                    k = 4;
                }
                boolean ends = i + chars == n ? endIsLineEnd : cs[i + chars] == '\r' || cs[i + chars] == '\n';
                for (int j = 0; j < k; j++) {
                    boolean last = ends && j == k - 1;
                    if (column + 3 > (last ? MAX_LINE : MAX_LINE - 1)) {
                        out[o++] = '=';
                        out[o++] = '\r';
                        out[o++] = '\n';
                        column = 0;
                    }
                    int b = utf8[j] & 0xff;
                    out[o++] = '=';
                    out[o++] = HEX[b >> 4];
                    out[o++] = HEX[b & 0xf];
                    column += 3;
                }
                i += chars - 1;
            }
            bytes = out;
            length = o;
            this.column = column;
        }

        byte[] toArray() {
            return length == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, length);
        }
    }

    /** ASCII characters quoted-printable writes as themselves anywhere: printable, but "=" (and no space). */
    private static final boolean[] PLAIN = new boolean[128];

    static {
        for (int c = 33; c <= 126; c++) {
            PLAIN[c] = c != '=';
        }
    }

    /** Each thread's scratch array for {@link ByteBuilder#quotedPrintable(String)}. */
    private static final ThreadLocal<char[]> CHARS = ThreadLocal.withInitial(() -> new char[16 * 1024]);

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_LINE = 76;

    /**
     * RFC 2045 quoted-printable of the UTF-8 text: line breaks (CRLF, LF or CR) become CRLF, printable ASCII but "="
     * stays, spaces and tabs stay except before a line break, everything else is =XX; lines are cut with soft breaks
     * so that none is longer than 76 characters. A "." that would start a line is written =2E, so that no line of
     * the encoded text starts with a dot (nothing for SMTP to dot-stuff).
     */
    public static byte[] quotedPrintable(String text) {
        byte[] in = text.getBytes(StandardCharsets.UTF_8);
        // worst case: every byte as =XX, plus a soft break every 25 of them (a plain array: no per-byte locking)
        byte[] out = new byte[in.length * 3 + in.length / 24 * 3 + 8];
        return java.util.Arrays.copyOf(out, encode(in, out, 0));
    }

    /** Quoted-printable of {@code in} into {@code out} from {@code o} (room for the worst case); the new end. */
    private static int encode(byte[] in, byte[] out, int o) {
        int column = 0;
        int n = in.length;
        for (int i = 0; i < n; i++) {
            int b = in[i] & 0xff;
            // fast path (most bytes): a literal character far from the line's end
            if (column < MAX_LINE - 1 && ((b >= 33 && b <= 126 && b != '=' && (b != '.' || column > 0))
                    || (b == ' ' && i + 1 < n && in[i + 1] != '\r' && in[i + 1] != '\n'))) {
                out[o++] = (byte) b;
                column++;
                continue;
            }
            if (b == '\r' || b == '\n') {
                if (b == '\r' && i + 1 < in.length && in[i + 1] == '\n') {
                    i++;
                }
                out[o++] = '\r';
                out[o++] = '\n';
                column = 0;
                continue;
            }
            boolean lineEnds = i + 1 == in.length || in[i + 1] == '\r' || in[i + 1] == '\n';
            boolean literal = (b >= 33 && b <= 126 && b != '=' && (b != '.' || column > 0))
                    || ((b == ' ' || b == '\t') && !lineEnds);
            int width = literal ? 1 : 3;
            // keep room for the soft break's "=" unless this is the line's last character
            int limit = lineEnds ? MAX_LINE : MAX_LINE - 1;
            if (column + width > limit) {
                out[o++] = '=';
                out[o++] = '\r';
                out[o++] = '\n';
                column = 0;
                if (b == '.') {
                    literal = false;
                    width = 3;
                }
            }
            if (literal) {
                out[o++] = (byte) b;
            } else {
                out[o++] = '=';
                out[o++] = HEX[b >> 4];
                out[o++] = HEX[b & 0xf];
            }
            column += width;
        }
        return o;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
