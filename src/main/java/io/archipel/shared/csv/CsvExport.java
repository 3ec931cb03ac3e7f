package io.archipel.shared.csv;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import de.siegmar.fastcsv.writer.QuoteStrategies;

/**
 * Writes a CSV for Excel: UTF-8 with a BOM (so Excel reads accents right), CRLF line ends, cells quoted only when
 * needed (delimiter, quote, newline), and every cell that a spreadsheet would run as a formula, i.e. starting with
 * {@code = + - @}, tab or CR (after optional spaces), prefixed with an apostrophe (OWASP "CSV injection"). Phone
 * numbers in E.164 thus come out as {@code '+33612345678}, which Excel shows as text instead of a mangled number.
 * A plain negative number ({@code -12}, {@code -3.5}, {@code -4,2 %}) stays a number: nothing runs from it.
 * Use {@code ';'} as delimiter for French Excel, {@code ','} otherwise. Shared by the contact export and the insights
 * dashboards' exports.
 */
public final class CsvExport implements Closeable, Flushable {

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final Pattern NEGATIVE_NUMBER = Pattern.compile("-\\d+([.,\\u202F\\u00A0 ]\\d+)*( ?%)?");

    private final CsvWriter writer;

    private CsvExport(OutputStream out, char delimiter, boolean quoteEveryCell) {
        try {
            out.write(UTF8_BOM);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.writer = CsvWriter.builder().fieldSeparator(delimiter).quoteCharacter('"')
                .quoteStrategy(quoteEveryCell ? QuoteStrategies.ALWAYS : QuoteStrategies.REQUIRED).lineDelimiter(LineDelimiter.CRLF)
                .build(out, StandardCharsets.UTF_8);
    }

    /** Starts an export on {@code out} (closed with this writer). */
    public static CsvExport open(OutputStream out, char delimiter) {
        if (delimiter != ',' && delimiter != ';' && delimiter != '\t') {
            throw new IllegalArgumentException("delimiter must be , ; or tab");
        }
        return new CsvExport(out, delimiter, false);
    }

    /** Starts an export with {@code ,} between cells and every cell quoted (RFC 4180), for tables read by tools. */
    public static CsvExport openQuotingEveryCell(OutputStream out) {
        return new CsvExport(out, ',', true);
    }

    public CsvExport writeRow(List<String> cells) {
        List<String> safe = new ArrayList<>(cells.size());
        for (String cell : cells) {
            safe.add(neutralise(cell));
        }
        writer.writeRecord(safe);
        return this;
    }

    public CsvExport writeRow(String... cells) {
        return writeRow(List.of(cells));
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
            if (c == '-' && NEGATIVE_NUMBER.matcher(cell).matches()) {
                return cell;
            }
            if (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'
                    || c == '\uFF1D' || c == '\uFF0B' || c == '\uFF0D' || c == '\uFF20') {
                return "'" + cell;
            }
        }
        return cell;
    }

    @Override
    public void flush() {
        try {
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
