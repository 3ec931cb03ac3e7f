package io.archipel.audience.imports;

import static io.archipel.audience.ContactImports.Target.CITY;
import static io.archipel.audience.ContactImports.Target.EMAIL;
import static io.archipel.audience.ContactImports.Target.FIRST_NAME;
import static io.archipel.audience.ContactImports.Target.LAST_NAME;
import static io.archipel.audience.ContactImports.Target.TOTAL_SPEND;
import static io.archipel.audience.imports.ImportFixtures.mapping;
import static io.archipel.audience.imports.ImportFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.archipel.audience.ContactImportService;
import io.archipel.audience.ContactImports.ImportException;
import io.archipel.audience.ContactImports.Progress;
import io.archipel.audience.ContactImports.Rejection;
import io.archipel.audience.ContactImports.Report;
import io.archipel.audience.ContactImports.Staged;
import io.archipel.audience.ContactImports.Status;
import io.archipel.audience.ContactService;
import io.archipel.audience.Contacts.Contact;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The "bad input" corpus of issue 4: every hostile file gets a clear outcome (refused at upload with a reason, or
 * imported with its bad rows rejected one by one), and rows in = created + updated + rejected holds.
 */
@ArchipelTest
class HostileCorpusTest {

    private static final String LYON = Personas.BRANCH_MANAGER;

    @Autowired
    ContactImportService imports;
    @Autowired
    ContactService contacts;
    @Autowired
    BranchService branches;
    @Autowired
    Personas personas;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    ImportRepository repository;

    ImportFixtures f;
    UUID lyon;

    @BeforeEach
    void fixtures() {
        f = new ImportFixtures(imports, branches, personas, jdbc, tx, repository);
        lyon = f.branch("LYO-01");
    }

    static void assertInvariant(Progress p) {
        assertThat(p.rowsProcessed()).as("rows in = created + updated + rejected")
                .isEqualTo(p.created() + p.updated() + p.rejected());
    }

    Report report(UUID importId) {
        return personas.callAs(LYON, () -> imports.report(importId));
    }

    static List<String> reasons(Report r) {
        return r.firstRejections().stream().map(x -> x.lineNumber() + ":" + x.reasonKey()).toList();
    }

    Contact contact(String email) {
        UUID id = f.inTenant(() -> jdbc.queryForObject("select id from contact where tenant_id = ? and branch_id = ? "
                + "and lower(email) = lower(?) and erased_at is null", UUID.class, f.tenant(), lyon, email));
        return personas.callAs(LYON, () -> contacts.get(id));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    Progress run(Staged s, io.archipel.audience.ContactImports.Target... targets) {
        Progress p = f.startAndWait(LYON, s.importId(), mapping(null, targets));
        assertInvariant(p);
        return p;
    }

    @Test
    void utf8WithBom() {
        String e = "bom." + unique() + "@example.com";
        byte[] bytes = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                ("email;prénom\n" + e + ";Léa\n").getBytes(StandardCharsets.UTF_8));
        Staged s = f.stage(LYON, lyon, "bom.csv", bytes);
        assertThat(s.header()).containsExactly("email", "prénom");
        Progress p = run(s, EMAIL, FIRST_NAME);
        assertThat(p.created()).isEqualTo(1);
        assertThat(contact(e).firstName()).isEqualTo("Léa");
    }

    @Test
    void utf16IsDecoded() {
        String e = "utf16." + unique() + "@example.com";
        String text = "email;prénom;ville\r\n" + e + ";Zoé;Besançon\r\n";
        for (Charset cs : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
            byte[] bom = cs == StandardCharsets.UTF_16LE ? new byte[] {(byte) 0xFF, (byte) 0xFE}
                    : new byte[] {(byte) 0xFE, (byte) 0xFF};
            String email = cs.name().toLowerCase(Locale.ROOT) + e;
            Staged s = f.stage(LYON, lyon, "utf16.csv", concat(bom, text.replace(e, email).getBytes(cs)));
            assertThat(s.format().charset()).isEqualTo(cs);
            Progress p = run(s, EMAIL, FIRST_NAME, CITY);
            assertThat(p.created()).isEqualTo(1);
            assertThat(contact(email).city()).isEqualTo("Besançon");
        }
    }

