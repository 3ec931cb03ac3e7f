package io.archipel.shared.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.archipel.audience.csv.CsvFormat;
import io.archipel.audience.csv.CsvRow;
import io.archipel.audience.csv.CsvRows;
import io.archipel.audience.csv.CsvSniffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvExportTest {

    @ParameterizedTest
    @ValueSource(strings = {"=1+1", "+33612345678", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "  =HYPERLINK(\"x\")", "＝1+1"})
    void formulaLikeCellsArePrefixedWithAnApostrophe(String cell) {
        assertThat(CsvExport.neutralise(cell)).isEqualTo("'" + cell);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Durand", "a=b", "1+1", "x@example.com", "Saint-Étienne", "'déjà", "-12", "-3.5", "-4,2 %"})
    void ordinaryCellsAreLeftAlone(String cell) {
        assertThat(CsvExport.neutralise(cell)).isEqualTo(cell);
    }

    @Test
    void writesUtf8WithBomCrlfAndQuotesOnlyWhenNeeded() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CsvExport export = CsvExport.open(out, ';')) {
            export.writeRow("email", "nom", "note", "mobile");
            export.writeRow("a@example.com", "Hénin; Beaumont", "il a dit \"oui\"\nhier", "+33612345678");
            export.writeRow(java.util.Arrays.asList("b@example.com", null, "=cmd|' /C calc'!A0", ""));
        }
        byte[] bytes = out.toByteArray();
        assertThat(bytes).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
        String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        assertThat(text).isEqualTo("email;nom;note;mobile\r\n"
                + "a@example.com;\"Hénin; Beaumont\";\"il a dit \"\"oui\"\"\nhier\";'+33612345678\r\n"
                + "b@example.com;;'=cmd|' /C calc'!A0;\r\n");

        // and what we export, we read back identically (BOM, delimiter and header detected)
        CsvFormat format = CsvSniffer.sniff(bytes);
        assertThat(format).isEqualTo(new CsvFormat(StandardCharsets.UTF_8, true, ';', true));
        List<CsvRow> rows = new ArrayList<>();
        try (CsvRows read = CsvRows.open(new ByteArrayInputStream(bytes), format)) {
            read.forEach(rows::add);
        }
        assertThat(rows).extracting(CsvRow::cells).containsExactly(
                List.of("a@example.com", "Hénin; Beaumont", "il a dit \"oui\"\nhier", "'+33612345678"),
                List.of("b@example.com", "", "'=cmd|' /C calc'!A0", ""));
    }

    @Test
    void commaDelimiterForEnglishExcel() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CsvExport export = CsvExport.open(out, ',')) {
            export.writeRow("1 234,50", "a;b");
        }
        assertThat(new String(out.toByteArray(), StandardCharsets.UTF_8)).isEqualTo("\uFEFF\"1 234,50\",a;b\r\n");
    }
}
