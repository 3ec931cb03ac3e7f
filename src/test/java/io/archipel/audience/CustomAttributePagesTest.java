package io.archipel.audience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.archipel.audience.Contacts.Contact;
import io.archipel.audience.Contacts.ContactData;
import io.archipel.audience.CustomAttributes.AttributeType;
import io.archipel.audience.CustomAttributes.Definition;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** HQ declares contact attributes; branches fill them in on the contact form and read them on the contact page. */
@ArchipelTest
class CustomAttributePagesTest {

    private static final String HQ = Personas.HQ_MARKETER;
    private static final String LYON = Personas.BRANCH_MANAGER;

    @Autowired
    MockMvc mvc;
    @Autowired
    Personas personas;
    @Autowired
    CustomAttributeService attributes;
    @Autowired
    ContactService contacts;
    @Autowired
    BranchService branches;

    MockHttpServletResponse perform(MockHttpServletRequestBuilder request, String persona, Locale locale)
            throws Exception {
        return mvc.perform(request.locale(locale).with(personas.as(persona))).andReturn().getResponse();
    }

    MockHttpServletResponse perform(MockHttpServletRequestBuilder request, String persona) throws Exception {
        return perform(request, persona, Locale.ENGLISH);
    }

    String page(MockHttpServletRequestBuilder request, String persona) throws Exception {
        MockHttpServletResponse r = perform(request, persona);
        assertThat(r.getStatus()).isEqualTo(200);
        return r.getContentAsString(StandardCharsets.UTF_8);
    }

    static String esc(String text) {
        return org.springframework.web.util.HtmlUtils.htmlEscape(text);
    }

    static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    void deleteQuietly(String key) {
        personas.callAs(Personas.HQ_ADMIN, () -> {
            attributes.find(key).ifPresent(d -> attributes.delete(key));
            return null;
        });
    }

    @Test
    void hqDeclaresAChoiceAttributeWhichNeedsValuesThenEditsAndDeletesIt() throws Exception {
        String tag = unique();
        String label = "Boutique préférée " + tag;
        String key = "boutique_preferee_" + tag;
        try {
            // a choice without values: the error is next to the values, what was typed is kept
            String bad = page(post("/hq/attributes").param("label", label).param("type", "CHOICE")
                    .param("allowedValues", "  \n ").with(csrf()), HQ);
            assertThat(bad).contains("A choice needs at least one allowed value").contains("value=\"" + esc(label) + "\"")
                    .contains("is-invalid").contains("aria-describedby=\"allowedValues-error");
            // a tampered type is an error, not a 500
            assertThat(page(post("/hq/attributes").param("label", label).param("type", "SQL").with(csrf()), HQ))
                    .contains("This value is not valid.");

            // key left empty: suggested from the label (accents dropped, snake_case)
            MockHttpServletResponse ok = perform(post("/hq/attributes").param("label", label).param("key", "")
                    .param("type", "CHOICE").param("allowedValues", "Bellecour\nPart-Dieu\n\nbellecour").with(csrf()), HQ);
            assertThat(ok.getStatus()).isEqualTo(302);
            assertThat(ok.getRedirectedUrl()).isEqualTo("/hq/attributes");
            Definition d = personas.callAs(HQ, () -> attributes.get(key));
            assertThat(d.type()).isEqualTo(AttributeType.CHOICE);
            assertThat(d.allowedValues()).containsExactly("Bellecour", "Part-Dieu");

            String list = page(get("/hq/attributes"), HQ);
            assertThat(list).containsAnyOf(label, esc(label)).contains(key).contains("Choice in a list").contains("Part-Dieu")
                    .contains("will be removed from every contact");
            // same key again: error on the key
            assertThat(page(post("/hq/attributes").param("label", "Other").param("key", key).param("type", "TEXT")
                    .with(csrf()), HQ)).contains("An attribute with this key already exists");

            // edit: values changed; a stale save keeps what was typed and says why
            String edit = page(get("/hq/attributes/" + key), HQ);
            assertThat(edit).contains("Bellecour").contains("name=\"version\"");
            assertThat(perform(post("/hq/attributes/" + key).param("label", label + " (v2)")
                    .param("allowedValues", "Bellecour\nConfluence").param("version", String.valueOf(d.version()))
                    .with(csrf()), HQ).getRedirectedUrl()).isEqualTo("/hq/attributes");
            assertThat(personas.callAs(HQ, () -> attributes.get(key)).allowedValues())
                    .containsExactly("Bellecour", "Confluence");
            String stale = page(post("/hq/attributes/" + key).param("label", "Typed while stale")
                    .param("allowedValues", "X").param("version", String.valueOf(d.version())).with(csrf()), HQ);
            assertThat(stale).contains("Someone else changed this record").contains("value=\"Typed while stale\"");

            // French page
            String fr = perform(get("/hq/attributes"), HQ, Locale.FRENCH).getContentAsString(StandardCharsets.UTF_8);
            assertThat(fr).contains("Attributs des contacts").contains("Choix dans une liste");

            // delete
            assertThat(perform(post("/hq/attributes/" + key + "/delete").with(csrf()), HQ).getRedirectedUrl())
                    .isEqualTo("/hq/attributes");
            assertThat(personas.callAs(HQ, () -> attributes.find(key))).isEmpty();
            assertThat(perform(get("/hq/attributes/" + key), HQ).getStatus()).isEqualTo(404);
        } finally {
            deleteQuietly(key);
        }
    }

