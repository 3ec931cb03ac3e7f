package io.archipel.brand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.FormElement;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The HQ e-mail template editor, driven like a person would: open the page, change what the page's form holds, send
 * it (as the autosave or a structural button does), and look at the page, the saved draft and the preview again.
 */
@ArchipelTest
class EmailTemplateEditorTest {

    private static final String MARKETER = Personas.HQ_MARKETER;

    @Autowired
    MockMvc mvc;
    @Autowired
    Personas personas;
    @Autowired
    TemplateService templates;

    private UUID newTemplate(TemplateChannel channel) {
        return personas.callAs(MARKETER, () -> templates.create(channel, "Editor test " + UUID.randomUUID(),
                TemplateCategory.NEWSLETTER, "For the editor test"));
    }

    private Templates.Details details(UUID id) {
        return personas.callAs(MARKETER, () -> templates.get(id));
    }

    private static String path(UUID id) {
        return "/hq/templates/" + id + "/email";
    }

    private Document open(UUID id) throws Exception {
        MockHttpServletResponse response = mvc.perform(get(path(id))
                .with(marketer("en"))).andExpect(status().isOk()).andReturn().getResponse();
        return Jsoup.parse(response.getContentAsString(StandardCharsets.UTF_8));
    }

    /** What the editor's form would send as it stands on the page (checked boxes, chosen radios, text). */
    private static MultiValueMap<String, String> formOf(Document page) {
        FormElement form = (FormElement) page.getElementById("email-editor");
        MultiValueMap<String, String> values = new LinkedMultiValueMap<>();
        // a checked radio with value="" sends "" in browsers; jsoup sends "on" (the default of a radio WITHOUT value)
        form.formData().forEach(kv -> values.add(kv.key(), kv.key().endsWith("content[image]")
                && "on".equals(kv.value()) ? "" : kv.value()));
        values.remove("_csrf");
        return values;
    }

    private MockHttpServletRequestBuilder send(String url, MultiValueMap<String, String> form, boolean htmx) {
        MockHttpServletRequestBuilder request = post(url).params(form)
                .with(marketer("en")).with(csrf());
        return htmx ? request.header("HX-Request", "true") : request;
    }

    /** Blocks as the page lists them: type names, top to bottom. */
    private static List<String> blockNames(Document page) {
        return page.select("#block-list .block-card .block-title > span:first-child").eachText();
    }

    private static List<String> blockIds(Document page) {
        return page.select("#block-list .block-card").eachAttr("id");
    }

    private static int indexOfBlock(Document page, BlockType type) {
        MultiValueMap<String, String> form = formOf(page);
        for (int i = 0; i < 100; i++) {
            if (type.name().equals(form.getFirst("blocks[" + i + "].type"))) {
                return i;
            }
        }
        throw new AssertionError("no " + type + " block on the page");
    }

    private static String blockId(Document page, BlockType type) {
        return formOf(page).getFirst("blocks[" + indexOfBlock(page, type) + "].id");
    }

    @Test
    void theEditorOpensWithTheStarterBlocksSubjectAndPreview() throws Exception {
        UUID id = newTemplate(TemplateChannel.EMAIL);
        Document page = open(id);

        assertThat(blockNames(page)).containsExactly("Header and logo", "Hero image", "Heading", "Text", "Button",
                "Branch card", "Social links", "Legal footer");
        assertThat(page.getElementById("f-subject").val()).isEqualTo("News from {{branch.name}}");
        assertThat(page.getElementById("status-badge").text()).isEqualTo("Draft, never published");
        assertThat(page.select("#block-list .block-card").first().text()).contains("brand kit");
        assertThat(page.select(".palette-item")).hasSize(BlockType.values().length);
        Element frame = page.getElementById("email-preview-frame");
        assertThat(frame.attr("src")).startsWith(path(id) + "/preview");
        assertThat(frame.hasAttr("sandbox")).isTrue();
        assertThat(page.select("form#test-email-form input[name=branchId]")).hasSize(1);
        assertThat(page.getElementById("test-email-form").attr("hx-post")).isEqualTo("/hq/templates/" + id
                + "/test-email");
        assertThat(page.getElementById("editor-version").val()).isEqualTo(Long.toString(details(id).version()));
    }

