package io.archipel.audience.csv;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;

/**
 * Guesses the {@link CsvFormat} of an upload from its first bytes ({@link #SAMPLE_BYTES}), the way Excel and CRMs
 * write files in France:
 * <ul>
 * <li>encoding: a BOM decides (UTF-8, UTF-16 LE/BE); without one, UTF-16 is recognised by its zero bytes; then the
 * sample is UTF-8 when it decodes cleanly, or when valid multi-byte sequences outnumber invalid bytes (a UTF-8 file
 * with a few damaged bytes: those rows are rejected later rather than the whole file turned to mojibake); otherwise
 * windows-1252 (a superset of ISO-8859-1 for printable text, with € and œ at 0x80 and 0x9C);</li>
 * <li>delimiter: among {@code ;} {@code ,} tab, the one giving the most consistent cell count (above one) over the
 * sample's records, quotes respected (parsed by FastCSV); on a tie the larger count wins, so "1 234,50" in a
 * semicolon file does not make it a comma file;</li>
 * <li>header: the first row is a header when none of its cells looks like a value (digits, an @, a date) and either a
 * cell is a known column name (email, nom, prénom, mobile...) or later rows have value-like cells where the first
 * row has words; a file of one text-only row is taken as a header.</li>
 * </ul>
 */
public final class CsvSniffer {

    public static final int SAMPLE_BYTES = 64 * 1024;
    private static final int SAMPLE_RECORDS = 50;
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final char[] DELIMITERS = {';', ',', '\t'};
    private static final Pattern VALUE_LIKE = Pattern.compile(".*(\\d\\d|@).*", Pattern.DOTALL);
    private static final Set<String> KNOWN_HEADERS = Set.of("email", "e-mail", "mail", "courriel", "adresse email",
            "adresse e-mail", "nom", "prenom", "prénom", "name", "first name", "firstname", "last name", "lastname",
            "first_name", "last_name", "mobile", "portable", "telephone", "téléphone", "tel", "tél", "phone",
            "date de naissance", "birth date", "birthdate", "naissance", "ville", "city", "code postal", "postal code",
            "cp", "zip", "tags", "civilite", "civilité", "optin", "opt-in", "consentement", "consent", "magasin",
            "agence", "branch", "code agence", "branch code", "montant", "total", "fidelite", "fidélité");

    private CsvSniffer() {
    }

    /** Reads up to {@link #SAMPLE_BYTES} from {@code in} (which the caller re-opens to import) and sniffs them. */
    public static CsvFormat sniff(InputStream in) {
        try {
            return sniff(in.readNBytes(SAMPLE_BYTES));
        } catch (IOException e) {
            throw new CsvFileException(CsvFileException.Reason.IO_ERROR, 0, e.getMessage(), e);
        }
    }

    /**
     * Sniffs the first bytes of a file.
     *
     * @throws CsvFileException {@link CsvFileException.Reason#EMPTY_FILE} when there is no byte, or only blank lines
     */
    public static CsvFormat sniff(byte[] sample) {
        boolean truncated = sample.length >= SAMPLE_BYTES;
        int bomLength = 0;
        Charset charset;
        if (startsWith(sample, 0xEF, 0xBB, 0xBF)) {
            charset = StandardCharsets.UTF_8;
            bomLength = 3;
        } else if (startsWith(sample, 0xFF, 0xFE)) {
            charset = StandardCharsets.UTF_16LE;
            bomLength = 2;
        } else if (startsWith(sample, 0xFE, 0xFF)) {
            charset = StandardCharsets.UTF_16BE;
            bomLength = 2;
        } else {
            charset = guessCharset(sample, truncated);
        }
        String text = decode(sample, bomLength, charset);
        if (truncated) {
            int lastNewline = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
            if (lastNewline > 0) {
                text = text.substring(0, lastNewline);
            }
        }
        if (text.isBlank()) {
            throw new CsvFileException(CsvFileException.Reason.EMPTY_FILE, 0, "The file has no rows", null);
        }
        char delimiter = ',';
        double bestConsistency = -1;
        int bestCount = 0;
        List<List<String>> bestRecords = List.of();
        for (char d : DELIMITERS) {
            List<List<String>> records = records(text, d);
            int mode = mode(records);
            if (mode <= 1) {
                continue;
            }
            long same = records.stream().filter(r -> r.size() == mode).count();
            double consistency = (double) same / records.size();
            if (consistency > bestConsistency + 1e-9 || (Math.abs(consistency - bestConsistency) < 1e-9 && mode > bestCount)) {
                bestConsistency = consistency;
                bestCount = mode;
                delimiter = d;
                bestRecords = records;
            }
        }
        if (bestRecords.isEmpty()) {
            bestRecords = records(text, delimiter);
        }
        return new CsvFormat(charset, bomLength > 0, delimiter, looksLikeHeader(bestRecords));
    }

