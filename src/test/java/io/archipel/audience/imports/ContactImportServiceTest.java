package io.archipel.audience.imports;

import static io.archipel.audience.ContactImports.Target.BIRTH_DATE;
import static io.archipel.audience.ContactImports.Target.BRANCH_CODE;
import static io.archipel.audience.ContactImports.Target.CITY;
import static io.archipel.audience.ContactImports.Target.EMAIL;
import static io.archipel.audience.ContactImports.Target.EMAIL_CONSENT;
import static io.archipel.audience.ContactImports.Target.FIRST_NAME;
import static io.archipel.audience.ContactImports.Target.IGNORE;
import static io.archipel.audience.ContactImports.Target.LAST_NAME;
import static io.archipel.audience.ContactImports.Target.MOBILE;
import static io.archipel.audience.ContactImports.Target.SMS_CONSENT;
import static io.archipel.audience.ContactImports.Target.TOTAL_SPEND;
import static io.archipel.audience.imports.ImportFixtures.mapping;
import static io.archipel.audience.imports.ImportFixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.archipel.audience.ContactImportService;
import io.archipel.audience.ContactImports.ColumnMapping;
import io.archipel.audience.ContactImports.ImportException;
import io.archipel.audience.ContactImports.Mapping;
import io.archipel.audience.ContactImports.Progress;
import io.archipel.audience.ContactImports.Report;
import io.archipel.audience.ContactImports.Staged;
import io.archipel.audience.ContactImports.Status;
import io.archipel.audience.ContactImports.Target;
import io.archipel.audience.ContactService;
import io.archipel.audience.Contacts.Channel;
import io.archipel.audience.Contacts.ConsentEvent;
import io.archipel.audience.Contacts.ConsentSource;
import io.archipel.audience.Contacts.ConsentState;
import io.archipel.audience.Contacts.Contact;
import io.archipel.audience.Contacts.ContactData;
import io.archipel.audience.Contacts.SuppressionReason;
import io.archipel.shared.AccessDeniedInScopeException;
import io.archipel.shared.NotFoundException;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.BranchService.BranchData;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantService;
import io.archipel.tenancy.TerritoryKind;
import io.archipel.tenancy.TerritoryService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The import engine through {@link ContactImportService}, as the personas who use it, with the real background runner. */
@ArchipelTest
class ContactImportServiceTest {

    private static final String LYON = Personas.BRANCH_MANAGER;
    private static final String HQ = Personas.HQ_ADMIN;
    private static final String BASIS = "Consent collected at the till, loyalty form 2025";

    @Autowired
    ContactImportService imports;
    @Autowired
    ContactService contacts;
    @Autowired
    BranchService branches;
    @Autowired
    TenantService tenants;
    @Autowired
    TerritoryService territories;
    @Autowired
    Personas personas;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    ImportRepository repository;
    @Autowired
    ImportJob job;

    ImportFixtures f;

    @BeforeEach
    void fixtures() {
        f = new ImportFixtures(imports, branches, personas, jdbc, tx, repository);
    }

    static void assertInvariant(Progress p) {
        assertThat(p.rowsProcessed()).as("rows in = created + updated + rejected")
                .isEqualTo(p.created() + p.updated() + p.rejected());
    }

    Contact contactByEmail(String persona, UUID branchId, String email) {
        UUID id = f.inTenant(() -> jdbc.queryForObject("select id from contact where tenant_id = ? and branch_id = ? "
                + "and lower(email) = lower(?) and erased_at is null", UUID.class, f.tenant(), branchId, email));
        return personas.callAs(persona, () -> contacts.get(id));
    }