    @Test
    void anAutosaveStoresTheEditedHeadingAndAnswersOnlyTheOutOfBandParts() throws Exception {
        UUID id = newTemplate(TemplateChannel.EMAIL);
        Document page = open(id);
        MultiValueMap<String, String> form = formOf(page);
        int heading = indexOfBlock(page, BlockType.HEADING);
        form.set("blocks[" + heading + "].content[text]", "Spring is here, {{contact.firstName}}!");

        MockHttpServletResponse response = mvc.perform(send(path(id), form, true)).andExpect(status().isOk())
                .andExpect(header().string("HX-Trigger-After-Settle", "template-saved")).andReturn().getResponse();

        Templates.Details saved = details(id);
        assertThat(saved.email().blocks().get(heading).value(BlockField.TEXT))
                .isEqualTo("Spring is here, {{contact.firstName}}!");
        Document answer = Jsoup.parse(response.getContentAsString(StandardCharsets.UTF_8));
        assertThat(answer.getElementById("editor-version").val()).isEqualTo(Long.toString(saved.version()));
        assertThat(answer.select("[hx-swap-oob]").eachAttr("id")).contains("editor-version", "save-state",
                "status-badge", "problem-summary");
        // the fields being typed in are never sent back (the cursor would jump)
        assertThat(answer.select("input[type=text], textarea")).isEmpty();
        assertThat(answer.getElementById("save-state").text()).startsWith("Saved ·");

        // the plain submit (no JavaScript) saves too, then comes back to the editor
        MultiValueMap<String, String> again = formOf(open(id));
        again.set("blocks[" + heading + "].content[text]", "Without JavaScript");
        mvc.perform(send(path(id), again, false)).andExpect(redirectedUrl(path(id)));
        assertThat(details(id).email().blocks().get(heading).value(BlockField.TEXT)).isEqualTo("Without JavaScript");
    }

    @Test
    void addMoveDuplicateAndRemoveChangeTheBlocksAsThePageShowsThem() throws Exception {
        UUID id = newTemplate(TemplateChannel.EMAIL);
        Document page = open(id);

        // add: a divider at the end, and the answer is the new block list with the new block to focus
        MockHttpServletResponse added = mvc.perform(send(path(id) + "/blocks", with(formOf(page), "op", "add:DIVIDER"),
                true)).andExpect(status().isOk()).andExpect(header().string("HX-Trigger-After-Settle",
                        "template-saved")).andReturn().getResponse();
        Document list = Jsoup.parse(added.getContentAsString(StandardCharsets.UTF_8));
        assertThat(blockNames(list)).endsWith("Legal footer", "Divider");
        assertThat(list.select("#block-list .block-card").last().attr("data-autofocus")).isEqualTo("true");
        page = open(id);
        assertThat(blockNames(page)).hasSize(9).endsWith("Legal footer", "Divider");

        // move the divider up, above the legal footer
        String divider = blockId(page, BlockType.DIVIDER);
        mvc.perform(send(path(id) + "/blocks", with(formOf(page), "op", "up:" + divider), true))
                .andExpect(status().isOk());
        page = open(id);
        assertThat(blockNames(page)).endsWith("Social links", "Divider", "Legal footer");

        // duplicate the heading: the copy comes right after it
        String heading = blockId(page, BlockType.HEADING);
        mvc.perform(send(path(id) + "/blocks", with(formOf(page), "op", "duplicate:" + heading), true))
                .andExpect(status().isOk());
        page = open(id);
        assertThat(blockNames(page)).startsWith("Header and logo", "Hero image", "Heading", "Heading", "Text");
        assertThat(blockIds(page).get(3)).isNotEqualTo("block-" + heading);

        // remove the hero image, without JavaScript this time (a normal submit, then back to the editor)
        String hero = blockId(page, BlockType.HERO_IMAGE);
        mvc.perform(send(path(id) + "/blocks", with(formOf(page), "op", "remove:" + hero), false))
                .andExpect(status().is3xxRedirection());
        page = open(id);
        assertThat(blockNames(page)).containsExactly("Header and logo", "Heading", "Heading", "Text", "Button",
                "Branch card", "Social links", "Divider", "Legal footer");
        assertThat(details(id).email().blocks()).extracting(TemplateBlock::type).doesNotContain(BlockType.HERO_IMAGE);

        // move down at the end changes nothing
        String footer = blockId(page, BlockType.LEGAL_FOOTER);
        mvc.perform(send(path(id) + "/blocks", with(formOf(page), "op", "down:" + footer), true))
                .andExpect(status().isOk());
        assertThat(blockNames(open(id))).last().isEqualTo("Legal footer");
    }

