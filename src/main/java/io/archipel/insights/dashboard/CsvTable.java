package io.archipel.insights.dashboard;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import de.siegmar.fastcsv.writer.QuoteStrategies;

/**
 * Writes a dashboard table as CSV with FastCSV (the library of the contact export): UTF-8 with a BOM, {@code ,}
 * between cells, every cell quoted (RFC 4180), CRLF line ends, and every cell a spreadsheet would run as a formula
 * (starting with {@code = + - @}, tab or CR, after optional spaces; full-width forms too) prefixed with an apostrophe.
 */
public final class CsvTable {

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private CsvTable() {
    }

    public static void write(OutputStream out, List<String> header, List<List<String>> rows) throws IOException {
        out.write(UTF8_BOM);
        CsvWriter writer = CsvWriter.builder().fieldSeparator(',').quoteCharacter('"')
                .quoteStrategy(QuoteStrategies.ALWAYS).lineDelimiter(LineDelimiter.CRLF)
                .build(out, StandardCharsets.UTF_8);
        writer.writeRecord(safe(header));
        for (List<String> row : rows) {
            writer.writeRecord(safe(row));
        }
        writer.flush();
    }

    static List<String> safe(List<String> cells) {
        List<String> out = new ArrayList<>(cells.size());
        for (String c : cells) {
            out.add(neutralise(c));
        }
        return out;
    }

    /** The cell made safe to open in a spreadsheet: null becomes "", a formula-like start gets a leading apostrophe. */
    public static String neutralise(String cell) {
        if (cell == null || cell.isEmpty()) {
            return "";
        }
        int i = 0;
        while (i < cell.length() && cell.charAt(i) == ' ') {
            i++;
        }
        if (i < cell.length()) {
            char c = cell.charAt(i);
            if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'
                    || c == '\uFF1D' || c == '\uFF0B' || c == '\uFF0D' || c == '\uFF20') {
                return "'" + cell;
            }
        }
        return cell;
    }
}
