package io.archipel.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.archipel.audience.ContactImports.Progress;
import io.archipel.audience.Contacts.Filter;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The import pages as a branch manager and HQ use them: upload, mapping, start, progress, report, rejected rows. */
@ArchipelTest
class ImportPagesTest {

    private static final String LYON = Personas.BRANCH_MANAGER;
    private static final String NICE = Personas.OTHER_BRANCH_MANAGER;
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    /** Nom;Prénom;E-mail;Téléphone;Date de naissance;Ville;Consentement e-mail */
    private static final int COLUMNS = 7;

    @Autowired
    MockMvc mvc;
    @Autowired
    Personas personas;
    @Autowired
    ContactImportService imports;
    @Autowired
    ContactService contacts;
    @Autowired
    BranchService branches;

    UUID branch(String code) {
        return personas.callAs(Personas.HQ_ADMIN, () -> branches.search(code, null).stream()
                .filter(b -> b.code().equals(code)).findFirst().orElseThrow().id());
    }

    MockHttpServletResponse perform(AbstractMockHttpServletRequestBuilder<?> request, String persona)
            throws Exception {
        return mvc.perform(request.locale(Locale.ENGLISH).with(personas.as(persona))).andReturn().getResponse();
    }

    String page(MockHttpServletRequestBuilder request, String persona) throws Exception {
        MockHttpServletResponse r = perform(request, persona);
        assertThat(r.getStatus()).as(r.getRedirectedUrl() == null ? "" : "redirected to " + r.getRedirectedUrl())
                .isEqualTo(200);
        return r.getContentAsString(StandardCharsets.UTF_8);
    }

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** A French Excel export: Windows-1252, semicolons, dd/mm/yyyy, accents; two good rows and two bad ones. */
    static byte[] frenchExcelFile(String tag) {
        String csv = "Nom;Prénom;E-mail;Téléphone;Date de naissance;Ville;Consentement e-mail\r\n"
                + "Dupré;Hélène;helene." + tag + "@example.com;06 12 34 56 78;09/03/1985;Lyon;oui\r\n"
                + "Lefèvre;François;francois." + tag + "@example.com;;31/12/1990;Villeurbanne;non\r\n"
                + "Mauvais;Courriel;pas-une-adresse-" + tag + ";;01/01/2000;Lyon;oui\r\n"
                + "Date;Impossible;date." + tag + "@example.com;;31/02/1990;Lyon;oui\r\n";
        return csv.getBytes(WINDOWS_1252);
    }

    /** Uploads as the Lyon manager and answers the new import's id (from the redirect). */
    UUID upload(UUID lyon, byte[] content, String fileName) throws Exception {
        MockHttpServletResponse r = perform(multipart("/portal/imports")
                .file(new MockMultipartFile("file", fileName, "text/csv", content))
                .param("branchId", lyon.toString()).with(csrf()), LYON);
        assertThat(r.getStatus()).isEqualTo(302);
        assertThat(r.getRedirectedUrl()).startsWith("/portal/imports/").endsWith("?branchId=" + lyon);
        return UUID.fromString(r.getRedirectedUrl().substring("/portal/imports/".length(),
                r.getRedirectedUrl().indexOf('?')));
    }

    static MockHttpServletRequestBuilder mapping(MockHttpServletRequestBuilder request, String... targets) {
        for (int i = 0; i < targets.length; i++) {
            request.param("targets[" + i + "]", targets[i]);
        }
        return request.with(csrf());
    }