    @Test
    void typedTextIsKeptWhenAStructuralButtonIsUsed() throws Exception {
        UUID id = newTemplate(TemplateChannel.EMAIL);
        Document page = open(id);
        MultiValueMap<String, String> form = formOf(page);
        form.set("subject.text", "Typed just before clicking");
        mvc.perform(send(path(id) + "/blocks", with(form, "op", "add:OFFER"), true)).andExpect(status().isOk());
        Templates.Details saved = details(id);
        assertThat(saved.email().subject().text()).isEqualTo("Typed just before clicking");
        assertThat(saved.email().blocks()).last().extracting(TemplateBlock::type).isEqualTo(BlockType.OFFER);
    }

    @Test
    void aLockedBlockMadeEditableKeepsItsRulesAndATooLongDefaultIsShownNextToTheField() throws Exception {
        UUID id = newTemplate(TemplateChannel.EMAIL);
        Document page = open(id);
        int heading = indexOfBlock(page, BlockType.HEADING);
        String headingId = blockId(page, BlockType.HEADING);

        // lock the heading (the switch unchecked: the browser sends only the marker)
        MultiValueMap<String, String> form = formOf(page);
        form.remove("blocks[" + heading + "].editable");
        mvc.perform(send(path(id), form, true)).andExpect(status().isOk());
        assertThat(details(id).email().blocks().get(heading).locked()).isTrue();
        page = open(id);
        assertThat(page.getElementById("f-b-" + headingId + "-editable").hasAttr("checked")).isFalse();
        assertThat(page.getElementById("r-b-" + headingId).hasAttr("hidden")).isTrue();

        // editable again, at most 300 characters
        form = formOf(page);
        form.set("blocks[" + heading + "].editable", "true");
        form.set("blocks[" + heading + "].maxLength", "300");
        form.set("blocks[" + heading + "].required", "true");
        mvc.perform(send(path(id), form, true)).andExpect(status().isOk());
        TemplateBlock stored = details(id).email().blocks().get(heading);
        assertThat(stored.locked()).isFalse();
        assertThat(stored.constraints().maxLength()).isEqualTo(300);
        assertThat(stored.constraints().required()).isTrue();

        // a default longer than the limit: the message sits next to the field, and the summary counts it
        form = formOf(open(id));
        form.set("blocks[" + heading + "].maxLength", "10");
        form.set("blocks[" + heading + "].content[text]", "A heading much longer than ten characters");
        MockHttpServletResponse answer = mvc.perform(send(path(id), form, true)).andReturn().getResponse();
        Document oob = Jsoup.parse(answer.getContentAsString(StandardCharsets.UTF_8));
        assertThat(oob.select("#problem-summary li[data-slot=b-" + headingId + "-text]").attr("data-message"))
                .isEqualTo("At most 10 characters.");

        page = open(id);
        Element field = page.getElementById("f-b-" + headingId + "-text");
        assertThat(field.hasClass("is-invalid")).isTrue();
        assertThat(field.attr("aria-describedby")).contains("p-b-" + headingId + "-text");
        assertThat(page.getElementById("p-b-" + headingId + "-text").text()).isEqualTo("At most 10 characters.");
        assertThat(page.select(".summary-title").text()).as(page.select(".problem-list").text())
                .isEqualTo("1 thing to fix before publishing");
    }

