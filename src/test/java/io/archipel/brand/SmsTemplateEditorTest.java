package io.archipel.brand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The HQ SMS template editor: parts, opt-out, live preview and length counter, autosave, structure, safety. */
@ArchipelTest
class SmsTemplateEditorTest {

    private static final String MARKETER = Personas.HQ_MARKETER;

    @Autowired
    MockMvc mvc;
    @Autowired
    Personas personas;
    @Autowired
    TemplateService templates;
    @Autowired
    BranchService branches;

    private UUID newSmsTemplate() {
        return personas.callAs(MARKETER, () -> templates.create(TemplateChannel.SMS,
                "Weekend SMS " + UUID.randomUUID(), TemplateCategory.PROMOTION, "Flash sale"));
    }

    private Templates.Details details(UUID id) {
        return personas.callAs(MARKETER, () -> templates.get(id));
    }

    private static String url(UUID id) {
        return "/hq/templates/" + id + "/sms";
    }

    private Document page(UUID id, String language) throws Exception {
        String html = mvc.perform(get(url(id)).with(personas.as(MARKETER)).header("Accept-Language", language))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        return Jsoup.parse(html);
    }

    /** A post of the editor form with the given content (as the browser sends it). */
    private MockHttpServletRequestBuilder form(String path, long version, List<SmsTemplateContent.Part> parts,
            String optOut, boolean htmx) {
        MockHttpServletRequestBuilder request = post(path).with(personas.as(MARKETER)).with(csrf())
                .header("Accept-Language", "en").param("version", Long.toString(version)).param("optOut", optOut);
        for (int i = 0; i < parts.size(); i++) {
            SmsTemplateContent.Part p = parts.get(i);
            String base = "parts[" + i + "].";
            request.param(base + "id", p.id()).param(base + "text", p.text());
            if (p.editable()) {
                request.param(base + "editable", "true")
                        .param(base + "maxLength", p.maxLength() == null ? "" : p.maxLength().toString());
                if (p.required()) {
                    request.param(base + "required", "true");
                }
            }
        }
        if (htmx) {
            request.header("HX-Request", "true");
        }
        return request;
    }

    private Document autosave(UUID id, List<SmsTemplateContent.Part> parts, String optOut) throws Exception {
        String html = mvc.perform(form(url(id), details(id).version(), parts, optOut, true))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        return Jsoup.parseBodyFragment(html);
    }

    private static List<SmsTemplateContent.Part> oneFixedPart(String text) {
        return List.of(new SmsTemplateContent.Part("p1", false, text, false, null));
    }

    private static String figure(Document doc, int index) {
        return doc.select("#sms-counter .sms-figure dd").get(index).text();
    }

    @Test
    void theEditorShowsTheStarterPartsTheOptOutAndAPreview() throws Exception {
        UUID id = newSmsTemplate();
        SmsTemplateContent sms = details(id).sms();
        Document doc = page(id, "en");

        assertThat(doc.select("textarea.sms-part-text")).extracting(Element::wholeText)
                .containsExactly(sms.parts().get(0).text(), sms.parts().get(1).text());
        assertThat(doc.select(".sms-part .sms-part-head .badge")).extracting(Element::text)
                .containsExactly("Fixed text", "Editable zone");
        assertThat(doc.selectFirst("#sms-optout").val()).isEqualTo(sms.optOut());
        assertThat(doc.select("label[for=sms-optout]").text()).contains("Text added at the end of every SMS");
        // the zone's settings, and the merge picker with SMS fields only (no links)
        String zone = sms.parts().get(1).id();
        assertThat(doc.selectFirst("#part-" + zone + "-max").val()).isEqualTo("100");
        assertThat(doc.selectFirst("#part-" + zone + "-required").hasAttr("checked")).isTrue();
        assertThat(doc.select("[data-merge-target='part-" + zone + "-text']")).extracting(e -> e.attr("data-merge-token"))
                .contains("{{contact.firstName}}", "{{branch.hours}}").doesNotContain("{{unsubscribe.url}}",
                        "{{viewOnline.url}}", "{{contact.email}}");
        // the preview: the sample branch fills {{branch.name}}, the opt-out comes last
        String bubble = doc.selectFirst(".sms-bubble").text();
        assertThat(bubble).startsWith("Downtown store").endsWith(sms.optOut());
        assertThat(doc.select(".sms-badges").text()).contains("Draft, never published");
        assertThat(doc.selectFirst("a[href='/hq/templates/" + id + "']")).isNotNull();

        Document fr = page(id, "fr");
        assertThat(fr.select(".sms-part .sms-part-head .badge")).extracting(Element::text)
                .containsExactly("Texte fixe", "Zone modifiable");
        assertThat(fr.selectFirst(".sms-bubble").text()).startsWith("Maison du Centre");
        assertThat(fr.select("#sms-counter").text()).contains("Facturé comme", "1 SMS");
    }

