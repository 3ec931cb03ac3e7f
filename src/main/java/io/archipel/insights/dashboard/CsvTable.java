package io.archipel.insights.dashboard;

import java.io.OutputStream;
import java.util.List;

import io.archipel.shared.csv.CsvExport;

/**
 * Writes a dashboard table as CSV through the shared {@link CsvExport} (FastCSV): UTF-8 with a BOM, {@code ,} between
 * cells, every cell quoted (RFC 4180), CRLF line ends, formula-like cells prefixed with an apostrophe.
 */
public final class CsvTable {

    private CsvTable() {
    }

    public static void write(OutputStream out, List<String> header, List<List<String>> rows) {
        try (CsvExport csv = CsvExport.openQuotingEveryCell(out)) {
            csv.writeRow(header);
            for (List<String> row : rows) {
                csv.writeRow(row);
            }
        }
    }
}