    @Test
    void stagesAFrenchExcelFileWithPreviewAndGuessedMapping() {
        UUID lyon = f.branch("LYO-01");
        String csv = "Courriel;Prénom;Nom;Portable;Date de naissance;CP;Ville;Fidélité;CA;Optin email;Consentement SMS;Remarque\r\n"
                + "anne@example.com;Anne;Durand;06 12 34 56 78;15/03/1985;69003;Lyon;Or;1 234,50;oui;non;RAS\r\n";
        byte[] bytes = csv.getBytes(java.nio.charset.Charset.forName("windows-1252"));
        Staged s = f.stage(LYON, lyon, "export excel.csv", bytes);
        assertThat(s.format().delimiter()).isEqualTo(';');
        assertThat(s.format().charset().name()).isEqualTo("windows-1252");
        assertThat(s.header()).containsExactly("Courriel", "Prénom", "Nom", "Portable", "Date de naissance", "CP",
                "Ville", "Fidélité", "CA", "Optin email", "Consentement SMS", "Remarque");
        assertThat(s.sampleRows()).hasSize(1);
        assertThat(s.sampleRows().get(0).get(1)).isEqualTo("Anne");
        assertThat(s.sizeBytes()).isEqualTo(bytes.length);
        assertThat(s.sha256()).hasSize(64);
        assertThat(s.suggested().columns()).extracting(ColumnMapping::target).containsExactly(EMAIL, FIRST_NAME,
                LAST_NAME, MOBILE, BIRTH_DATE, Target.POSTAL_CODE, CITY, Target.LOYALTY_TIER, TOTAL_SPEND,
                EMAIL_CONSENT, SMS_CONSENT, IGNORE);
        assertThat(personas.callAs(LYON, () -> imports.staged(s.importId())).header()).isEqualTo(s.header());
    }

    @Test
    void rejectsInvalidMappings() {
        UUID lyon = f.branch("LYO-01");
        Staged s = f.stage(LYON, lyon, "email;prenom;optin\na@example.com;A;oui\n");
        UUID id = s.importId();
        assertThatThrownBy(() -> personas.callAs(LYON, () -> imports.start(id, mapping(null, FIRST_NAME, IGNORE, IGNORE))))
                .isInstanceOf(ImportException.class).extracting("messageKey").isEqualTo(ImportKeys.MAPPING_REACHABLE);
        assertThatThrownBy(() -> personas.callAs(LYON, () -> imports.start(id, mapping(null, EMAIL, EMAIL, IGNORE))))
                .isInstanceOf(ImportException.class).extracting("messageKey").isEqualTo(ImportKeys.MAPPING_TWICE);
        assertThatThrownBy(() -> personas.callAs(LYON, () -> imports.start(id, mapping(" ", EMAIL, FIRST_NAME,
                EMAIL_CONSENT)))).isInstanceOf(ImportException.class).extracting("messageKey")
                .isEqualTo(ImportKeys.MAPPING_LAWFUL_BASIS);
        assertThatThrownBy(() -> personas.callAs(LYON, () -> imports.start(id, mapping(null, EMAIL, FIRST_NAME,
                BRANCH_CODE)))).isInstanceOf(ImportException.class).extracting("messageKey")
                .isEqualTo(ImportKeys.MAPPING_BRANCH_CODE_SINGLE);
        assertThatThrownBy(() -> personas.callAs(LYON, () -> imports.start(id, new Mapping(List.of(
                new ColumnMapping(0, EMAIL, null), new ColumnMapping(1, Target.ATTRIBUTE, "no_such_" + unique())),
                null)))).isInstanceOf(ImportException.class).extracting("messageKey")
                .isEqualTo(ImportKeys.MAPPING_ATTRIBUTE);
        assertThatThrownBy(() -> personas.callAs(LYON, () -> imports.start(id, new Mapping(List.of(
                new ColumnMapping(7, EMAIL, null)), null)))).isInstanceOf(ImportException.class)
                .extracting("messageKey").isEqualTo(ImportKeys.MAPPING_COLUMN);
        assertThat(personas.callAs(LYON, () -> imports.progress(id)).status()).isEqualTo(Status.STAGED);

        Staged multi = f.stage(HQ, null, "email;prenom\nb@example.com;B\n");
        assertThatThrownBy(() -> personas.callAs(HQ, () -> imports.start(multi.importId(), mapping(null, EMAIL,
                FIRST_NAME)))).isInstanceOf(ImportException.class).extracting("messageKey")
                .isEqualTo(ImportKeys.MAPPING_BRANCH_CODE_REQUIRED);

        Progress done = f.startAndWait(LYON, id, mapping(BASIS, EMAIL, FIRST_NAME, EMAIL_CONSENT));
        assertThat(done.status()).isEqualTo(Status.COMPLETED);
        assertThatThrownBy(() -> personas.callAs(LYON, () -> imports.start(id, mapping(BASIS, EMAIL, FIRST_NAME,
                EMAIL_CONSENT)))).isInstanceOf(ImportException.class).extracting("messageKey")
                .isEqualTo(ImportKeys.NOT_STAGED);
    }