    static boolean looksLikeHeader(List<List<String>> records) {
        if (records.isEmpty()) {
            return false;
        }
        List<String> first = records.get(0);
        Set<String> seen = new HashSet<>();
        boolean known = false;
        for (String cell : first) {
            String c = cell.strip().toLowerCase(Locale.ROOT);
            if (c.isEmpty() || VALUE_LIKE.matcher(c).matches() || !seen.add(c)) {
                return false;
            }
            if (KNOWN_HEADERS.contains(c)) {
                known = true;
            }
        }
        if (known || records.size() == 1) {
            return true;
        }
        for (List<String> row : records.subList(1, records.size())) {
            for (int i = 0; i < Math.min(row.size(), first.size()); i++) {
                if (VALUE_LIKE.matcher(row.get(i)).matches()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<List<String>> records(String text, char delimiter) {
        List<List<String>> out = new ArrayList<>();
        try (CsvReader<CsvRecord> reader = CsvReader.builder().fieldSeparator(delimiter).skipEmptyLines(true)
                .allowUnclosedQuote(true).extraFieldStrategy(FieldMismatchStrategy.IGNORE)
                .missingFieldStrategy(FieldMismatchStrategy.IGNORE).ofCsvRecord(text)) {
            for (CsvRecord r : reader) {
                if (r.getFields().stream().allMatch(String::isBlank)) {
                    continue;
                }
                out.add(r.getFields());
                if (out.size() >= SAMPLE_RECORDS) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // a sample that cannot be parsed with this delimiter: keep what was read
        }
        return out;
    }

    private static int mode(List<List<String>> records) {
        java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
        int best = 0;
        int bestFreq = 0;
        for (List<String> r : records) {
            int n = counts.merge(r.size(), 1, Integer::sum);
            if (n > bestFreq || (n == bestFreq && r.size() > best)) {
                bestFreq = n;
                best = r.size();
            }
        }
        return best;
    }

    private static Charset guessCharset(byte[] b, boolean truncated) {
        // UTF-16 without BOM: ASCII text has a zero byte every other byte
        int evenZeros = 0;
        int oddZeros = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                if ((i & 1) == 0) {
                    evenZeros++;
                } else {
                    oddZeros++;
                }
            }
        }
        int pairs = b.length / 2;
        if (pairs >= 2 && oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) {
            return StandardCharsets.UTF_16LE;
        }
        if (pairs >= 2 && evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) {
            return StandardCharsets.UTF_16BE;
        }
        int valid = 0;
        int invalid = 0;
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int extra = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : -1;
            if (extra < 0) {
                invalid++;
                i++;
                continue;
            }
            if (truncated && i + extra >= b.length) {
                break; // a sequence cut by the end of the sample
            }
            boolean ok = i + extra < b.length;
            for (int k = 1; ok && k <= extra; k++) {
                ok = (b[i + k] & 0xC0) == 0x80;
            }
            if (ok) {
                valid++;
                i += extra + 1;
            } else {
                invalid++;
                i++;
            }
        }
        return invalid == 0 || valid > invalid ? StandardCharsets.UTF_8 : WINDOWS_1252;
    }

    private static String decode(byte[] sample, int offset, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer out = CharBuffer.allocate(sample.length + 16);
        decoder.decode(ByteBuffer.wrap(sample, offset, sample.length - offset), out, true);
        decoder.flush(out);
        out.flip();
        return out.toString();
    }

    private static boolean startsWith(byte[] b, int... prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