    Progress waitUntilFinished(UUID importId) throws InterruptedException {
        // imports run one at a time per instance: in a full run this one may queue behind another test's big file
        for (int i = 0; i < 1200; i++) {
            Progress p = personas.callAs(LYON, () -> imports.progress(importId));
            if (p.status().finished()) {
                return p;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the import did not finish within five minutes");
    }

    @Test
    void anUploadedFrenchExcelFileOpensTheMappingScreenWithItsFormatInPlainWords() throws Exception {
        UUID lyon = branch("LYO-01");
        UUID id = upload(lyon, frenchExcelFile(unique()), "clients-excel.csv");
        String html = page(get("/portal/imports/" + id).param("branchId", lyon.toString()), LYON);
        assertThat(html).contains("Windows-1252 text (Excel), separated by semicolons.")
                .contains("The first line holds the column names.")
                .contains("clients-excel.csv")
                .contains("Prénom").contains("Hélène").contains("Téléphone")
                .contains("name=\"targets[6]\"")
                .contains("an empty cell keeps the stored value");
        // one select per column, with the custom-attribute-free targets
        for (int i = 0; i < COLUMNS; i++) {
            assertThat(html).contains("id=\"col-" + i + "\"");
        }
        assertThat(html).contains("<option value=\"EMAIL\"").doesNotContain("value=\"BRANCH_CODE\"");
        // the list shows the staged import
        assertThat(page(get("/portal/imports").param("branchId", lyon.toString()), LYON))
                .contains("clients-excel.csv").contains("Waiting for mapping");
    }

    @Test
    void startingWithAConsentColumnButNoLawfulBasisComesBackWithTheChoicesKept() throws Exception {
        UUID lyon = branch("LYO-01");
        UUID id = upload(lyon, frenchExcelFile(unique()), "consent.csv");
        MockHttpServletResponse r = perform(mapping(post("/portal/imports/" + id + "/start"), "LAST_NAME",
                "FIRST_NAME", "EMAIL", "IGNORE", "BIRTH_DATE", "CITY", "EMAIL_CONSENT").param("lawfulBasis", " "),
                LYON);
        assertThat(r.getStatus()).isEqualTo(200);
        String html = r.getContentAsString(StandardCharsets.UTF_8);
        assertThat(html).contains("Describe how the consent was collected").contains("is-invalid")
                .contains("aria-describedby=\"lawfulBasis-error\"");
        assertThat(selected(html, 3)).isEqualTo("IGNORE");
        assertThat(selected(html, 6)).isEqualTo("EMAIL_CONSENT");
        assertThat(openingTag(html, "consent-section")).as("the consent section is shown").doesNotContain(" hidden");

        // a mapping the engine refuses (no e-mail or mobile column): its reason, the choices kept
        MockHttpServletResponse refused = perform(mapping(post("/portal/imports/" + id + "/start"), "LAST_NAME",
                "FIRST_NAME", "IGNORE", "IGNORE", "BIRTH_DATE", "CITY", "IGNORE"), LYON);
        assertThat(refused.getStatus()).isEqualTo(200);
        String refusedHtml = refused.getContentAsString(StandardCharsets.UTF_8);
        assertThat(refusedHtml).contains("alert alert-danger");
        assertThat(selected(refusedHtml, 2)).isEqualTo("IGNORE");
        assertThat(selected(refusedHtml, 5)).isEqualTo("CITY");
        assertThat(personas.callAs(LYON, () -> imports.progress(id)).status())
                .isEqualTo(ContactImports.Status.STAGED);
    }

    @Test
    void aStartedImportShowsProgressThenItsReportAndTheRejectedRowsWithTheirReason() throws Exception {
        UUID lyon = branch("LYO-01");
        String tag = unique();
        UUID id = upload(lyon, frenchExcelFile(tag), "rapport.csv");
        MockHttpServletResponse started = perform(mapping(post("/portal/imports/" + id + "/start"), "LAST_NAME",
                "FIRST_NAME", "EMAIL", "MOBILE", "BIRTH_DATE", "CITY", "EMAIL_CONSENT")
                .param("lawfulBasis", "Loyalty card form signed in store"), LYON);
        assertThat(started.getStatus()).isEqualTo(302);
        assertThat(started.getRedirectedUrl()).isEqualTo("/portal/imports/" + id + "?branchId=" + lyon);

        Progress done = waitUntilFinished(id);
        assertThat(done.status()).isEqualTo(ContactImports.Status.COMPLETED);
        assertThat(done.created() + done.updated() + done.rejected()).isEqualTo(4);
        assertThat(done.rejected()).isGreaterThanOrEqualTo(1);

        // the polled fragment now holds the report (and no longer polls)
        String fragment = page(get("/portal/imports/" + id + "/progress").header("HX-Request", "true"), LYON);
        assertThat(fragment).contains("id=\"import-progress\"").doesNotContain("hx-trigger")
                .contains("The import is finished.")
                .contains((done.created() + done.updated() + done.rejected()) + " rows read = " + done.created()
                        + " created + " + done.updated() + " updated + " + done.rejected() + " rejected")
                .contains("Loyalty card form signed in store")
                .contains("/portal/imports/" + id + "/rejected.csv")
                .as("rejections counted by reason, with labels that need no row values")
                .contains("Invalid e-mail address").contains("Invalid date").doesNotContain("{0}")
                .as("the page header's badge follows out of band").contains("hx-swap-oob=\"true\"")
                .contains(">Completed<");
        String report = page(get("/portal/imports/" + id).param("branchId", lyon.toString()), LYON);
        assertThat(report).contains("id=\"import-created\"").contains("Download rejected rows (CSV)")
                .contains(personas.principal(LYON).displayName());

        MockHttpServletResponse csv = perform(get("/portal/imports/" + id + "/rejected.csv"), LYON);
        assertThat(csv.getStatus()).isEqualTo(200);
        assertThat(csv.getHeader("Content-Disposition")).contains("attachment");
        String text = new String(csv.getContentAsByteArray(), StandardCharsets.UTF_8);
        List<CsvRecord> rows = new ArrayList<>();
        CsvReader.builder().fieldSeparator(';').ofCsvRecord(text.startsWith("\uFEFF") ? text.substring(1) : text)
                .forEach(rows::add);
        assertThat(rows.get(0).getFields()).as("the original header plus a reason column")
                .startsWith("Nom", "Prénom", "E-mail").hasSize(COLUMNS + 1);
        assertThat(rows).hasSize(1 + (int) done.rejected());
        assertThat(rows.stream().filter(r -> r.getField(2).equals("pas-une-adresse-" + tag)).findFirst())
                .as("the row with a bad address, with its reason").hasValueSatisfying(
                        r -> assertThat(r.getField(COLUMNS)).isNotBlank());

        // the good rows are contacts of the branch now
        assertThat(personas.callAs(LYON, () -> contacts.list(lyon, new Filter("helene." + tag, null, null, null,
                null), null, 10)).rows()).hasSize(1);
    }

    @Test
    void aStagedFileCanBeDiscardedAndItsPageSaysNothingWasImported() throws Exception {
        UUID lyon = branch("LYO-01");
        String tag = unique();
        UUID id = upload(lyon, frenchExcelFile(tag), "discard.csv");
        assertThat(page(get("/portal/imports/" + id), LYON)).contains("id=\"import-discard\"")
                .contains("formaction=\"/portal/imports/" + id + "/cancel\"");
        MockHttpServletResponse r = perform(post("/portal/imports/" + id + "/cancel").with(csrf()), LYON);
        assertThat(r.getStatus()).isEqualTo(302);
        assertThat(r.getRedirectedUrl()).isEqualTo("/portal/imports/" + id + "?branchId=" + lyon);
        assertThat(personas.callAs(LYON, () -> imports.progress(id)).status())
                .isEqualTo(ContactImports.Status.CANCELLED);
        String html = page(get("/portal/imports/" + id), LYON);
        assertThat(html).contains("The import was cancelled.").contains("No row of the file was imported.")
                .contains(">Cancelled<").doesNotContain("hx-trigger=\"every 1s\"");
        assertThat(personas.callAs(LYON, () -> contacts.list(lyon, new Filter("helene." + tag, null, null, null,
                null), null, 10)).rows()).isEmpty();
    }

    @Test
    void theProgressOfAnImportNotYetStartedLeadsBackToItsMappingScreen() throws Exception {
        UUID lyon = branch("LYO-01");
        UUID id = upload(lyon, frenchExcelFile(unique()), "not-started.csv");
        var polled = perform(get("/portal/imports/" + id + "/progress").header("HX-Request", "true"), LYON);
        // htmx leaves for the mapping screen instead of showing "Importing…" forever
        assertThat(polled.getHeader("HX-Redirect")).startsWith("/portal/imports/" + id);
        assertThat(polled.getContentAsString(StandardCharsets.UTF_8)).doesNotContain("hx-trigger");
        assertThat(personas.callAs(LYON, () -> imports.progress(id)).status()).isEqualTo(ContactImports.Status.STAGED);
    }

    @Test
    void anotherBranchsImportIsOutOfReach() throws Exception {
        UUID lyon = branch("LYO-01");
        UUID id = upload(lyon, frenchExcelFile(unique()), "lyon-only.csv");
        for (String path : List.of("/portal/imports/" + id, "/portal/imports/" + id + "/progress",
                "/portal/imports/" + id + "/rejected.csv")) {
            assertThat(perform(get(path), NICE).getStatus()).as(path).isIn(403, 404);
        }
        assertThat(perform(mapping(post("/portal/imports/" + id + "/start"), "LAST_NAME", "FIRST_NAME", "EMAIL"),
                NICE).getStatus()).isIn(403, 404);
        assertThat(perform(post("/portal/imports/" + id + "/cancel").with(csrf()), NICE).getStatus()).isIn(403, 404);
        assertThat(perform(get("/portal/imports").param("branchId", branch("NCE-01").toString()), NICE)
                .getContentAsString(StandardCharsets.UTF_8)).doesNotContain("lyon-only.csv");
        assertThat(personas.callAs(LYON, () -> imports.progress(id)).status()).isEqualTo(ContactImports.Status.STAGED);
    }

    @Test
    void hqChoosesABranchOrSeveralAndTheMultiBranchMappingOffersTheBranchCode() throws Exception {
        String html = page(get("/hq/imports"), Personas.HQ_MARKETER);
        assertThat(html).contains("name=\"destination\"").contains("LYO-01").contains("value=\"multi\"");

        MockHttpServletResponse none = perform(multipart("/hq/imports")
                .file(new MockMultipartFile("file", "x.csv", "text/csv", "email\na@b.fr\n".getBytes()))
                .with(csrf()), Personas.HQ_MARKETER);
        assertThat(none.getStatus()).isEqualTo(200);
        assertThat(none.getContentAsString(StandardCharsets.UTF_8)).contains("Choose a branch, or several branches.");

        String csv = "Code magasin;Email;Nom\nLYO-01;multi." + unique() + "@example.com;Durand\n";
        MockHttpServletResponse r = perform(multipart("/hq/imports")
                .file(new MockMultipartFile("file", "reseau.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8)))
                .param("destination", "multi").with(csrf()), Personas.HQ_MARKETER);
        assertThat(r.getStatus()).isEqualTo(302);
        String url = r.getRedirectedUrl();
        assertThat(url).startsWith("/hq/imports/");
        String mappingPage = page(get(url), Personas.HQ_MARKETER);
        assertThat(mappingPage).contains("value=\"BRANCH_CODE\"").contains("Into several branches")
                .contains("UTF-8 text");
        // not a portal page
        assertThat(perform(get(url.replace("/hq/", "/portal/")), LYON).getStatus()).isIn(403, 404);
    }

    @Test
    void anEmptyFileIsRefusedOnTheUploadCard() throws Exception {
        UUID lyon = branch("LYO-01");
        MockHttpServletResponse r = perform(multipart("/portal/imports")
                .file(new MockMultipartFile("file", "vide.csv", "text/csv", new byte[0]))
                .param("branchId", lyon.toString()).with(csrf()), LYON);
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getContentAsString(StandardCharsets.UTF_8)).contains("This file is empty.")
                .contains("aria-invalid=\"true\"");
    }

    /** The opening tag of the element with this id. */
    static String openingTag(String html, String id) {
        int at = html.indexOf("id=\"" + id + "\"");
        assertThat(at).as("element #" + id).isPositive();
        int start = html.lastIndexOf('<', at);
        return html.substring(start, html.indexOf('>', at) + 1);
    }

    /** The value of the selected option of column {@code i}'s select. */
    static String selected(String html, int i) {
        int start = html.indexOf("id=\"col-" + i + "\"");
        assertThat(start).as("select of column " + i).isPositive();
        String select = html.substring(start, html.indexOf("</select>", start));
        int sel = select.indexOf(" selected");
        assertThat(sel).as("an option is selected in column " + i).isPositive();
        String before = select.substring(0, sel);
        int v = before.lastIndexOf("value=\"");
        return before.substring(v + 7, before.indexOf('"', v + 7));
    }
}
