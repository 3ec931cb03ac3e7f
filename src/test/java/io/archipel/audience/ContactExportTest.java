package io.archipel.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.archipel.audience.Contacts.Channel;
import io.archipel.audience.Contacts.ConsentSource;
import io.archipel.audience.Contacts.ConsentState;
import io.archipel.audience.Contacts.ContactData;
import io.archipel.audience.Contacts.Filter;
import io.archipel.audience.Contacts.Page;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The contact CSV export of the portal (acting branch) and of HQ (scope), as Excel would open it. */
@ArchipelTest
class ContactExportTest {

    private static final String LYON = Personas.BRANCH_MANAGER;
    private static final String NICE = Personas.OTHER_BRANCH_MANAGER;

    @Autowired
    MockMvc mvc;
    @Autowired
    Personas personas;
    @Autowired
    ContactService contacts;
    @Autowired
    BranchService branches;

    UUID branch(String code) {
        return personas.callAs(Personas.HQ_ADMIN, () -> branches.search(code, null).stream()
                .filter(b -> b.code().equals(code)).findFirst().orElseThrow().id());
    }

    MockHttpServletResponse export(MockHttpServletRequestBuilder request, String persona, Locale locale)
            throws Exception {
        return mvc.perform(request.locale(locale).with(personas.as(persona))).andReturn().getResponse();
    }

