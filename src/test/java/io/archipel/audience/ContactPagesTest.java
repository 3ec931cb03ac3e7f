package io.archipel.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.archipel.audience.Contacts.Channel;
import io.archipel.audience.Contacts.ConsentState;
import io.archipel.audience.Contacts.Contact;
import io.archipel.audience.Contacts.ContactData;
import io.archipel.audience.Contacts.Filter;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The contact pages as a branch manager and as HQ use them. */
@ArchipelTest
class ContactPagesTest {

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

    MockHttpServletResponse perform(MockHttpServletRequestBuilder request, String persona) throws Exception {
        return mvc.perform(request.locale(Locale.ENGLISH).with(personas.as(persona))).andReturn().getResponse();
    }

    String page(MockHttpServletRequestBuilder request, String persona) throws Exception {
        MockHttpServletResponse r = perform(request, persona);
        assertThat(r.getStatus()).isEqualTo(200);
        return r.getContentAsString(StandardCharsets.UTF_8);
    }

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aManagerAddsAContactAndInvalidInputComesBackWithWhatWasTyped() throws Exception {
        UUID lyon = branch("LYO-01");
        String last = "Typed" + unique();
        MockHttpServletResponse bad = perform(post("/portal/contacts").param("branchId", lyon.toString())
                .param("firstName", "Éloïse").param("lastName", last).param("email", "not-an-address")
                .param("mobile", "06 12").param("totalSpend", "abc").param("birthDate", "2001-02-30").with(csrf()), LYON);
        assertThat(bad.getStatus()).isEqualTo(200);
        String html = bad.getContentAsString(StandardCharsets.UTF_8);
        assertThat(html).contains("value=\"" + last + "\"").contains("value=\"not-an-address\"")
                .contains("value=\"abc\"").contains("Enter a positive amount").contains("Enter a valid date")
                .contains("is-invalid");

        String email = "new." + unique() + "@example.com";
        MockHttpServletResponse ok = perform(post("/portal/contacts").param("branchId", lyon.toString())
                .param("firstName", "Éloïse").param("lastName", last).param("email", email)
                .param("mobile", "06 12 34 56 78").param("totalSpend", "1 250,50").param("tags", "vip, newsletter")
                .with(csrf()), LYON);
        assertThat(ok.getStatus()).isEqualTo(302);
        Contact created = personas.callAs(LYON, () -> contacts.list(lyon, new Filter(last, null, null, null, null),
                null, 20)).rows().get(0);
        assertThat(ok.getRedirectedUrl()).isEqualTo("/portal/contacts/" + created.id());
        assertThat(created.mobile()).isEqualTo("+33612345678");
        assertThat(created.totalSpend()).isEqualByComparingTo("1250.50");
        assertThat(created.tags()).containsExactly("vip", "newsletter");

        // same address again in the same branch: a clear error on the e-mail field, input kept
        String dup = page(post("/portal/contacts").param("branchId", lyon.toString()).param("lastName", "Second")
                .param("email", email.toUpperCase()).with(csrf()), LYON);
        assertThat(dup).contains("already uses this e-mail address").contains("value=\"Second\"");

        // the list finds it by name, e-mail, mobile and city (htmx returns the rows only)
        String rows = page(get("/portal/contacts").param("q", "0612345678").param("branchId", lyon.toString())
                .header("HX-Request", "true"), LYON);
        assertThat(rows).contains(last).doesNotContain("<html");
        assertThat(page(get("/portal/contacts").param("q", last), LYON)).contains(email);

        // edit, then a stale save keeps the typed text and says why
        String edited = "Edited" + unique();
        assertThat(perform(post("/portal/contacts/" + created.id()).param("lastName", edited).param("email", email)
                .param("version", String.valueOf(created.version())).with(csrf()), LYON).getStatus()).isEqualTo(302);
        String stale = page(post("/portal/contacts/" + created.id()).param("lastName", "Stale typed").param("email", email)
                .param("version", String.valueOf(created.version())).with(csrf()), LYON);
        assertThat(stale).contains("Someone else changed this record").contains("value=\"Stale typed\"");

        // delete
        assertThat(perform(post("/portal/contacts/" + created.id() + "/delete").with(csrf()), LYON).getStatus())
                .isEqualTo(302);
        assertThat(perform(get("/portal/contacts/" + created.id()), LYON).getStatus()).isEqualTo(404);
    }