    @Test
    void createsAndUpdatesByEmailKeepingWhatEmptyCellsDoNotSay() {
        UUID lyon = f.branch("LYO-01");
        String known = "known." + unique() + "@example.com";
        String fresh = "fresh." + unique() + "@example.com";
        personas.callAs(LYON, () -> contacts.create(lyon, new ContactData(known, null, "Claire", "Martin", null,
                "69003", "Lyon", "Gold", null, new BigDecimal("10.00"), List.of("vip"))));
        String csv = "email;prenom;nom;ville;ca;naissance\n"
                + known.toUpperCase(Locale.ROOT) + ";;Dupont;Villeurbanne;1 234,50;\n"
                + fresh + ";Paul;Petit;;;05/11/1990\n";
        Staged s = f.stage(LYON, lyon, csv);
        Progress p = f.startAndWait(LYON, s.importId(), mapping(null, EMAIL, FIRST_NAME, LAST_NAME, CITY, TOTAL_SPEND,
                BIRTH_DATE));
        assertThat(p.status()).isEqualTo(Status.COMPLETED);
        assertThat(p.created()).isEqualTo(1);
        assertThat(p.updated()).isEqualTo(1);
        assertThat(p.rejected()).isZero();
        assertThat(p.rowsTotal()).isEqualTo(2);
        assertThat(p.lastAppliedLine()).isEqualTo(3);
        assertThat(p.percent()).isEqualTo(100);
        assertInvariant(p);

        Contact updated = contactByEmail(LYON, lyon, known);
        assertThat(updated.firstName()).as("empty cell keeps the value").isEqualTo("Claire");
        assertThat(updated.lastName()).isEqualTo("Dupont");
        assertThat(updated.city()).isEqualTo("Villeurbanne");
        assertThat(updated.totalSpend()).isEqualByComparingTo("1234.50");
        assertThat(updated.postalCode()).as("unmapped column untouched").isEqualTo("69003");
        assertThat(updated.tags()).containsExactly("vip");
        Contact created = contactByEmail(LYON, lyon, fresh);
        assertThat(created.firstName()).isEqualTo("Paul");
        assertThat(created.birthDate()).isEqualTo(LocalDate.of(1990, 11, 5));

        // remembered for the branch: the next file with these headers gets the same mapping
        Staged next = f.stage(LYON, lyon, "Email;Prenom;NOM;Ville;CA;Naissance\nx@example.com;X;Y;Z;1;\n");
        assertThat(next.suggested().columns()).extracting(ColumnMapping::target).containsExactly(EMAIL, FIRST_NAME,
                LAST_NAME, CITY, TOTAL_SPEND, BIRTH_DATE);
        assertThat(personas.callAs(LYON, () -> imports.recent(lyon, 50))).extracting(Progress::importId)
                .contains(s.importId());
    }

