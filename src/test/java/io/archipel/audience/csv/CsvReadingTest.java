package io.archipel.audience.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The hostile corpus of issue 4, generated here: each file gets a detected format and asserted rows / rejections. */
class CsvReadingTest {

    static final Charset CP1252 = Charset.forName("windows-1252");

    record Result(CsvFormat format, List<String> header, List<CsvRow> rows) {
        List<CsvRow> accepted() {
            return rows.stream().filter(r -> !r.rejected()).toList();
        }

        List<CsvRow> rejected() {
            return rows.stream().filter(CsvRow::rejected).toList();
        }
    }

    static Result read(byte[] bytes) {
        CsvFormat format = CsvSniffer.sniff(new ByteArrayInputStream(bytes));
        try (CsvRows rows = CsvRows.open(new ByteArrayInputStream(bytes), format)) {
            List<CsvRow> list = new ArrayList<>();
            rows.forEach(list::add);
            assertThat(rows.rowsRead()).isEqualTo(list.size());
            assertThat(rows.rowsRejected()).isEqualTo(list.stream().filter(CsvRow::rejected).count());
            return new Result(format, rows.header(), list);
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void utf8WithBom() {
        Result r = read(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                utf8("email;prénom;nom\r\nelodie@example.com;Élodie;Hénin\r\nzoe@example.com;Zoé;Müller\r\n")));
        assertThat(r.format()).isEqualTo(new CsvFormat(StandardCharsets.UTF_8, true, ';', true));
        assertThat(r.header()).containsExactly("email", "prénom", "nom");
        assertThat(r.rows()).extracting(CsvRow::cells).containsExactly(
                List.of("elodie@example.com", "Élodie", "Hénin"), List.of("zoe@example.com", "Zoé", "Müller"));
        assertThat(r.rows()).extracting(CsvRow::lineNumber).containsExactly(2L, 3L);
    }

    @Test
    void utf16LittleEndianWithBom() {
        byte[] body = "Email\tPrénom\r\nelodie@example.com\tÉlodie\r\n".getBytes(StandardCharsets.UTF_16LE);
        Result r = read(concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, body));
        assertThat(r.format()).isEqualTo(new CsvFormat(StandardCharsets.UTF_16LE, true, '\t', true));
        assertThat(r.header()).containsExactly("Email", "Prénom");
        assertThat(r.rows()).singleElement().extracting(CsvRow::cells).isEqualTo(List.of("elodie@example.com", "Élodie"));
    }

    @Test
    void utf16WithoutBomIsRecognisedByItsZeroBytes() {
        Result r = read("email,ville\nzoe@example.com,Nîmes\n".getBytes(StandardCharsets.UTF_16BE));
        assertThat(r.format().charset()).isEqualTo(StandardCharsets.UTF_16BE);
        assertThat(r.format().bom()).isFalse();
        assertThat(r.rows()).singleElement().extracting(CsvRow::cells).isEqualTo(List.of("zoe@example.com", "Nîmes"));
    }

    @Test
    void windows1252FrenchTextWithoutHeader() {
        Result r = read("Élodie;Hénin-Beaumont;15/03/1985;1 234,50\r\nŒdipe;Saint-Étienne;01/02/1970;12,00 €\r\n"
                .getBytes(CP1252));
        assertThat(r.format()).isEqualTo(new CsvFormat(CP1252, false, ';', false));
        assertThat(r.header()).isEmpty();
        assertThat(r.rows()).extracting(CsvRow::cells).containsExactly(
                List.of("Élodie", "Hénin-Beaumont", "15/03/1985", "1 234,50"),
                List.of("Œdipe", "Saint-Étienne", "01/02/1970", "12,00 €"));
        assertThat(CsvValues.amount(r.rows().get(0).cell(3)).value()).isEqualByComparingTo("1234.50");
    }

    @Test
    void invalidUtf8BytesInAUtf8FileRejectOnlyTheirRow() {
        byte[] file = concat(utf8("email,ville\nanne@example.com,Orléans\nbob@example.com,H"), new byte[] {(byte) 0xE9},
                utf8("nin\ncloe@example.com,Besançon\n"));
        Result r = read(file);
        assertThat(r.format()).isEqualTo(new CsvFormat(StandardCharsets.UTF_8, false, ',', true));
        assertThat(r.accepted()).extracting(row -> row.cell(1)).containsExactly("Orléans", "Besançon");
        assertThat(r.rejected()).singleElement().satisfies(row -> {
            assertThat(row.lineNumber()).isEqualTo(3);
            assertThat(row.rejection().reason()).isEqualTo(CsvRejection.Reason.INVALID_ENCODING);
            assertThat(row.cell(0)).isEqualTo("bob@example.com");
        });
    }