    @Test
    void templateSyntaxTypedByPeopleStaysLiteralInTheEditorAndThePreview() throws Exception {
        UUID id = newTemplate(TemplateChannel.EMAIL);
        Document page = open(id);
        String payload = "A${7*7}B __${T(java.lang.Runtime)}__ C[[${1+1}]]D {{env}} #{x} *{y}";
        MultiValueMap<String, String> form = formOf(page);
        int heading = indexOfBlock(page, BlockType.HEADING);
        int text = indexOfBlock(page, BlockType.RICH_TEXT);
        form.set("subject.text", payload);
        form.set("blocks[" + heading + "].content[text]", payload);
        form.set("blocks[" + text + "].content[html]", "<p>" + payload + "</p>");
        mvc.perform(send(path(id), form, true)).andExpect(status().isOk());

        page = open(id);
        assertThat(page.getElementById("f-subject").val()).isEqualTo(payload);
        assertThat(page.getElementById("f-b-" + blockId(page, BlockType.HEADING) + "-text").val()).isEqualTo(payload);
        assertThat(page.select(".rte-area").first().text()).contains("A${7*7}B", "C[[${1+1}]]D");
        String html = page.outerHtml();
        assertThat(html).doesNotContain("A49B", "C2D", "java.lang.Runtime@", "class java.lang.Runtime");

        String preview = mvc.perform(get(path(id) + "/preview").with(marketer("en")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(Jsoup.parse(preview).text()).contains("A${7*7}B", "C[[${1+1}]]D", "{{env}}", "#{x}");
        assertThat(preview).doesNotContain("A49B", "C2D", "class java.lang.Runtime");
        String plain = mvc.perform(get(path(id) + "/preview/text").with(marketer("en")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(Jsoup.parse(plain).text()).contains("A${7*7}B", "C[[${1+1}]]D").doesNotContain("A49B", "C2D");
    }

    @Test
    void scriptsAndEventHandlersAreStrippedFromRichText() throws Exception {
        UUID id = newTemplate(TemplateChannel.EMAIL);
        Document page = open(id);
        MultiValueMap<String, String> form = formOf(page);
        int text = indexOfBlock(page, BlockType.RICH_TEXT);
        form.set("blocks[" + text + "].content[html]", "<p onclick=\"steal()\">Hello <strong>there</strong>"
                + "<script>alert('x')</script><img src=x onerror=alert(1)></p>");
        mvc.perform(send(path(id), form, true)).andExpect(status().isOk());

        String stored = details(id).email().blocks().get(text).value(BlockField.HTML);
        assertThat(stored).contains("Hello <strong>there</strong>").doesNotContain("<script", "onerror", "onclick",
                "alert");
        String editorHtml = open(id).select(".rte-area").first().html();
        assertThat(editorHtml).doesNotContain("<script", "onerror", "onclick");
        String preview = mvc.perform(get(path(id) + "/preview").with(personas.as(MARKETER))).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(preview).contains("there").doesNotContain("<script", "onerror", "onclick", "alert(");
    }

    @Test
    void thePreviewCarriesItsOwnPolicyAndIsFramableByOurPagesOnly() throws Exception {
        UUID id = newTemplate(TemplateChannel.EMAIL);
        MockHttpServletResponse response = mvc.perform(get(path(id) + "/preview").param("width", "mobile")
                .with(personas.as(MARKETER))).andExpect(status().isOk()).andReturn().getResponse();
        List<String> policies = response.getHeaders("Content-Security-Policy");
        assertThat(policies).hasSize(1);
        assertThat(policies.get(0)).startsWith("default-src 'none'").contains("frame-ancestors 'self'")
                .doesNotContain("script-src");
        assertThat(response.getHeaders("X-Frame-Options")).containsExactly("SAMEORIGIN");
        assertThat(response.getContentType()).startsWith("text/html");
        assertThat(response.getContentAsString(StandardCharsets.UTF_8)).contains("<html");

        // the editor page itself keeps the application's strict policy
        MockHttpServletResponse page = mvc.perform(get(path(id)).with(personas.as(MARKETER))).andReturn()
                .getResponse();
        assertThat(page.getHeader("Content-Security-Policy")).contains("script-src 'self'");
    }

    @Test
    void thePreviewCanShowABranchOfTheNetwork() throws Exception {
        UUID id = newTemplate(TemplateChannel.EMAIL);
        Document page = open(id);
        Element lyon = page.select("#preview-branch option").stream().filter(o -> o.text().contains("LYO-01"))
                .findFirst().orElseThrow();
        String preview = mvc.perform(get(path(id) + "/preview").param("branchId", lyon.val())
                .with(personas.as(MARKETER))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(preview).contains(lyon.text().replaceAll(" \\(LYO-01\\)$", ""));
    }

    @Test
    void aStaleVersionSaysSoAndKeepsWhatWasTyped() throws Exception {
        UUID id = newTemplate(TemplateChannel.EMAIL);
        Document page = open(id);
        MultiValueMap<String, String> mine = formOf(page);
        MultiValueMap<String, String> theirs = formOf(page);
        theirs.set("subject.text", "Saved by a colleague");
        mvc.perform(send(path(id), theirs, true)).andExpect(status().isOk());

        mine.set("subject.text", "My own subject");
        String answer = mvc.perform(send(path(id), mine, true)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(Jsoup.parse(answer).text()).contains("This template was changed by someone else", "Not saved");
        assertThat(Jsoup.parse(answer).select("#editor-alert").attr("hx-swap-oob")).isEqualTo("true");

        // without JavaScript: the page comes back with the message and what was typed
        MockHttpServletResponse plain = mvc.perform(send(path(id), mine, false)).andExpect(status().isConflict())
                .andReturn().getResponse();
        Document back = Jsoup.parse(plain.getContentAsString(StandardCharsets.UTF_8));
        assertThat(back.getElementById("editor-alert").text()).contains("This template was changed by someone else");
        assertThat(back.getElementById("f-subject").val()).isEqualTo("My own subject");
        assertThat(details(id).email().subject().text()).isEqualTo("Saved by a colleague");

        // structural buttons too
        String structural = mvc.perform(send(path(id) + "/blocks", with(mine, "op", "add:DIVIDER"), true))
                .andExpect(header().string("HX-Reswap", "none")).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(structural).contains("This template was changed by someone else");
    }

    @Test
    void onlyHeadquartersEditorsMayOpenIt() throws Exception {
        UUID id = newTemplate(TemplateChannel.EMAIL);
        mvc.perform(get(path(id)).with(personas.as(Personas.BRANCH_MANAGER))).andExpect(status().isForbidden());
        mvc.perform(get(path(id) + "/preview").with(personas.as(Personas.BRANCH_MANAGER)))
                .andExpect(status().isForbidden());
        mvc.perform(post(path(id)).param("version", "0").param("subject.text", "x")
                .with(personas.as(Personas.BRANCH_MANAGER)).with(csrf())).andExpect(status().isForbidden());
        mvc.perform(post(path(id) + "/blocks").param("op", "add:DIVIDER").param("version", "0")
                .with(personas.as(Personas.BRANCH_MANAGER)).with(csrf())).andExpect(status().isForbidden());
        mvc.perform(get(path(id)).with(personas.as(Personas.VALIDATOR))).andExpect(status().isForbidden());
        mvc.perform(get(path(UUID.randomUUID())).with(personas.as(MARKETER))).andExpect(status().isNotFound());
        mvc.perform(get(path(id)).with(personas.as(Personas.HQ_ADMIN))).andExpect(status().isOk());
    }

    @Test
    void valuesThatDoNotBindAreLeftOutNotRefused() throws Exception {
        UUID id = newTemplate(TemplateChannel.EMAIL);
        Document page = open(id);
        MultiValueMap<String, String> form = formOf(page);
        form.set("blocks[0].type", "NOT_A_BLOCK");
        form.set("blocks[2].maxLength", "many");
        mvc.perform(send(path(id), form, true)).andExpect(status().isOk());
        assertThat(details(id).email().blocks()).hasSize(7).extracting(TemplateBlock::type)
                .doesNotContain(BlockType.HEADER);
        form = formOf(open(id));
        form.set("version", "not a number");
        String answer = mvc.perform(send(path(id), form, true)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(answer).contains("This template was changed by someone else");
    }

    @Test
    void anSmsTemplateOpensItsOwnPage() throws Exception {
        UUID id = newTemplate(TemplateChannel.SMS);
        mvc.perform(get(path(id)).with(personas.as(MARKETER))).andExpect(redirectedUrl("/hq/templates/" + id));
    }

    @Test
    void theEditorSpeaksFrench() throws Exception {
        UUID id = newTemplate(TemplateChannel.EMAIL);
        String html = mvc.perform(get(path(id)).with(marketer("fr")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        Document page = Jsoup.parse(html);
        assertThat(blockNames(page)).contains("En-tête et logo", "Pied de page légal");
        assertThat(page.select(".palette-title, #palette-title").text()).isEqualTo("Ajouter un bloc");
        assertThat(page.text()).contains("Modifiable par les points de vente", "Aperçu pour", "Version texte");
    }

    /** The marketer with a chosen language (their saved preference would otherwise decide). */
    private org.springframework.test.web.servlet.request.RequestPostProcessor marketer(String language) {
        io.archipel.identity.ArchipelUser principal = personas.principal(MARKETER);
        principal.locale(language);
        return org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                .user(principal);
    }

    private static MultiValueMap<String, String> with(MultiValueMap<String, String> form, String key, String value) {
        MultiValueMap<String, String> copy = new LinkedMultiValueMap<>(form);
        copy.set(key, value);
        return copy;
    }
}