    @Test
    void rejectsInvalidRowsWithTheirReasonAndOffersThemAsCsv() {
        UUID lyon = f.branch("LYO-01");
        String u = unique();
        String csv = "email;mobile;naissance;ca\n"
                + "ok." + u + "@example.com;06 12 34 56 78;01/02/1980;12,50\n"
                + "not-an-email;;;\n"
                + ";01 23 45 67 89;;\n"
                + "date." + u + "@example.com;;31/02/1980;\n"
                + "=cmd|' /C calc'!A0;;;\n"
                + "future." + u + "@example.com;;01/01/2099;\n"
                + ";;;\n"
                + "amount." + u + "@example.com;;;douze\n"
                + "OK." + u + "@EXAMPLE.com;;;\n";
        Staged s = f.stage(LYON, lyon, csv);
        Progress p = f.startAndWait(LYON, s.importId(), mapping(null, EMAIL, MOBILE, BIRTH_DATE, TOTAL_SPEND));
        assertThat(p.created()).isEqualTo(1);
        assertThat(p.rejected()).isEqualTo(7);
        assertThat(p.rowsProcessed()).as("the blank line is not a row").isEqualTo(8);
        assertInvariant(p);
        Report r = personas.callAs(LYON, () -> imports.report(s.importId()));
        assertThat(r.firstRejections()).extracting(ContactImportsRejection::of).containsExactly(
                "3:" + ImportKeys.EMAIL, "4:" + ImportKeys.MOBILE, "5:" + ImportKeys.DATE, "6:" + ImportKeys.EMAIL,
                "7:" + ImportKeys.FUTURE_DATE, "9:" + ImportKeys.AMOUNT, "10:" + ImportKeys.DUPLICATE);
        assertThat(r.firstRejections().get(6).reasonArgs()).containsExactly("2");
        assertThat(r.rejectionsByReason()).anySatisfy(c -> {
            assertThat(c.reasonKey()).isEqualTo(ImportKeys.EMAIL);
            assertThat(c.count()).isEqualTo(2);
        });

        ByteArrayOutputStream fr = new ByteArrayOutputStream();
        personas.runAs(LYON, () -> imports.writeRejectedRows(s.importId(), Locale.FRENCH, fr));
        String text = fr.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFFemail;mobile;naissance;ca;Motif\r\n");
        assertThat(text).contains("not-an-email;;;;Ligne 3 : « not-an-email » n’est pas une adresse e-mail valide");
        assertThat(text).as("formula neutralised").contains("'=cmd|' /C calc'!A0;");
        assertThat(text).contains("Doublon de la ligne 2");
        assertThat(text.split("\r\n")).hasSize(8);
        ByteArrayOutputStream en = new ByteArrayOutputStream();
        personas.runAs(LYON, () -> imports.writeRejectedRows(s.importId(), Locale.ENGLISH, en));
        assertThat(en.toString(StandardCharsets.UTF_8)).contains(";Reason\r\n")
                .contains("\"Line 7: Column \"\"naissance\"\": the date \"\"01/01/2099\"\" is in the future\"");
    }

    /** "line:key" of a rejection, to compare lists at a glance. */
    static final class ContactImportsRejection {
        static String of(io.archipel.audience.ContactImports.Rejection r) {
            return r.lineNumber() + ":" + r.reasonKey();
        }
    }

    @Test
    void duplicatesInsideTheFileKeepTheFirstOccurrenceEvenAcrossBatches() {
        UUID lyon = f.branch("LYO-01");
        String u = unique();
        StringBuilder csv = new StringBuilder("email;prenom\n");
        int rows = 12_000; // more than two batches of 5,000
        for (int i = 0; i < rows; i++) {
            csv.append("p").append(i).append('.').append(u).append("@example.com;P").append(i).append('\n');
        }
        csv.append("P7.").append(u).append("@Example.com;late duplicate across batches\n"); // line 12,002
        csv.append("p11999.").append(u).append("@example.com;duplicate within the batch\n"); // line 12,003
        Staged s = f.stage(LYON, lyon, csv.toString());
        Progress p = f.startAndWait(LYON, s.importId(), mapping(null, EMAIL, FIRST_NAME));
        assertThat(p.created()).isEqualTo(rows);
        assertThat(p.rejected()).isEqualTo(2);
        assertInvariant(p);
        Report r = personas.callAs(LYON, () -> imports.report(s.importId()));
        assertThat(r.firstRejections()).extracting(ContactImportsRejection::of)
                .containsExactly("12002:" + ImportKeys.DUPLICATE, "12003:" + ImportKeys.DUPLICATE);
        assertThat(r.firstRejections()).extracting(x -> x.reasonArgs().get(0)).containsExactly("9", "12001");
        assertThat(contactByEmail(LYON, lyon, "p7." + u + "@example.com").firstName()).isEqualTo("P7");
    }