    @Test
    void embeddedNewlinesQuotesAndDelimitersInsideQuotes() {
        Result r = read(utf8("email,note,ville\n"
                + "a@example.com,\"ligne 1\nligne 2\",Lyon\n"
                + "b@example.com,\"il a dit \"\"bonjour\"\", puis, partit\",Paris\n"
                + "c@example.com,simple,Nice\n"));
        assertThat(r.format().delimiter()).isEqualTo(',');
        assertThat(r.rows()).extracting(CsvRow::cells).containsExactly(
                List.of("a@example.com", "ligne 1\nligne 2", "Lyon"),
                List.of("b@example.com", "il a dit \"bonjour\", puis, partit", "Paris"),
                List.of("c@example.com", "simple", "Nice"));
        assertThat(r.rows()).extracting(CsvRow::lineNumber).containsExactly(2L, 4L, 5L);
        assertThat(r.rejected()).isEmpty();
    }

    @Test
    void raggedRowsAreRejectedButTrailingEmptyCellsAreTolerated() {
        Result r = read(utf8("email;nom;ville\n"
                + "a@example.com;Durand;Lyon\n"
                + "b@example.com;Martin\n"
                + "c@example.com;Petit;Nice;;\n"
                + "d@example.com;Roux;Paris;en trop\n"));
        assertThat(r.rows()).hasSize(4);
        assertThat(r.accepted()).extracting(CsvRow::cells).containsExactly(
                List.of("a@example.com", "Durand", "Lyon"), List.of("c@example.com", "Petit", "Nice"));
        assertThat(r.rejected()).extracting(CsvRow::lineNumber).containsExactly(3L, 5L);
        assertThat(r.rejected()).allSatisfy(row -> assertThat(row.rejection().reason()).isEqualTo(CsvRejection.Reason.WRONG_CELL_COUNT));
        assertThat(r.rejected().get(0).rejection().detail()).isEqualTo("row has 2 cells, expected 3");
    }

    @Test
    void semicolonFileWithCommasInValues() {
        Result r = read(utf8("Nom;Montant;Tags\nDurand;1 234,50;vip,noel\nMartin;12,00;\"a;b\"\nPetit;0,99;x\n"));
        assertThat(r.format()).isEqualTo(new CsvFormat(StandardCharsets.UTF_8, false, ';', true));
        assertThat(r.rows()).extracting(CsvRow::cells).containsExactly(
                List.of("Durand", "1 234,50", "vip,noel"), List.of("Martin", "12,00", "a;b"), List.of("Petit", "0,99", "x"));
    }

    @Test
    void nulBytesRejectTheRowAndAreRemovedFromTheKeptCells() {
        Result r = read(utf8("email,nom\na@example.com,Du\0rand\nb@example.com,Martin\n"));
        assertThat(r.rejected()).singleElement().satisfies(row -> {
            assertThat(row.rejection().reason()).isEqualTo(CsvRejection.Reason.NUL_CHARACTER);
            assertThat(row.cells()).containsExactly("a@example.com", "Durand");
        });
        assertThat(r.accepted()).singleElement().extracting(CsvRow::cells).isEqualTo(List.of("b@example.com", "Martin"));
    }

    @Test
    void aHundredKilobyteCellRejectsItsRowOnly() {
        String huge = "x".repeat(100_000);
        Result r = read(utf8("email,note\na@example.com,\"" + huge + "\"\nb@example.com," + huge + "\nc@example.com,ok\n"));
        assertThat(r.rejected()).hasSize(2).allSatisfy(row -> {
            assertThat(row.rejection().reason()).isEqualTo(CsvRejection.Reason.CELL_TOO_LONG);
            assertThat(row.cell(1)).hasSize(CsvRows.MAX_CELL_LENGTH);
        });
        assertThat(r.accepted()).singleElement().extracting(CsvRow::cells).isEqualTo(List.of("c@example.com", "ok"));
    }

    @Test
    void anUnclosedQuoteStopsTheFileWithTheLineWhereItStarted() {
        byte[] file = utf8("email,note\na@example.com,ok\nb@example.com,\"never closed\nc@example.com,x\n");
        CsvFormat format = CsvSniffer.sniff(file);
        List<CsvRow> seen = new ArrayList<>();
        try (CsvRows rows = CsvRows.open(new ByteArrayInputStream(file), format)) {
            assertThatThrownBy(() -> rows.forEach(seen::add)).isInstanceOfSatisfying(CsvFileException.class, e -> {
                assertThat(e.reason()).isEqualTo(CsvFileException.Reason.MALFORMED);
                assertThat(e.lineNumber()).isEqualTo(3);
            });
        }
        assertThat(seen).extracting(CsvRow::lineNumber).containsExactly(2L);
    }

