package io.archipel.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.archipel.audience.csv.CsvFormat;
import io.archipel.audience.csv.CsvRow;
import io.archipel.audience.csv.CsvRows;
import io.archipel.audience.csv.CsvSniffer;
import io.archipel.audience.csv.CsvValue;
import io.archipel.audience.csv.CsvValues;
import org.junit.jupiter.api.Test;

/**
 * Reading a generated 1,000,000-row contact CSV (semicolon, UTF-8 with BOM, a few quoted cells) as the import will:
 * sniff the first 64 KB, stream the rows through {@link CsvRows} (FastCSV, every cell checked) and parse a date and a
 * mobile number (libphonenumber, to E.164) per row; beside the raw baseline of {@code BufferedReader.readLine} +
 * {@code String.split} that understands neither quotes nor encodings and parses nothing.
 * Run with {@code ./mvnw -Pbenchmark test -Dtest=CsvReadingBenchmark}.
 */
class CsvReadingBenchmark {

    static final int ROWS = 1_000_000;
    static final int PASSES = 3;

    @Test
    void readAMillionRowFile() throws IOException {
        Path file = Files.createTempFile("contacts-", ".csv");
        try {
            generate(file);
            System.out.printf("file: %,d rows, %,d bytes%n", ROWS, Files.size(file));
            double best = 0;
            double bestParseOnly = 0;
            double bestBaseline = 0;
            long sink = 0;
            for (int pass = 1; pass <= PASSES; pass++) {
                long start = System.nanoTime();
                long[] ours = ours(file, true);
                double oursRate = ROWS / ((System.nanoTime() - start) / 1e9);
                assertThat(ours[0]).isEqualTo(ROWS);
                assertThat(ours[1]).isEqualTo(ROWS);
                start = System.nanoTime();
                long[] parseOnly = ours(file, false);
                double parseOnlyRate = ROWS / ((System.nanoTime() - start) / 1e9);
                start = System.nanoTime();
                long base = baseline(file);
                double baseRate = ROWS / ((System.nanoTime() - start) / 1e9);
                assertThat(base).isEqualTo(ROWS);
                sink += ours[2] + parseOnly[2];
                System.out.printf("pass %d: sniff+CsvRows+date+mobile %,.0f rows/s, sniff+CsvRows only %,.0f rows/s, "
                        + "readLine+split %,.0f rows/s%n", pass, oursRate, parseOnlyRate, baseRate);
                best = Math.max(best, oursRate);
                bestParseOnly = Math.max(bestParseOnly, parseOnlyRate);
                bestBaseline = Math.max(bestBaseline, baseRate);
            }
            System.out.printf("%nRESULT CSV import reading (sniff + CsvRows + date + mobile) = %,.0f rows/s "
                    + "(%.1f s per million); CsvRows alone = %,.0f rows/s; readLine+split baseline = %,.0f rows/s; "
                    + "ratio ours/baseline %.2f (CsvRows alone %.2f) [sink %d]%n", best, ROWS / best, bestParseOnly,
                    bestBaseline, best / bestBaseline, bestParseOnly / bestBaseline, sink % 10);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** {rows, valid rows, checksum}. */
    static long[] ours(Path file, boolean values) throws IOException {
        CsvFormat format;
        try (InputStream in = Files.newInputStream(file)) {
            format = CsvSniffer.sniff(in);
        }
        long rows = 0;
        long valid = 0;
        long sum = 0;
        try (CsvRows csv = CsvRows.open(Files.newInputStream(file), format)) {
            for (CsvRow row : csv) {
                rows++;
                if (row.rejected()) {
                    continue;
                }
                if (values) {
                    CsvValue<java.time.LocalDate> birth = CsvValues.date(row.cell(3));
                    CsvValue<String> mobile = CsvValues.mobile(row.cell(4), "FR");
                    if (birth.isValid() && mobile.isValid()) {
                        valid++;
                        sum += birth.value().getDayOfMonth() + mobile.value().length();
                    }
                } else {
                    valid++;
                    sum += row.cells().size();
                }
            }
        }
        return new long[] {rows, valid, sum};
    }

    static long baseline(Path file) throws IOException {
        long rows = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            reader.readLine(); // header
            String line;
            while ((line = reader.readLine()) != null) {
                String[] cells = line.split(";");
                if (cells.length > 1) {
                    rows++;
                }
            }
        }
        return rows;
    }

    static void generate(Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write('\uFEFF');
            w.write("email;prénom;nom;naissance;mobile;ville;montant;optin;tags\r\n");
            for (int i = 0; i < ROWS; i++) {
                w.write("client");
                w.write(Integer.toString(i));
                w.write("@example.com;Élodie;");
                w.write((i % 10 == 0) ? "\"Durand \"\"Dudu\"\"\"" : "Durand-" + (i % 1000));
                w.write(';');
                w.write(String.format("%02d/%02d/%d", 1 + i % 28, 1 + i % 12, 1950 + i % 60));
                w.write(";06 ");
                w.write(String.format("%02d %02d %02d %02d", 12 + i % 8, (i / 100) % 100, i % 100, (i / 7) % 100));
                w.write(";Hénin-Beaumont;1 234,50;oui;vip|noël\r\n");
            }
        }
    }
}
