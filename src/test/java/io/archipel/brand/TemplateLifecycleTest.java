package io.archipel.brand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.util.HtmlUtils;

/** HQ's side of templates, as a marketer uses it in the browser: list, create, overview, publish, versions. */
@ArchipelTest
class TemplateLifecycleTest {

    private static final String MARKETER = Personas.HQ_MARKETER;
    private static final Pattern EDITOR = Pattern.compile("^/hq/templates/([0-9a-f-]{36})/(email|sms)$");

    @Autowired
    MockMvc mvc;
    @Autowired
    Personas personas;
    @Autowired
    TemplateService templates;

    private String page(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.locale(Locale.ENGLISH).with(personas.as(MARKETER))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private UUID create(TemplateChannel channel, String name) {
        return personas.callAs(MARKETER, () -> templates.create(channel, name, TemplateCategory.PROMOTION, ""));
    }

    private static String unique(String prefix) {
        return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void creatingATemplateOpensTheEditorOfItsChannel() throws Exception {
        String name = unique("Autumn sale");
        MvcResult email = mvc.perform(post("/hq/templates").param("name", name).param("channel", "EMAIL")
                        .param("category", "PROMOTION").param("description", "For the autumn")
                        .with(csrf()).with(personas.as(MARKETER)))
                .andExpect(status().is3xxRedirection()).andReturn();
        Matcher m = EDITOR.matcher(email.getResponse().getRedirectedUrl());
        assertThat(m.matches()).as(email.getResponse().getRedirectedUrl()).isTrue();
        assertThat(m.group(2)).isEqualTo("email");
        Templates.Details created = personas.callAs(MARKETER, () -> templates.get(UUID.fromString(m.group(1))));
        assertThat(created.name()).isEqualTo(name);
        assertThat(created.description()).isEqualTo("For the autumn");
        assertThat(created.category()).isEqualTo(TemplateCategory.PROMOTION);

        String smsName = unique("Flash SMS");
        MvcResult sms = mvc.perform(post("/hq/templates").param("name", smsName).param("channel", "SMS")
                        .param("category", "LOYALTY").with(csrf()).with(personas.as(MARKETER)))
                .andExpect(status().is3xxRedirection()).andReturn();
        assertThat(sms.getResponse().getRedirectedUrl()).matches(EDITOR).endsWith("/sms");

        String form = page(get("/hq/templates/new"));
        assertThat(form).contains("id=\"channel-EMAIL\"", "id=\"channel-SMS\"", "New template");
    }

    @Test
    void aTakenNameIsAFieldErrorAndWhatWasTypedIsKept() throws Exception {
        String name = unique("Christmas");
        create(TemplateChannel.EMAIL, name);
        String html = mvc.perform(post("/hq/templates").param("name", name.toUpperCase()).param("channel", "SMS")
                        .param("category", "EVENT").param("description", "Typed by hand")
                        .locale(Locale.ENGLISH).with(csrf()).with(personas.as(MARKETER)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(html).contains("Another template already has this name.", "id=\"name-error\"",
                "aria-invalid=\"true\"", "value=\"" + name.toUpperCase() + "\"", "Typed by hand");
        assertThat(html).containsPattern("id=\"channel-SMS\" value=\"SMS\"\\s+checked");
        assertThat(html).containsPattern("<option value=\"EVENT\" selected");
        assertThat(personas.callAs(MARKETER, () -> templates.list(name, null, false))).hasSize(1);

        String blank = mvc.perform(post("/hq/templates").param("name", " ").param("channel", "EMAIL")
                        .locale(Locale.ENGLISH).with(csrf()).with(personas.as(MARKETER)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(blank).contains("This field is required.", "id=\"category-error\"");
    }

    @Test
    void theListFiltersBySearchChannelAndArchivedTab() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String emailName = "Filter " + tag + " letter";
        String smsName = "Filter " + tag + " text";
        create(TemplateChannel.EMAIL, emailName);
        UUID sms = create(TemplateChannel.SMS, smsName);

        assertThat(page(get("/hq/templates").param("q", tag))).contains(emailName, smsName, "2 templates",
                "Draft", "New template");
        String smsOnly = page(get("/hq/templates").param("q", tag).param("channel", "SMS"));
        assertThat(smsOnly).contains(smsName).doesNotContain(emailName);
        String fragment = page(get("/hq/templates").param("q", tag).param("channel", "EMAIL")
                .header("HX-Request", "true"));
        assertThat(fragment).contains(emailName, "id=\"template-results\"").doesNotContain(smsName, "<html");

        personas.runAs(MARKETER, () -> templates.archive(sms));
        assertThat(page(get("/hq/templates").param("q", tag))).contains(emailName).doesNotContain(smsName);
        assertThat(page(get("/hq/templates").param("q", tag).param("view", "archived"))).contains(smsName, "Archived")
                .doesNotContain(emailName);
        assertThat(page(get("/hq/templates").param("q", "nothing-like-" + tag))).contains("No template matches");
    }

    @Test
    void theOverviewListsWhatToFixAndTheHistory() throws Exception {
        UUID id = create(TemplateChannel.EMAIL, unique("Overview"));
        Templates.Details d = personas.callAs(MARKETER, () -> templates.get(id));
        TemplateBlock button = d.email().blocks().stream().filter(b -> b.type() == BlockType.BUTTON).findFirst()
                .orElseThrow();
        int position = d.email().indexOf(button.id()) + 1;
        EmailTemplateContent locked = d.email().withBlockReplaced(
                new TemplateBlock(button.id(), BlockType.BUTTON, true, null, button.content()));
        personas.callAs(MARKETER, () -> templates.saveEmailDraft(id, d.version(), locked));

        String html = page(get("/hq/templates/{templateId}", id));
        assertThat(html).contains("1 thing to fix before publishing", "This is required.",
                "Block " + position + " (Button) · Link address", "href=\"/hq/templates/" + id + "/email\"",
                "History", "Created", "Julien Moreau", "Not published yet");

        // the publish page shows the same problem and does not let the marketer publish
        String publish = page(get("/hq/templates/{templateId}/publish", id));
        assertThat(publish).contains("This is required.", "Fix the problems listed here in the editor first.");
        assertThat(publish).containsPattern("id=\"availability-submit\"\\s+disabled");

        // details: saved with the current version, refused with a stale one (what was typed is kept)
        long version = personas.callAs(MARKETER, () -> templates.get(id)).version();
        String renamed = unique("Renamed");
        mvc.perform(post("/hq/templates/{templateId}/details", id).param("name", renamed).param("category", "EVENT")
                        .param("description", "New words").param("version", String.valueOf(version))
                        .with(csrf()).with(personas.as(MARKETER)))
                .andExpect(redirectedUrl("/hq/templates/" + id))
                .andExpect(flash().attribute("flashSuccess", "catalog.details.saved"));
        String stale = mvc.perform(post("/hq/templates/{templateId}/details", id).param("name", "Too late")
                        .param("category", "EVENT").param("version", String.valueOf(version))
                        .locale(Locale.ENGLISH).with(csrf()).with(personas.as(MARKETER)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(stale).contains("Someone else changed this record", "value=\"Too late\"");
        String after = page(get("/hq/templates/{templateId}", id));
        assertThat(after).contains(renamed, "Details changed", "Event");
    }

    @Test
    void publishingWithAnEmptyPilotGroupOrBadDatesShowsTheErrorNextToTheFields() throws Exception {
        UUID id = create(TemplateChannel.EMAIL, unique("Pilot"));
        long version = personas.callAs(MARKETER, () -> templates.get(id)).version();
        String html = mvc.perform(post("/hq/templates/{templateId}/publish", id).param("audience", "PILOT")
                        .param("version", String.valueOf(version)).locale(Locale.ENGLISH).with(csrf())
                        .with(personas.as(MARKETER)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(html).contains("id=\"pilot-error\"",
                "Choose at least one territory or branch for the pilot group.");
        assertThat(html).containsPattern("id=\"audience-PILOT\" value=\"PILOT\" data-audience\\s+checked");

        LocalDate from = LocalDate.now().plusDays(10);
        String dates = mvc.perform(post("/hq/templates/{templateId}/publish", id).param("audience", "NETWORK")
                        .param("from", from.toString()).param("until", from.minusDays(2).toString())
                        .param("version", String.valueOf(version)).locale(Locale.ENGLISH).with(csrf())
                        .with(personas.as(MARKETER)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(dates).contains("id=\"until-error\"", "The end date is before the start date.",
                "value=\"" + from + "\"");
        assertThat(personas.callAs(MARKETER, () -> templates.versions(id))).isEmpty();
    }

    @Test
    void publishingThenDiscardingAndReadingAVersion() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        UUID id = create(TemplateChannel.SMS, unique("Pinned"));
        Templates.Details d = personas.callAs(MARKETER, () -> templates.get(id));
        SmsTemplateContent original = new SmsTemplateContent(List.of(
                new SmsTemplateContent.Part("a", false, "Original " + tag + " offer", false, null)), "STOP 36111");
        long v1 = personas.callAs(MARKETER, () -> templates.saveSmsDraft(id, d.version(), original)).version();
        mvc.perform(post("/hq/templates/{templateId}/publish", id).param("audience", "NETWORK")
                        .param("version", String.valueOf(v1)).with(csrf()).with(personas.as(MARKETER)))
                .andExpect(redirectedUrl("/hq/templates/" + id))
                .andExpect(flash().attribute("flashSuccess", "catalog.published"));

        long v2 = personas.callAs(MARKETER, () -> templates.get(id)).version();
        personas.callAs(MARKETER, () -> templates.saveSmsDraft(id, v2, new SmsTemplateContent(List.of(
                new SmsTemplateContent.Part("a", false, "Changed " + tag + " offer", false, null)), "STOP 36111")));

        String overview = page(get("/hq/templates/{templateId}", id));
        assertThat(overview).contains("Published v1", "+ unpublished changes", "Discard unpublished changes",
                "Published version 1", "First version.", "/hq/templates/" + id + "/versions/1");
        String version = page(get("/hq/templates/{templateId}/versions/{number}", id, 1));
        assertThat(version).contains("Original " + tag + " offer", "This version is frozen",
                "The draft has changed since").doesNotContain("Changed " + tag);
        mvc.perform(get("/hq/templates/{templateId}/versions/{number}", id, 7).with(personas.as(MARKETER)))
                .andExpect(status().isNotFound());

        long v3 = personas.callAs(MARKETER, () -> templates.get(id)).version();
        mvc.perform(post("/hq/templates/{templateId}/discard", id).param("version", String.valueOf(v3))
                        .with(csrf()).with(personas.as(MARKETER)))
                .andExpect(redirectedUrl("/hq/templates/" + id))
                .andExpect(flash().attribute("flashSuccess", "catalog.discarded"));
        Templates.Details back = personas.callAs(MARKETER, () -> templates.get(id));
        assertThat(back.unpublishedChanges()).isFalse();
        assertThat(back.sms().text()).contains("Original " + tag);
    }

    @Test
    void anEmailVersionPreviewIsTheFrozenContentInItsOwnSandbox() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        UUID id = create(TemplateChannel.EMAIL, unique("Frozen e-mail"));
        Templates.Details d = personas.callAs(MARKETER, () -> templates.get(id));
        TemplateBlock heading = d.email().blocks().stream().filter(b -> b.type() == BlockType.HEADING).findFirst()
                .orElseThrow();
        long v1 = personas.callAs(MARKETER, () -> templates.saveEmailDraft(id, d.version(), d.email()
                .withBlockReplaced(heading.withContent(Map.of("text", "Heading one " + tag))))).version();
        personas.callAs(MARKETER, () -> templates.publish(id, v1, Availability.NETWORK));
        Templates.Details after = personas.callAs(MARKETER, () -> templates.get(id));
        personas.callAs(MARKETER, () -> templates.saveEmailDraft(id, after.version(), after.email()
                .withBlockReplaced(heading.withContent(Map.of("text", "Heading two " + tag)))));

        String page = page(get("/hq/templates/{templateId}/versions/{number}", id, 1));
        assertThat(page).contains("<iframe", "sandbox=\"allow-popups allow-popups-to-escape-sandbox\"",
                "src=\"/hq/templates/" + id + "/versions/1/preview\"");
        MvcResult preview = mvc.perform(get("/hq/templates/{templateId}/versions/{number}/preview", id, 1)
                        .locale(Locale.ENGLISH).with(personas.as(MARKETER)))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Security-Policy", org.hamcrest.Matchers.containsString("sandbox")))
                .andReturn();
        assertThat(preview.getResponse().getContentAsString(StandardCharsets.UTF_8)).contains("Heading one " + tag)
                .doesNotContain("Heading two " + tag);
    }

    @Test
    void injectionPayloadsInNameAndDescriptionComeOutAsEscapedText() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String payload = "${7*7} __${T(java.lang.Runtime)}__ [[${1+1}]] {{env}} #{x} <b>bold</b> " + tag;
        MvcResult created = mvc.perform(post("/hq/templates").param("name", payload).param("channel", "EMAIL")
                        .param("category", "PROMOTION").param("description", "Desc " + payload)
                        .with(csrf()).with(personas.as(MARKETER)))
                .andExpect(status().is3xxRedirection()).andReturn();
        Matcher m = EDITOR.matcher(created.getResponse().getRedirectedUrl());
        assertThat(m.matches()).isTrue();
        UUID id = UUID.fromString(m.group(1));
        String escaped = HtmlUtils.htmlEscape(payload);

        String list = page(get("/hq/templates").param("q", tag));
        assertThat(list).contains(escaped).doesNotContain("<b>bold</b>");
        String overview = page(get("/hq/templates/{templateId}", id));
        assertThat(overview).contains(escaped, "Desc " + escaped).doesNotContain("<b>bold</b>");
        for (String html : List.of(list, overview)) {
            assertThat(html).contains("${7*7}", "__${T(java.lang.Runtime)}__", "[[${1+1}]]", "{{env}}", "#{x}")
                    .doesNotContain(">49 ", "[[2]]");
        }
    }
}