    @Test
    void formulaCellsAreReadAsPlainText() {
        Result r = read(utf8("email,nom\na@example.com,=HYPERLINK(\"http://evil\")\nb@example.com,+33612345678\n"));
        assertThat(r.rows()).extracting(row -> row.cell(1)).containsExactly("=HYPERLINK(\"http://evil\")", "+33612345678");
    }

    @Test
    void anEmptyFileIsRefusedAsSuch() {
        for (byte[] empty : List.of(new byte[0], utf8("\r\n\r\n  \n"), new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF})) {
            assertThatThrownBy(() -> CsvSniffer.sniff(empty)).isInstanceOfSatisfying(CsvFileException.class,
                    e -> assertThat(e.reason()).isEqualTo(CsvFileException.Reason.EMPTY_FILE));
        }
    }

    @Test
    void aHeaderOnlyFileHasAHeaderAndNoRow() {
        Result r = read(utf8("email;prénom;nom;mobile\r\n"));
        assertThat(r.format()).isEqualTo(new CsvFormat(StandardCharsets.UTF_8, false, ';', true));
        assertThat(r.header()).containsExactly("email", "prénom", "nom", "mobile");
        assertThat(r.rows()).isEmpty();
    }

    @Test
    void blankLinesAndBlankRowsAreSkippedAndCounted() {
        byte[] file = utf8("email,nom\n\na@example.com,Durand\n , \nb@example.com,Martin\n");
        try (CsvRows rows = CsvRows.open(new ByteArrayInputStream(file), CsvSniffer.sniff(file))) {
            assertThat(rows.stream().map(CsvRow::lineNumber).toList()).containsExactly(3L, 5L);
            assertThat(rows.blankRowsSkipped()).isEqualTo(1);
        }
    }

    @Test
    void headerIsDetectedFromValuesBelowUnknownColumnNames() {
        assertThat(CsvSniffer.sniff(utf8("Client,Adresse\nDurand,12 rue Haute\n")).header()).isTrue();
        assertThat(CsvSniffer.sniff(utf8("Durand,Jean\nMartin,Paul\n")).header()).isFalse();
        assertThat(CsvSniffer.sniff(utf8("a@example.com,Jean\nb@example.com,Paul\n")).header()).isFalse();
    }

    @Test
    void twoHundredThousandRowsStreamWithoutBeingHeldInMemory() {
        int total = 200_000;
        long[] count = {0};
        long[] lastLine = {0};
        try (InputStream in = new GeneratedCsv(total); CsvRows rows = CsvRows.open(new GeneratedCsv(total),
                CsvSniffer.sniff(in))) {
            assertThat(rows.header()).containsExactly("email", "prenom", "nom", "naissance", "mobile");
            for (CsvRow row : rows) {
                if (!row.rejected()) {
                    count[0]++;
                }
                lastLine[0] = row.lineNumber();
            }
            assertThat(rows.rowsRead()).isEqualTo(total);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(count[0]).isEqualTo(total);
        assertThat(lastLine[0]).isEqualTo(total + 1);
    }

    /** A CSV produced on the fly, row by row: the whole file never exists in memory. */
    static final class GeneratedCsv extends InputStream {
        private final int rows;
        private int next = -1;
        private byte[] current = new byte[0];
        private int pos;

        GeneratedCsv(int rows) {
            this.rows = rows;
        }

        @Override
        public int read() {
            if (pos == current.length) {
                if (next >= rows) {
                    return -1;
                }
                current = next < 0 ? utf8("email;prenom;nom;naissance;mobile\r\n")
                        : utf8("client" + next + "@example.com;Élodie;Durand-" + next + ";"
                                + (1 + next % 28) + "/" + (1 + next % 12) + "/19" + (50 + next % 50) + ";06 12 34 "
                                + String.format("%02d %02d", (next / 100) % 100, next % 100) + "\r\n");
                next++;
                pos = 0;
            }
            return current[pos++] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = 0;
            while (n < len) {
                int c = read();
                if (c < 0) {
                    return n == 0 ? -1 : n;
                }
                b[off + n++] = (byte) c;
            }
            return n;
        }
    }
}