    @Test
    void branchesCannotDeclareAttributes() throws Exception {
        assertThat(perform(get("/hq/attributes"), LYON).getStatus()).isEqualTo(403);
        assertThat(perform(post("/hq/attributes").param("label", "Nope").param("type", "TEXT").with(csrf()), LYON)
                .getStatus()).isEqualTo(403);
        assertThat(perform(get("/hq/attributes/missing_" + unique()), HQ).getStatus()).isEqualTo(404);
    }

    @Test
    void theContactFormSavesAttributesAndShowsAnErrorForABadNumber() throws Exception {
        String tag = unique();
        String size = "pointure_" + tag;
        String member = "membre_" + tag;
        String since = "depuis_" + tag;
        String tier = "rayon_" + tag;
        try {
            personas.callAs(Personas.HQ_ADMIN, () -> {
                attributes.create(new CustomAttributes.Draft(size, "Pointure " + tag, AttributeType.NUMBER, List.of()));
                attributes.create(new CustomAttributes.Draft(member, "Membre " + tag, AttributeType.BOOLEAN, List.of()));
                attributes.create(new CustomAttributes.Draft(since, "Client depuis " + tag, AttributeType.DATE, List.of()));
                attributes.create(new CustomAttributes.Draft(tier, "Rayon " + tag, AttributeType.CHOICE,
                        List.of("Femme", "Homme")));
                return null;
            });
            UUID lyon = personas.callAs(Personas.HQ_ADMIN, () -> branches.search("LYO-01", null).stream()
                    .filter(b -> b.code().equals("LYO-01")).findFirst().orElseThrow().id());

            String form = page(get("/portal/contacts/new").param("branchId", lyon.toString()), LYON);
            assertThat(form).contains("Pointure " + tag).contains("name=\"attributes[" + size + "]\"")
                    .contains("id=\"attr-" + member + "\"").contains("<option value=\"Homme\"");

            String email = "attr." + tag + "@example.com";
            String bad = page(post("/portal/contacts").param("branchId", lyon.toString()).param("email", email)
                    .param("lastName", "Attr" + tag).param("attributes[" + size + "]", "quarante")
                    .param("attributes[" + tier + "]", "Homme").with(csrf()), LYON);
            assertThat(bad).contains("Enter a number").contains("value=\"quarante\"")
                    .contains("aria-describedby=\"attr-" + size + "-error\"")
                    .containsPattern("<option value=\"Homme\"\\s+selected");

            MockHttpServletResponse ok = perform(post("/portal/contacts").param("branchId", lyon.toString())
                    .param("email", email).param("lastName", "Attr" + tag).param("attributes[" + size + "]", "42,5")
                    .param("attributes[" + member + "]", "true").param("attributes[" + since + "]", "2024-03-15")
                    .param("attributes[" + tier + "]", "homme").with(csrf()), LYON);
            assertThat(ok.getStatus()).isEqualTo(302);
            UUID id = UUID.fromString(ok.getRedirectedUrl().substring("/portal/contacts/".length()));
            Contact c = personas.callAs(LYON, () -> contacts.get(id));
            assertThat(new java.math.BigDecimal(c.attributes().get(size).toString())).isEqualByComparingTo("42.5");
            assertThat(c.attributes()).containsEntry(member, true).containsEntry(since, "2024-03-15")
                    .containsEntry(tier, "Homme");

            String detail = page(get("/portal/contacts/" + id), LYON);
            assertThat(detail).contains("Pointure " + tag).contains("42.5").contains("Mar 15, 2024").contains("Yes");
            String fr = perform(get("/portal/contacts/" + id), LYON, Locale.FRENCH)
                    .getContentAsString(StandardCharsets.UTF_8);
            assertThat(fr).contains("42,5").contains("15 mars 2024").contains("Oui");

            // the edit form comes back with the stored values
            String edit = page(get("/portal/contacts/" + id + "/edit"), LYON);
            assertThat(edit).contains("value=\"42.5\"").contains("value=\"2024-03-15\"")
                    .containsPattern("<option value=\"true\"\\s+selected");
            // a tampered, undeclared attribute is refused with a message, not a 500
            String tampered = page(post("/portal/contacts/" + id).param("email", email)
                    .param("version", String.valueOf(c.version())).param("attributes[nope_" + tag + "]", "x")
                    .with(csrf()), LYON);
            assertThat(tampered).contains("not declared by headquarters");
        } finally {
            deleteQuietly(size);
            deleteQuietly(member);
            deleteQuietly(since);
            deleteQuietly(tier);
        }
    }
}