    @Test
    void invalidUtf8BytesRejectTheirRowOnly() {
        String u = unique();
        byte[] bytes = concat(("email;nom\nok1." + u + "@example.com;Hénin-Beaumont Élodie Bérénice Noëlle\nbad." + u
                + "@example.com;H")
                .getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xE9, (byte) 0xFF},
                ("nin\nok2." + u + "@example.com;Noël\n").getBytes(StandardCharsets.UTF_8));
        Staged s = f.stage(LYON, lyon, "damaged.csv", bytes);
        assertThat(s.format().charset()).isEqualTo(StandardCharsets.UTF_8);
        Progress p = run(s, EMAIL, LAST_NAME);
        assertThat(p.created()).isEqualTo(2);
        assertThat(p.rejected()).isEqualTo(1);
        assertThat(reasons(report(s.importId()))).containsExactly("3:" + ImportKeys.ENCODING);
        assertThat(contact("ok2." + u + "@example.com").lastName()).isEqualTo("Noël");
    }

    @Test
    void embeddedNewlinesAndQuotesKeepLineNumbersRight() {
        String u = unique();
        String csv = "email;nom;ville\n"
                + "q1." + u + "@example.com;\"Dupont \"\"le Grand\"\"\";\"Lyon\n3e arrondissement\"\n"
                + "not-an-email;x;y\n"
                + "q2." + u + "@example.com;\"a;b\";c\n";
        Staged s = f.stage(LYON, lyon, csv);
        Progress p = run(s, EMAIL, LAST_NAME, CITY);
        assertThat(p.created()).isEqualTo(2);
        assertThat(p.rejected()).isEqualTo(1);
        assertThat(reasons(report(s.importId()))).as("the quoted newline counts as a line of the file")
                .containsExactly("4:" + ImportKeys.EMAIL);
        Contact c = contact("q1." + u + "@example.com");
        assertThat(c.lastName()).isEqualTo("Dupont \"le Grand\"");
        assertThat(c.city()).isEqualTo("Lyon\n3e arrondissement");
        assertThat(contact("q2." + u + "@example.com").lastName()).isEqualTo("a;b");
    }

    @Test
    void raggedRowsAreRejectedExceptTrailingEmptyCells() {
        String u = unique();
        String csv = "email;prenom;nom\n"
                + "r1." + u + "@example.com;A;B\n"
                + "r2." + u + "@example.com;A;B;extra\n"
                + "r3." + u + "@example.com;A\n"
                + "r4." + u + "@example.com;A;B;;\n";
        Staged s = f.stage(LYON, lyon, csv);
        Progress p = run(s, EMAIL, FIRST_NAME, LAST_NAME);
        assertThat(p.created()).isEqualTo(2);
        assertThat(p.rejected()).isEqualTo(2);
        Report r = report(s.importId());
        assertThat(reasons(r)).containsExactly("3:" + ImportKeys.CELL_COUNT, "4:" + ImportKeys.CELL_COUNT);
        assertThat(r.firstRejections().get(0).reasonArgs()).containsExactly("4", "3");
    }

    @Test
    void semicolonFileWithCommasInValues() {
        String u = unique();
        String csv = "email;nom;ca;ville\n"
                + "s1." + u + "@example.com;Dupont, Jean;1 234,50;Lyon\n"
                + "s2." + u + "@example.com;Martin, Marie;99,90;Paris, 8e\n";
        Staged s = f.stage(LYON, lyon, csv);
        assertThat(s.format().delimiter()).isEqualTo(';');
        Progress p = run(s, EMAIL, LAST_NAME, TOTAL_SPEND, CITY);
        assertThat(p.created()).isEqualTo(2);
        Contact c = contact("s1." + u + "@example.com");
        assertThat(c.lastName()).isEqualTo("Dupont, Jean");
        assertThat(c.totalSpend()).isEqualByComparingTo("1234.50");
        assertThat(contact("s2." + u + "@example.com").city()).isEqualTo("Paris, 8e");
    }

    @Test
    void nulBytesRejectTheirRow() {
        String u = unique();
        String csv = "email;nom\nn1." + u + "@example.com;A\u0000B\nn2." + u + "@example.com;Clean\n";
        Staged s = f.stage(LYON, lyon, "nul.csv", csv.getBytes(StandardCharsets.UTF_8));
        Progress p = run(s, EMAIL, LAST_NAME);
        assertThat(p.created()).isEqualTo(1);
        assertThat(reasons(report(s.importId()))).containsExactly("2:" + ImportKeys.NUL);
    }

    @Test
    void aHundredKilobyteCellRejectsItsRow() {
        String u = unique();
        String csv = "email;nom\nbig." + u + "@example.com;" + "x".repeat(100_000) + "\nsmall." + u + "@example.com;ok\n";
        Staged s = f.stage(LYON, lyon, csv);
        assertThat(s.sampleRows().get(0).get(1)).hasSizeLessThan(300);
        Progress p = run(s, EMAIL, LAST_NAME);
        assertThat(p.created()).isEqualTo(1);
        assertThat(reasons(report(s.importId()))).containsExactly("2:" + ImportKeys.CELL_TOO_LONG);
    }

    @Test
    void formulaCellsAreStoredAsTextAndNeutralisedInTheRejectedRows() {
        String u = unique();
        String csv = "email;nom\n"
                + "f1." + u + "@example.com;=HYPERLINK(\"http://evil.example\",\"x\")\n"
                + "=cmd|' /C calc'!A0;@SUM(1+1)\n"
                + "+33612345678;-2+3\n";
        Staged s = f.stage(LYON, lyon, csv);
        Progress p = run(s, EMAIL, LAST_NAME);
        assertThat(p.created()).isEqualTo(1);
        assertThat(p.rejected()).isEqualTo(2);
        assertThat(contact("f1." + u + "@example.com").lastName()).isEqualTo("=HYPERLINK(\"http://evil.example\",\"x\")");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        personas.runAs(LYON, () -> imports.writeRejectedRows(s.importId(), Locale.ENGLISH, out));
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("'=cmd|' /C calc'!A0;'@SUM(1+1);").contains("'+33612345678;'-2+3;");
        assertThat(text).doesNotContain("\n=").doesNotContain(";=").doesNotContain("\n+").doesNotContain(";@");
    }

    @Test
    void emptyBlankAndBinaryFilesAreRefusedAtUpload() {
        assertThatThrownBy(() -> f.stage(LYON, lyon, "empty.csv", new byte[0])).isInstanceOf(ImportException.class)
                .extracting("messageKey").isEqualTo(ImportKeys.FILE_EMPTY);
        assertThatThrownBy(() -> f.stage(LYON, lyon, "blank.csv", "\r\n\n   \n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ImportException.class).extracting("messageKey").isEqualTo(ImportKeys.FILE_EMPTY);
        byte[] png = concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, new byte[2000]);
        assertThatThrownBy(() -> f.stage(LYON, lyon, "photo.csv", png)).isInstanceOf(ImportException.class)
                .extracting("messageKey").isEqualTo(ImportKeys.FILE_BINARY);
        byte[] xlsx = concat(new byte[] {'P', 'K', 3, 4}, new byte[500]);
        assertThatThrownBy(() -> f.stage(LYON, lyon, "contacts.xlsx", xlsx)).isInstanceOf(ImportException.class)
                .extracting("messageKey").isEqualTo(ImportKeys.FILE_SPREADSHEET);
        byte[] noise = new byte[4096];
        new java.util.Random(42).nextBytes(noise);
        assertThatThrownBy(() -> f.stage(LYON, lyon, "noise.csv", noise)).isInstanceOf(ImportException.class);
        assertThat(personas.callAs(LYON, () -> imports.recent(lyon, 200))).extracting(Progress::fileName)
                .as("nothing is kept of a refused upload").doesNotContain("empty.csv", "photo.csv", "noise.csv");
    }

    @Test
    void aHeaderOnlyFileCompletesWithZeroRows() {
        Staged s = f.stage(LYON, lyon, "email;prénom;nom\r\n");
        assertThat(s.header()).containsExactly("email", "prénom", "nom");
        assertThat(s.sampleRows()).isEmpty();
        Progress p = run(s, EMAIL, FIRST_NAME, LAST_NAME);
        assertThat(p.status()).isEqualTo(Status.COMPLETED);
        assertThat(p.rowsProcessed()).isZero();
        assertThat(p.rowsTotal()).isZero();
    }

    @Test
    void anUnclosedQuoteStopsTheImportSayingWhereAfterApplyingTheRowsBefore() {
        String u = unique();
        StringBuilder csv = new StringBuilder("email;nom\n");
        for (int i = 0; i < 12; i++) { // past the 10 preview rows, which the upload reads
            csv.append("u").append(i).append('.').append(u).append("@example.com;A\n");
        }
        csv.append("open.").append(u).append("@example.com;\"never closed\nlast.").append(u).append("@example.com;C\n");
        csv.append("x".repeat(2_000_000)); // the open quote swallows more than the reader's buffer
        Staged s = f.stage(LYON, lyon, csv.toString());
        Progress p = f.startAndWait(LYON, s.importId(), mapping(null, EMAIL, LAST_NAME));
        assertThat(p.status()).isEqualTo(Status.FAILED);
        assertThat(p.failureMessageKey()).isEqualTo(ImportKeys.JOB_MALFORMED);
        assertThat(p.failureArgs()).containsExactly("14");
        assertThat(p.created()).isEqualTo(12);
        assertThat(p.lastAppliedLine()).isEqualTo(13);
        assertInvariant(p);
    }

    @Test
    void aTwoHundredThousandRowFileIsStreamedAndFullyAccountedFor() throws IOException {
        String u = unique();
        int rows = 200_000;
        Path file = Files.createTempFile("import-200k-", ".csv");
        try {
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                w.write("Courriel;Prénom;Nom;Ville;CA\r\n");
                for (int i = 0; i < rows; i++) {
                    String email = i % 1000 == 999 ? "broken-" + i : "r" + i + "." + u + "@example.com";
                    w.write(email + ";Prénom" + i + ";Nom" + i + ";Lyon;" + (i % 500) + ",50\r\n");
                }
            }
            Staged s;
            try (InputStream in = Files.newInputStream(file)) {
                s = personas.callAs(LYON, () -> imports.stage(lyon, "big.csv", in));
            }
            assertThat(s.sizeBytes()).isEqualTo(Files.size(file));
            Progress p = f.startAndWait(LYON, s.importId(), mapping(null, EMAIL, FIRST_NAME, LAST_NAME, CITY,
                    TOTAL_SPEND));
            assertThat(p.status()).isEqualTo(Status.COMPLETED);
            assertThat(p.rowsTotal()).isEqualTo(rows);
            assertThat(p.rowsProcessed()).isEqualTo(rows);
            assertThat(p.rejected()).isEqualTo(rows / 1000);
            assertThat(p.created()).isEqualTo(rows - rows / 1000);
            assertThat(p.lastAppliedLine()).isEqualTo(rows + 1);
            assertInvariant(p);
            assertThat(f.count("select count(*) from contact where tenant_id = ? and import_id = ?", f.tenant(),
                    s.importId())).isEqualTo(p.created());
            List<Rejection> first = report(s.importId()).firstRejections();
            assertThat(first.get(0).lineNumber()).isEqualTo(1001);
            assertThat(first.get(0).reasonKey()).isEqualTo(ImportKeys.EMAIL);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