    static List<CsvRecord> rows(byte[] body, char delimiter) {
        String text = new String(body, StandardCharsets.UTF_8);
        assertThat(text).as("UTF-8 BOM first, for Excel").startsWith("\uFEFF");
        List<CsvRecord> rows = new ArrayList<>();
        CsvReader.builder().fieldSeparator(delimiter).ofCsvRecord(text.substring(1)).forEach(rows::add);
        return rows;
    }

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void thePortalExportHoldsTheActingBranchOnlyWithTheFiltersInFrenchAndFormulaSafe() throws Exception {
        UUID lyon = branch("LYO-01");
        UUID nice = branch("NCE-01");
        String tag = "Exp" + unique();
        UUID lyonId = personas.callAs(LYON, () -> contacts.create(lyon, new ContactData(tag + "@example.com",
                "06 12 34 56 78", tag, "=cmd|' /C calc'!A0", LocalDate.of(1985, 3, 9), "69003", "Lyon", "Or",
                LocalDate.of(2026, 1, 15), new BigDecimal("1250.50"), List.of("vip", "@home"))));
        personas.runAs(LYON, () -> contacts.recordConsent(lyonId, Channel.EMAIL, ConsentState.GRANTED,
                ConsentSource.FORM, "in-store form"));
        personas.runAs(NICE, () -> contacts.create(nice, new ContactData(tag + "-nice@example.com", null, tag,
                "Niçoise", null, null, "Nice", null, null, null, List.of())));

        MockHttpServletResponse r = export(get("/portal/contacts/export.csv").param("branchId", lyon.toString())
                .param("q", tag), LYON, Locale.FRENCH);
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getContentType()).startsWith("text/csv");
        assertThat(r.getHeader("Content-Disposition")).contains("attachment").contains("contacts-LYO-01");
        List<CsvRecord> rows = rows(r.getContentAsByteArray(), ';');
        List<String> header = rows.get(0).getFields();
        assertThat(header).startsWith("Code point de vente", "Point de vente", "E-mail", "Mobile", "Prénom", "Nom")
                .contains("Consentement e-mail", "Consentement SMS", "Étiquettes");
        assertThat(rows).as("one contact: Lyon's; Nice's namesake is not in Lyon's export").hasSize(2);
        List<String> row = rows.get(1).getFields();
        assertThat(row.get(header.indexOf("Code point de vente"))).isEqualTo("LYO-01");
        assertThat(row.get(header.indexOf("E-mail"))).isEqualTo(tag.toLowerCase(Locale.ROOT) + "@example.com");
        assertThat(row.get(header.indexOf("Nom"))).as("a formula cell is neutralised")
                .isEqualTo("'=cmd|' /C calc'!A0");
        assertThat(row.get(header.indexOf("Mobile"))).isEqualTo("'+33612345678");
        assertThat(row.get(header.indexOf("Date de naissance"))).isEqualTo("09/03/1985");
        assertThat(row.get(header.indexOf("Montant total des achats"))).isEqualTo("1250,50");
        assertThat(row.get(header.indexOf("Étiquettes"))).isEqualTo("vip, @home");
        assertThat(row.get(header.indexOf("Consentement e-mail"))).isEqualTo("Accordé");
        assertThat(row.get(header.indexOf("Consentement SMS"))).isEmpty();
        assertThat(new String(r.getContentAsByteArray(), StandardCharsets.UTF_8)).doesNotContain("Niçoise");
    }

    @Test
    void hqExportsEveryBranchOfItsScopeInEnglishWithCommas() throws Exception {
        UUID lyon = branch("LYO-01");
        UUID nice = branch("NCE-01");
        String tag = "Hqx" + unique();
        personas.runAs(LYON, () -> contacts.create(lyon, new ContactData(tag + "@example.com", null, tag, "Lyonnais",
                null, null, null, null, null, new BigDecimal("12.30"), List.of())));
        personas.runAs(NICE, () -> contacts.create(nice, new ContactData(tag + "@example.com", null, tag, "Niçois",
                null, null, null, null, null, null, List.of())));

        MockHttpServletResponse r = export(get("/hq/contacts/export.csv").param("q", tag), Personas.HQ_MARKETER,
                Locale.ENGLISH);
        assertThat(r.getStatus()).isEqualTo(200);
        List<CsvRecord> rows = rows(r.getContentAsByteArray(), ',');
        List<String> header = rows.get(0).getFields();
        assertThat(header).startsWith("Branch code", "Branch", "E-mail");
        assertThat(rows).hasSize(3);
        assertThat(rows.subList(1, 3)).extracting(row -> row.getField(header.indexOf("Last name")))
                .containsExactly("Lyonnais", "Niçois");
        assertThat(rows.subList(1, 3)).extracting(row -> row.getField(0)).containsExactly("LYO-01", "NCE-01");
        assertThat(rows.get(1).getField(header.indexOf("Total spend"))).isEqualTo("12.30");
    }

    @Test
    void erasedContactsAreLeftOutAndEveryListedContactIsIn() throws Exception {
        UUID lyon = branch("LYO-01");
        String tag = "Era" + unique();
        UUID erased = personas.callAs(LYON, () -> contacts.create(lyon, new ContactData(tag + "@example.com", null,
                tag, "Erased", null, null, null, null, null, null, List.of())));
        personas.runAs(LYON, () -> contacts.erase(erased));

        MockHttpServletResponse r = export(get("/portal/contacts/export.csv").param("branchId", lyon.toString()),
                LYON, Locale.ENGLISH);
        List<CsvRecord> rows = rows(r.getContentAsByteArray(), ',');
        List<String> header = rows.get(0).getFields();
        long listed = personas.callAs(LYON, () -> {
            long n = 0;
            String cursor = null;
            do {
                Page p = contacts.list(lyon, Filter.none(), cursor, 100);
                n += p.rows().size();
                cursor = p.nextCursor();
            } while (cursor != null);
            return n;
        });
        assertThat(rows.size() - 1).as("the export holds exactly the contacts of the list").isEqualTo(listed);
        assertThat(rows.subList(1, rows.size())).as("no blanked (erased) row")
                .allMatch(row -> !row.getField(header.indexOf("E-mail")).isEmpty()
                        || !row.getField(header.indexOf("Mobile")).isEmpty());
    }

    @Test
    void customAttributesAreColumnsOfTheExportWithTheirValuesInTheReadersFormat(
            @Autowired CustomAttributeService attributes) throws Exception {
        UUID lyon = branch("LYO-01");
        String tag = "Att" + unique();
        String key = "export_" + unique().replace('-', '_');
        String label = "Pointure " + tag;
        personas.runAs(Personas.HQ_ADMIN, () -> attributes.create(new CustomAttributes.Draft(key, label,
                CustomAttributes.AttributeType.NUMBER, List.of())));
        try {
            personas.runAs(LYON, () -> contacts.create(lyon, new ContactData(tag + "@example.com", null, tag,
                    "Attribut", null, null, null, null, null, null, List.of(), java.util.Map.of(key, "38,5"))));
            MockHttpServletResponse r = export(get("/portal/contacts/export.csv").param("branchId", lyon.toString())
                    .param("q", tag), LYON, Locale.FRENCH);
            List<CsvRecord> rows = rows(r.getContentAsByteArray(), ';');
            List<String> header = rows.get(0).getFields();
            assertThat(header).contains(label);
            assertThat(rows).hasSize(2);
            assertThat(rows.get(1).getField(header.indexOf(label))).isEqualTo("38,5");
        } finally {
            personas.runAs(Personas.HQ_ADMIN, () -> attributes.delete(key));
        }
    }

    @Test
    void aManagerCannotExportAnotherBranch() throws Exception {
        UUID nice = branch("NCE-01");
        MockHttpServletResponse r = export(get("/portal/contacts/export.csv").param("branchId", nice.toString()),
                LYON, Locale.ENGLISH);
        assertThat(r.getStatus()).isIn(403, 404);
        assertThat(r.getContentAsString()).doesNotContain("NCE-01;").doesNotContain("Branch code");
    }
}