    @Test
    void consentColumnsRecordEventsWithProofOnlyWhenTheStateChanges() {
        UUID lyon = f.branch("LYO-01");
        String a = "a." + unique() + "@example.com";
        String b = "b." + unique() + "@example.com";
        Staged s = f.stage(LYON, lyon, "email;optin;sms;mobile\n" + a + ";oui;x;0612345678\n" + b + ";non;;\n");
        Progress p = f.startAndWait(LYON, s.importId(), mapping(BASIS, EMAIL, EMAIL_CONSENT, SMS_CONSENT, MOBILE));
        assertThat(p.created()).isEqualTo(2);
        Contact ca = contactByEmail(LYON, lyon, a);
        assertThat(ca.emailConsent()).isEqualTo(ConsentState.GRANTED);
        assertThat(ca.smsConsent()).isEqualTo(ConsentState.GRANTED);
        List<ConsentEvent> events = personas.callAs(LYON, () -> contacts.consentHistory(ca.id()));
        assertThat(events).hasSize(2).allSatisfy(e -> {
            assertThat(e.source()).isEqualTo(ConsentSource.IMPORT);
            assertThat(e.state()).isEqualTo(ConsentState.GRANTED);
            assertThat(e.actor()).contains("lyon.partdieu@maison-lumiere.example");
            assertThat(e.proof()).isEqualTo(BASIS + " — file " + s.fileName() + " sha256:" + s.sha256() + " line 2");
        });
        assertThat(contactByEmail(LYON, lyon, b).emailConsent()).isEqualTo(ConsentState.WITHDRAWN);
        Report r = personas.callAs(LYON, () -> imports.report(s.importId()));
        assertThat(r.consentEventsRecorded()).isEqualTo(3);
        assertThat(r.mapping().lawfulBasis()).isEqualTo(BASIS);

        // the same states again: no new event; a change: one
        Staged again = f.stage(LYON, lyon, "email;optin\n" + a + ";1\n" + b + ";oui\n");
        Progress p2 = f.startAndWait(LYON, again.importId(), mapping(BASIS, EMAIL, EMAIL_CONSENT));
        assertThat(p2.updated()).isEqualTo(2);
        assertThat(personas.callAs(LYON, () -> imports.report(again.importId())).consentEventsRecorded()).isEqualTo(1);
        assertThat(personas.callAs(LYON, () -> contacts.consentHistory(ca.id()))).hasSize(2);
        assertThat(contactByEmail(LYON, lyon, b).emailConsent()).isEqualTo(ConsentState.GRANTED);
    }

    @Test
    void suppressedAddressesGetNoGrantedConsentAndErasedPeopleAreNeverRecreated() {
        UUID lyon = f.branch("LYO-01");
        String suppressed = "stop." + unique() + "@example.com";
        String erased = "gone." + unique() + "@example.com";
        personas.runAs(LYON, () -> contacts.suppress(suppressed, null, SuppressionReason.UNSUBSCRIBED));
        UUID erasedId = personas.callAs(LYON, () -> contacts.create(lyon, new ContactData(erased, null, "Gone", "Away",
                null, null, null, null, null, null, List.of())));
        personas.runAs(LYON, () -> contacts.erase(erasedId));

        Staged s = f.stage(LYON, lyon, "email;optin\n" + suppressed + ";oui\n" + erased.toUpperCase(Locale.ROOT) + ";oui\n");
        Progress p = f.startAndWait(LYON, s.importId(), mapping(BASIS, EMAIL, EMAIL_CONSENT));
        assertThat(p.created()).isEqualTo(1);
        assertThat(p.rejected()).isEqualTo(1);
        assertInvariant(p);
        Report r = personas.callAs(LYON, () -> imports.report(s.importId()));
        assertThat(r.suppressedRows()).isEqualTo(1);
        assertThat(r.consentEventsRecorded()).isZero();
        assertThat(r.firstRejections()).extracting(ContactImportsRejection::of).containsExactly("3:" + ImportKeys.ERASED);
        Contact c = contactByEmail(LYON, lyon, suppressed);
        assertThat(c.emailConsent()).isNull();
        assertThat(f.count("select count(*) from contact where tenant_id = ? and lower(email) = ?", f.tenant(), erased))
                .isZero();
    }