    @Test
    void theChosenBranchFillsThePreview() throws Exception {
        UUID id = newSmsTemplate();
        BranchService.BranchView lyon = personas.callAs(MARKETER, () -> branches.visibleBranches().stream()
                .filter(b -> b.code().equals("LYO-01")).findFirst().orElseThrow());
        String html = mvc.perform(get(url(id)).param("branchId", lyon.id().toString()).with(personas.as(MARKETER))
                .header("Accept-Language", "en")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        Document doc = Jsoup.parse(html);
        assertThat(doc.selectFirst(".sms-bubble").text()).startsWith(lyon.name());
        assertThat(doc.selectFirst("#sms-branch option[selected]").val()).isEqualTo(lyon.id().toString());

        String fragment = mvc.perform(get(url(id) + "/preview").param("branchId", lyon.id().toString())
                .header("HX-Request", "true").with(personas.as(MARKETER)).header("Accept-Language", "en"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        Document panel = Jsoup.parseBodyFragment(fragment);
        assertThat(panel.selectFirst("#sms-preview-panel .sms-bubble").text()).startsWith(lyon.name());
        assertThat(panel.selectFirst("#sms-branch-field").val()).isEqualTo(lyon.id().toString());
    }

    @Test
    void anAutosaveStoresTheTextAndAnswersWithoutTheFieldsBeingTyped() throws Exception {
        UUID id = newSmsTemplate();
        SmsTemplateContent sms = details(id).sms();
        List<SmsTemplateContent.Part> parts = new ArrayList<>(sms.parts());
        SmsTemplateContent.Part zone = parts.get(1);
        parts.set(1, new SmsTemplateContent.Part(zone.id(), true, "Doubles points today only!", true, 80));
        long before = details(id).version();

        Document answer = autosave(id, parts, "STOP au 36111");

        Templates.Details after = details(id);
        assertThat(after.sms().parts().get(1).text()).isEqualTo("Doubles points today only!");
        assertThat(after.sms().parts().get(1).maxLength()).isEqualTo(80);
        assertThat(after.sms().optOut()).isEqualTo("STOP au 36111");
        assertThat(after.version()).isGreaterThan(before);
        // out-of-band swaps only, never the textareas (the cursor would jump)
        assertThat(answer.select("textarea")).isEmpty();
        assertThat(answer.selectFirst("#sms-version").val()).isEqualTo(Long.toString(after.version()));
        assertThat(answer.selectFirst("#sms-save-status").text()).isEqualTo("All changes saved");
        assertThat(answer.selectFirst("#sms-preview-panel .sms-bubble").text()).contains("Doubles points today only!");
        assertThat(answer.select("[hx-swap-oob]")).isNotEmpty();
    }

    @Test
    void aPlainSaveRedirectsWithAMessage() throws Exception {
        UUID id = newSmsTemplate();
        mvc.perform(form(url(id), details(id).version(), oneFixedPart("Hello {{contact.firstName}}!"), "STOP au 36111",
                false)).andExpect(status().is3xxRedirection()).andExpect(redirectedUrl(url(id)))
                .andExpect(flash().attribute("flashSuccess", "sms.flash.saved"));
        assertThat(details(id).sms().text()).isEqualTo("Hello {{contact.firstName}}! STOP au 36111");
    }

    @Test
    void theCounterFollowsTheEncodingAsTheTextChanges() throws Exception {
        UUID id = newSmsTemplate();

        Document plain = autosave(id, oneFixedPart("Sale -10 today"), "STOP au 36111");
        assertThat(figure(plain, 1)).isEqualTo("1 SMS");
        assertThat(figure(plain, 3)).isEqualTo("Standard (GSM-7)");
        assertThat(figure(plain, 0)).isEqualTo("28");

        // € is in the GSM extension table: still GSM-7, but it counts twice
        Document euro = autosave(id, oneFixedPart("Sale -10€ today"), "STOP au 36111");
        assertThat(figure(euro, 3)).isEqualTo("Standard (GSM-7)");
        assertThat(figure(euro, 0)).isEqualTo("30");
        assertThat(figure(euro, 2)).isEqualTo("130");

        // an emoji switches the whole message to Unicode: 70 per SMS, the emoji takes two
        Document emoji = autosave(id, oneFixedPart("Sale -10€ today \uD83C\uDF89"), "STOP au 36111");
        assertThat(figure(emoji, 1)).isEqualTo("1 SMS");
        assertThat(figure(emoji, 3)).isEqualTo("Unicode");
        assertThat(figure(emoji, 0)).isEqualTo("32");
        assertThat(figure(emoji, 2)).isEqualTo("38");
        assertThat(emoji.select("#sms-counter").text()).contains("switches the whole message to Unicode")
                .contains("70 characters per SMS");
        assertThat(emoji.select("#sms-counter .sms-char")).extracting(Element::text).containsExactly("\uD83C\uDF89");

        // "œ" alone does it too
        Document oe = autosave(id, oneFixedPart("Un cœur"), "STOP au 36111");
        assertThat(figure(oe, 3)).isEqualTo("Unicode");
        assertThat(oe.select("#sms-counter .sms-char")).extracting(Element::text).containsExactly("œ");
    }

    @Test
    void a161CharacterGsmTextTakesTwoSms() throws Exception {
        UUID id = newSmsTemplate();
        String text = "a".repeat(161 - " STOP au 36111".length());
        Document doc = autosave(id, oneFixedPart(text), "STOP au 36111");
        assertThat(figure(doc, 0)).isEqualTo("161");
        assertThat(figure(doc, 1)).isEqualTo("2 SMS");
        assertThat(figure(doc, 2)).isEqualTo("145"); // 153 + 8: 145 left in the second one
        assertThat(doc.select("#sms-counter").text()).contains("153 characters per SMS");

        Document fits = autosave(id, oneFixedPart(text.substring(1)), "STOP au 36111");
        assertThat(figure(fits, 1)).isEqualTo("1 SMS");
        assertThat(figure(fits, 2)).isEqualTo("0");
    }

    @Test
    void aBlankOptOutIsAProblemShownAtTheField() throws Exception {
        UUID id = newSmsTemplate();
        Document answer = autosave(id, details(id).sms().parts(), "  ");
        assertThat(answer.selectFirst("#sms-optout-problems").text()).contains("The opt-out mention is required");
        assertThat(answer.selectFirst("#sms-optout-problems").attr("data-problems-for")).isEqualTo("sms-optout");
        assertThat(answer.select("#sms-summary").text()).contains("1 thing to fix");
        assertThat(details(id).sms().optOut()).isEmpty();

        Document doc = page(id, "en");
        Element optOut = doc.selectFirst("#sms-optout");
        assertThat(optOut.hasClass("is-invalid")).isTrue();
        assertThat(optOut.attr("aria-invalid")).isEqualTo("true");
        assertThat(optOut.attr("aria-describedby")).contains("sms-optout-problems");
        assertThat(doc.selectFirst("#sms-optout-problems").text()).contains("The opt-out mention is required");
        assertThat(doc.selectFirst("#sms-summary a[href='#sms-optout']")).isNotNull();
    }

    @Test
    void partsCanBeAddedMovedToggledAndRemoved() throws Exception {
        UUID id = newSmsTemplate();
        SmsTemplateContent sms = details(id).sms();

        String html = mvc.perform(form(url(id) + "/parts", details(id).version(), sms.parts(), sms.optOut(), true)
                .param("op", "addZone")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        Document answer = Jsoup.parseBodyFragment(html);
        List<SmsTemplateContent.Part> parts = details(id).sms().parts();
        assertThat(parts).hasSize(3);
        SmsTemplateContent.Part added = parts.get(2);
        assertThat(added.editable()).isTrue();
        assertThat(answer.select("#sms-parts textarea.sms-part-text")).hasSize(3);
        assertThat(answer.selectFirst("#part-" + added.id() + "-text").attr("data-autofocus")).isEqualTo("true");

        mvc.perform(form(url(id) + "/parts", details(id).version(), parts, sms.optOut(), true)
                .param("op", "up:" + added.id())).andExpect(status().isOk());
        assertThat(details(id).sms().parts()).extracting(SmsTemplateContent.Part::id)
                .containsExactly(parts.get(0).id(), added.id(), parts.get(1).id());

        // the switch: the first part (fixed) becomes an editable zone and shows its settings
        List<SmsTemplateContent.Part> now = new ArrayList<>(details(id).sms().parts());
        SmsTemplateContent.Part first = now.get(0);
        now.set(0, new SmsTemplateContent.Part(first.id(), true, first.text(), false, null));
        html = mvc.perform(form(url(id) + "/parts", details(id).version(), now, sms.optOut(), true)
                .param("op", "toggle:" + first.id())).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(details(id).sms().parts().get(0).editable()).isTrue();
        assertThat(Jsoup.parseBodyFragment(html).selectFirst("#part-" + first.id() + "-max")).isNotNull();

        // without JavaScript: the button submits the form and comes back to the editor
        mvc.perform(form(url(id) + "/parts", details(id).version(), details(id).sms().parts(), sms.optOut(), false)
                .param("op", "remove:" + added.id())).andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl(url(id) + "#sms-add-fixed"));
        assertThat(details(id).sms().parts()).extracting(SmsTemplateContent.Part::id)
                .containsExactly(parts.get(0).id(), parts.get(1).id());
    }

    @Test
    void injectionPayloadsStayLiteralTextInTheEditorAndThePreview() throws Exception {
        UUID id = newSmsTemplate();
        String payload = "${7*7} __${T(java.lang.Runtime)}__ [[${1+1}]] {{env}} #{x} <script>alert(1)</script>";
        Document answer = autosave(id, oneFixedPart(payload), "STOP au 36111");
        assertThat(answer.selectFirst(".sms-bubble").text()).isEqualTo(payload + " STOP au 36111");
        assertThat(answer.selectFirst("#part-p1-problems").text())
                .contains("\"env\" is not a merge field");

        String html = mvc.perform(get(url(id)).with(personas.as(MARKETER)).header("Accept-Language", "en"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(html).doesNotContain("<script>alert(1)").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        Document doc = Jsoup.parse(html);
        assertThat(doc.selectFirst("#part-p1-text").val()).isEqualTo(payload);
        assertThat(doc.selectFirst(".sms-bubble").text()).isEqualTo(payload + " STOP au 36111");
        assertThat(doc.selectFirst("#part-p1-text").hasClass("is-invalid")).isTrue();
        assertThat(doc.select("#sms-summary").text()).contains("\"env\" is not a merge field");
    }

    @Test
    void branchManagersAndValidatorsCannotOpenTheEditor() throws Exception {
        UUID id = newSmsTemplate();
        mvc.perform(get(url(id)).with(personas.as(Personas.BRANCH_MANAGER))).andExpect(status().isForbidden());
        mvc.perform(post(url(id)).with(personas.as(Personas.BRANCH_MANAGER)).with(csrf()).param("version", "0")
                .param("optOut", "hacked")).andExpect(status().isForbidden());
        mvc.perform(get(url(id)).with(personas.as(Personas.VALIDATOR))).andExpect(status().isForbidden());
        assertThat(details(id).sms().optOut()).isNotEqualTo("hacked");
    }

    @Test
    void aStaleVersionSaysSoAndKeepsTheTypedText() throws Exception {
        UUID id = newSmsTemplate();
        long stale = details(id).version();
        autosave(id, oneFixedPart("Saved by a colleague"), "STOP au 36111");

        String html = mvc.perform(form(url(id), stale, oneFixedPart("My own words"), "STOP au 36111", true))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        Document answer = Jsoup.parseBodyFragment(html);
        assertThat(answer.selectFirst("#sms-alerts").text()).contains("Someone else saved this template while you were editing it");
        assertThat(answer.selectFirst("#sms-save-status").text()).isEqualTo("Not saved");
        assertThat(details(id).sms().parts().get(0).text()).isEqualTo("Saved by a colleague");

        // without JavaScript the page comes back with the message and what was typed
        html = mvc.perform(form(url(id), stale, oneFixedPart("My own words"), "STOP au 36111", false))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        Document doc = Jsoup.parse(html);
        assertThat(doc.selectFirst("#sms-alerts").text()).contains("Someone else saved this template while you were editing it");
        assertThat(doc.selectFirst("#part-p1-text").val()).isEqualTo("My own words");

        // a stale version carrying exactly the saved text (Save clicked while its autosave was on the way) is fine
        mvc.perform(form(url(id), stale, oneFixedPart("Saved by a colleague"), "STOP au 36111", false))
                .andExpect(status().is3xxRedirection()).andExpect(flash().attribute("flashSuccess", "sms.flash.saved"));

        // and "save my version anyway" does
        mvc.perform(form(url(id), stale, oneFixedPart("My own words"), "STOP au 36111", false)
                .param("overwrite", "true")).andExpect(status().is3xxRedirection());
        assertThat(details(id).sms().parts().get(0).text()).isEqualTo("My own words");
    }

    @Test
    void anEmailTemplateIsNotEditedHere() throws Exception {
        UUID id = personas.callAs(MARKETER, () -> templates.create(TemplateChannel.EMAIL,
                "Newsletter " + UUID.randomUUID(), TemplateCategory.NEWSLETTER, ""));
        mvc.perform(get(url(id)).with(personas.as(MARKETER))).andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/hq/templates/" + id));
        mvc.perform(post(url(id)).with(personas.as(MARKETER)).with(csrf()).param("version", "0")
                .param("optOut", "x")).andExpect(redirectedUrl("/hq/templates/" + id));
    }
}