    @Test
    void theContactPageRecordsConsentWithProofExportsAndErases() throws Exception {
        UUID lyon = branch("LYO-01");
        String email = "page." + unique() + "@example.com";
        UUID id = personas.callAs(LYON, () -> contacts.create(lyon, new ContactData(email, null, "Paul", "Page",
                null, null, "Lyon", null, null, null, List.of())));
        assertThat(page(get("/portal/contacts/" + id), LYON)).contains("No consent recorded yet");
        // the proof is required
        assertThat(page(post("/portal/contacts/" + id + "/consent").param("channel", "EMAIL").param("state", "GRANTED")
                .param("source", "FORM").with(csrf()), LYON)).contains("This field is required");
        assertThat(perform(post("/portal/contacts/" + id + "/consent").param("channel", "EMAIL")
                .param("state", "GRANTED").param("source", "FORM").param("proof", "Signed the loyalty card form")
                .with(csrf()), LYON).getStatus()).isEqualTo(302);
        String detail = page(get("/portal/contacts/" + id), LYON);
        assertThat(detail).contains("Signed the loyalty card form").contains("Granted");
        assertThat(personas.callAs(LYON, () -> contacts.currentConsent(id, Channel.EMAIL)))
                .isEqualTo(ConsentState.GRANTED);

        MockHttpServletResponse export = perform(get("/portal/contacts/" + id + "/export"), LYON);
        assertThat(export.getStatus()).isEqualTo(200);
        assertThat(export.getHeader("Content-Disposition")).contains("attachment");
        assertThat(export.getContentAsString(StandardCharsets.UTF_8)).contains(email)
                .contains("Signed the loyalty card form");

        assertThat(perform(post("/portal/contacts/" + id + "/erase").with(csrf()), LYON).getStatus()).isEqualTo(302);
        String erased = page(get("/portal/contacts/" + id), LYON);
        assertThat(erased).contains("Erased contact").doesNotContain(email).doesNotContain("Paul");
        assertThat(personas.callAs(LYON, () -> contacts.isSuppressed(email, null))).isTrue();
    }

    @Test
    void theLyonManagerNeverSeesNiceContactsWhileHqSeesBoth() throws Exception {
        UUID nice = branch("NCE-01");
        String marker = "Nicoise" + unique();
        UUID id = personas.callAs(NICE, () -> contacts.create(nice, new ContactData(marker + "@example.com", null,
                marker, "Contact", null, null, "Nice", null, null, null, List.of())));
        assertThat(page(get("/portal/contacts").param("q", marker), LYON)).doesNotContain(marker + "@example.com")
                .contains("No contact matches");
        assertThat(perform(get("/portal/contacts").param("branchId", nice.toString()), LYON).getStatus())
                .isIn(403, 404);
        assertThat(perform(get("/portal/contacts/" + id), LYON).getStatus()).isIn(403, 404);
        assertThat(perform(get("/portal/contacts/" + id + "/edit"), LYON).getStatus()).isIn(403, 404);
        assertThat(perform(get("/portal/contacts/" + id + "/export"), LYON).getStatus()).isIn(403, 404);
        assertThat(perform(post("/portal/contacts/" + id).param("lastName", "Hacked").param("email", "h@example.com")
                .with(csrf()), LYON).getStatus()).isIn(403, 404);
        assertThat(perform(post("/portal/contacts/" + id + "/delete").with(csrf()), LYON).getStatus()).isIn(403, 404);
        assertThat(personas.callAs(NICE, () -> contacts.get(id)).lastName()).isEqualTo("Contact");

        String hq = page(get("/hq/contacts").param("q", marker), Personas.HQ_MARKETER);
        assertThat(hq).contains(marker).contains("NCE-01");
    }

    @Test
    void templateInjectionInNamesComesOutLiteral() throws Exception {
        UUID lyon = branch("LYO-01");
        String tag = "inj" + unique();
        UUID id = personas.callAs(LYON, () -> contacts.create(lyon, new ContactData(tag + "@example.com", null,
                "${7*7}", "__${T(java.lang.Runtime)}__ [[${1+1}]]", null, null, "[(${2*3})]", null, null, null,
                List.of(tag))));
        String detail = page(get("/portal/contacts/" + id), LYON);
        assertThat(detail).contains("${7*7}").contains("__${T(java.lang.Runtime)}__ [[${1+1}]]").contains("[(${2*3})]")
                .doesNotContain(">49<");
        String list = page(get("/portal/contacts").param("tag", tag), LYON);
        assertThat(list).contains("${7*7}").contains("[[${1+1}]]");
        String hq = page(get("/hq/contacts").param("tag", tag), Personas.HQ_ADMIN);
        assertThat(hq).contains("${7*7}");
    }

    @Test
    void hqAddsAnAddressToTheSuppressionList() throws Exception {
        String email = "complaint." + unique() + "@example.com";
        assertThat(page(post("/hq/contacts/suppression").param("email", "nope").param("reason", "COMPLAINT")
                .with(csrf()), Personas.HQ_ADMIN)).contains("Enter a valid e-mail address").contains("value=\"nope\"");
        assertThat(perform(post("/hq/contacts/suppression").param("email", email).param("reason", "COMPLAINT")
                .with(csrf()), Personas.HQ_ADMIN).getStatus()).isEqualTo(302);
        assertThat(personas.callAs(LYON, () -> contacts.isSuppressed(email, null))).isTrue();
        String list = page(get("/hq/contacts/suppression"), Personas.HQ_ADMIN);
        assertThat(list).contains(ContactService.emailHash(email).substring(0, 12)).contains("Complaint")
                .doesNotContain(email);
        assertThat(perform(get("/hq/contacts/suppression"), LYON).getStatus()).isEqualTo(403);
    }
}