    @Test
    void multiBranchImportResolvesBranchCodesInTheCallersScope() {
        String u = unique();
        String csv = "code agence;email;prenom\n"
                + "LYO-01;multi." + u + "@example.com;Lyon\n"
                + "nce-01;multi." + u + "@example.com;Nice\n"
                + "NOPE-99;nope." + u + "@example.com;Nope\n"
                + ";empty." + u + "@example.com;Empty\n";
        Staged s = f.stage(HQ, null, csv);
        assertThat(s.multiBranch()).isTrue();
        assertThat(s.suggested().columns()).extracting(ColumnMapping::target).containsExactly(BRANCH_CODE, EMAIL,
                FIRST_NAME);
        Progress p = f.startAndWait(HQ, s.importId(), mapping(null, BRANCH_CODE, EMAIL, FIRST_NAME));
        assertThat(p.created()).as("same address in two branches: two contacts").isEqualTo(2);
        assertThat(p.rejected()).isEqualTo(2);
        assertInvariant(p);
        Report r = personas.callAs(HQ, () -> imports.report(s.importId()));
        assertThat(r.firstRejections()).extracting(ContactImportsRejection::of)
                .containsExactly("4:" + ImportKeys.BRANCH_UNKNOWN, "5:" + ImportKeys.BRANCH_MISSING);
        assertThat(r.firstRejections().get(0).reasonArgs()).containsExactly("NOPE-99");
        assertThat(contactByEmail(HQ, f.branch("NCE-01"), "multi." + u + "@example.com").firstName()).isEqualTo("Nice");

        // the ARA validator's scope has Lyon but not Nice: Nice's row is refused
        Staged ara = f.stage(Personas.VALIDATOR, null, "magasin;email\nLYO-01;ara." + u + "@example.com\n"
                + "NCE-01;ara." + u + "@example.com\n");
        Progress pa = f.startAndWait(Personas.VALIDATOR, ara.importId(), mapping(null, BRANCH_CODE, EMAIL));
        assertThat(pa.created()).isEqualTo(1);
        assertThat(pa.rejected()).isEqualTo(1);
        // a manager of one branch does not see HQ's multi-branch import
        assertThatThrownBy(() -> personas.callAs(LYON, () -> imports.progress(s.importId())))
                .isInstanceOf(AccessDeniedInScopeException.class);
    }

    @Test
    void scopeAndTenantAreEnforced() {
        UUID nice = f.branch("NCE-01");
        UUID lyon = f.branch("LYO-01");
        assertThatThrownBy(() -> f.stage(LYON, nice, "email\na@example.com\n"))
                .isInstanceOf(AccessDeniedInScopeException.class);
        Staged niceImport = f.stage(Personas.OTHER_BRANCH_MANAGER, nice, "email\nn@example.com\n");
        assertThatThrownBy(() -> personas.callAs(LYON, () -> imports.progress(niceImport.importId())))
                .isInstanceOf(AccessDeniedInScopeException.class);
        assertThatThrownBy(() -> personas.callAs(LYON, () -> imports.start(niceImport.importId(),
                mapping(null, EMAIL)))).isInstanceOf(AccessDeniedInScopeException.class);
        assertThatThrownBy(() -> personas.callAs(LYON, () -> imports.cancel(niceImport.importId())))
                .isInstanceOf(AccessDeniedInScopeException.class);
        assertThat(personas.callAs(LYON, () -> imports.recent(null, 200))).extracting(Progress::importId)
                .doesNotContain(niceImport.importId());
        assertThat(personas.callAs(HQ, () -> imports.recent(null, 200))).extracting(Progress::importId)
                .contains(niceImport.importId());
        assertThatThrownBy(() -> personas.callAs(LYON, () -> imports.recent(nice, 10)))
                .isInstanceOf(AccessDeniedInScopeException.class);
        assertThatThrownBy(() -> personas.callAs(LYON, () -> imports.progress(UUID.randomUUID())))
                .isInstanceOf(NotFoundException.class);

        // another tenant's import: not found, whoever asks
        String tag = unique();
        UUID other = tenants.create("imports-" + tag, "Imports Other " + tag, "en");
        UUID[] otherImport = new UUID[1];
        TenantContext.runAsSystem(other, () -> {
            UUID country = territories.create(null, TerritoryKind.COUNTRY, "C" + tag, "Country " + tag);
            UUID region = territories.create(country, TerritoryKind.REGION, "R" + tag, "Region " + tag);
            UUID branch = branches.create(new BranchData("B-" + tag, "Branch " + tag, region, "1 rue de la Paix", null,
                    "75001", "Paris", "FR", "+33 1 00 00 00 00", "branch-" + tag + "@other.example", "9h-19h",
                    "Europe/Paris", "Other " + tag));
            otherImport[0] = imports.stage(branch, "other.csv",
                    new java.io.ByteArrayInputStream("email\no@example.com\n".getBytes(StandardCharsets.UTF_8)))
                    .importId();
        });
        assertThatThrownBy(() -> personas.callAs(HQ, () -> imports.report(otherImport[0])))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> personas.callAs(HQ, () -> imports.staged(otherImport[0])))
                .isInstanceOf(NotFoundException.class);
        assertThat(personas.callAs(LYON, () -> imports.recent(lyon, 200))).extracting(Progress::importId)
                .doesNotContain(otherImport[0]);
    }

    // ------------------------------------------------------------------ cancel and crash

    static String bigFile(String u, int rows) {
        StringBuilder csv = new StringBuilder("email;prenom;optin\n");
        for (int i = 0; i < rows; i++) {
            csv.append("c").append(i).append('.').append(u).append("@example.com;C").append(i).append(";oui\n");
        }
        return csv.toString();
    }

    @Test
    void aCancelStopsAfterTheCurrentBatchAndSaysWhichRowsWereApplied() {
        UUID lyon = f.branch("LYO-01");
        String u = unique();
        Staged s = f.stage(LYON, lyon, bigFile(u, 12_000));
        Mapping m = mapping(BASIS, EMAIL, FIRST_NAME, EMAIL_CONSENT);
        String owner = "test-instance-" + u;
        f.claimAs(s.importId(), m, owner);
        assertThat(job.run(f.tenant(), s.importId(), owner, 1, () -> false)).isEqualTo(ImportJob.End.INTERRUPTED);
        Progress running = personas.callAs(LYON, () -> imports.progress(s.importId()));
        assertThat(running.status()).isEqualTo(Status.RUNNING);
        assertThat(running.rowsTotal()).isEqualTo(12_000);
        assertThat(running.lastAppliedLine()).isEqualTo(5_001);
        assertThat(personas.callAs(LYON, () -> imports.cancel(s.importId())).status()).isEqualTo(Status.RUNNING);
        // its next batch boundary: the instance sees the request (here a resumed run, as after a crash)
        f.expireLease(s.importId());
        Progress p = f.waitFinished(LYON, s.importId());
        assertThat(p.status()).isEqualTo(Status.CANCELLED);
        assertThat(p.lastAppliedLine()).isEqualTo(5_001);
        assertThat(p.rowsProcessed()).isEqualTo(5_000);
        assertThat(p.created()).isEqualTo(5_000);
        assertInvariant(p);
        assertThat(f.count("select count(*) from contact where tenant_id = ? and import_id = ?", f.tenant(),
                s.importId())).as("exactly the rows up to lastAppliedLine are in the database").isEqualTo(5_000);
        assertThat(f.count("select max(import_line) from contact where tenant_id = ? and import_id = ?", f.tenant(),
                s.importId())).isEqualTo(5_001);
        assertThat(personas.callAs(LYON, () -> imports.cancel(s.importId())).status()).isEqualTo(Status.CANCELLED);
    }

    @Test
    void aQueuedImportIsCancelledAtOnce() {
        UUID lyon = f.branch("LYO-01");
        Staged s = f.stage(LYON, lyon, "email\nq." + unique() + "@example.com\n");
        Progress p = personas.callAs(LYON, () -> imports.cancel(s.importId()));
        assertThat(p.status()).isEqualTo(Status.CANCELLED);
        assertThat(p.lastAppliedLine()).isZero();
        assertThatThrownBy(() -> personas.callAs(LYON, () -> imports.start(s.importId(), mapping(null, EMAIL))))
                .isInstanceOf(ImportException.class);
    }

    @Test
    void anImportWhoseInstanceDiedIsResumedByAnotherWithoutApplyingARowTwice() {
        UUID lyon = f.branch("LYO-01");
        String u = unique();
        int rows = 12_345;
        Staged s = f.stage(LYON, lyon, bigFile(u, rows));
        Mapping m = mapping(BASIS, EMAIL, FIRST_NAME, EMAIL_CONSENT);
        String dead = "dead-instance-" + u;
        f.claimAs(s.importId(), m, dead);
        // the instance applies two batches, then "crashes" (stops without finishing, its lease still held)
        assertThat(job.run(f.tenant(), s.importId(), dead, 2, () -> false)).isEqualTo(ImportJob.End.INTERRUPTED);
        Progress half = personas.callAs(LYON, () -> imports.progress(s.importId()));
        assertThat(half.status()).isEqualTo(Status.RUNNING);
        assertThat(half.lastAppliedLine()).isEqualTo(10_001);
        assertThat(f.count("select count(*) from contact where tenant_id = ? and import_id = ?", f.tenant(),
                s.importId())).isEqualTo(10_000);
        // while the lease is valid, nobody else takes it; once it expires, a live runner resumes at line 10,002
        f.expireLease(s.importId());
        Progress p = f.waitFinished(LYON, s.importId());
        assertThat(p.status()).isEqualTo(Status.COMPLETED);
        assertThat(p.created()).isEqualTo(rows);
        assertThat(p.updated()).isZero();
        assertThat(p.rejected()).isZero();
        assertThat(p.lastAppliedLine()).isEqualTo(rows + 1);
        assertInvariant(p);
        assertThat(f.count("select count(*) from contact where tenant_id = ? and import_id = ?", f.tenant(),
                s.importId())).isEqualTo(rows);
        assertThat(f.count("select count(*) from consent_event e join contact c on c.tenant_id = e.tenant_id "
                + "and c.id = e.contact_id where c.tenant_id = ? and c.import_id = ?", f.tenant(), s.importId()))
                .as("one consent event per row, none twice").isEqualTo(rows);
        assertThat(personas.callAs(LYON, () -> imports.report(s.importId())).consentEventsRecorded()).isEqualTo(rows);
        // the dead instance, coming back, cannot write anything: its lease is gone
        assertThat(job.run(f.tenant(), s.importId(), dead, 1, () -> false)).isEqualTo(ImportJob.End.LOST_LEASE);
    }

    @Test
    void attributesAreParsedAndMerged() {
        // attribute declared once per JVM run with a unique key
        String key = "shoe_" + unique().replace("-", "");
        io.archipel.audience.CustomAttributeService attrs = attributeService;
        personas.callAs(HQ, () -> attrs.create(new io.archipel.audience.CustomAttributes.Draft(key, "Shoe size "
                + key, io.archipel.audience.CustomAttributes.AttributeType.NUMBER, List.of())));
        UUID lyon = f.branch("LYO-01");
        String e = "attr." + unique() + "@example.com";
        Staged s = f.stage(LYON, lyon, "email;pointure\n" + e + ";42\nbad." + e + ";quarante\n");
        Progress p = f.startAndWait(LYON, s.importId(), new Mapping(List.of(new ColumnMapping(0, EMAIL, null),
                new ColumnMapping(1, Target.ATTRIBUTE, key)), null));
        assertThat(p.created()).isEqualTo(1);
        assertThat(p.rejected()).isEqualTo(1);
        Map<String, Object> values = contactByEmail(LYON, lyon, e).attributes();
        assertThat(new BigDecimal(String.valueOf(values.get(key)))).isEqualByComparingTo("42");
    }

    @Autowired
    io.archipel.audience.CustomAttributeService attributeService;
}
