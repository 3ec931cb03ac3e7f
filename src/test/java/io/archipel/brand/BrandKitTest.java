package io.archipel.brand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.archipel.identity.Role;
import io.archipel.identity.UserAccountService;
import io.archipel.identity.UserAccountService.UserData;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.ScopeType;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The brand kit page of a fresh tenant per test (one kit per tenant, so tests never share one). */
@ArchipelTest
class BrandKitTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    Personas personas;
    @Autowired
    TenantService tenants;
    @Autowired
    UserAccountService users;
    @Autowired
    BrandKitService brandKits;
    @Autowired
    io.archipel.brand.AssetLibrary assets;

    UUID tenantId;
    String networkName;
    String admin;
    String marketer;

    @BeforeEach
    void newTenant() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        networkName = "Brandtest Network " + tag;
        tenantId = tenants.create("brandtest-" + tag, networkName, "en");
        admin = "brand-admin-" + tag + "@brandtest.example";
        marketer = "brand-marketer-" + tag + "@brandtest.example";
        TenantContext.runAsSystem(tenantId, () -> {
            users.create(new UserData(admin, "Admin " + tag, Role.HQ_ADMIN, ScopeType.TENANT, null, Set.of(),
                    "Brand-Password-2026"));
            users.create(new UserData(marketer, "Marketer " + tag, Role.HQ_MARKETER, ScopeType.TENANT, null,
                    Set.of(), "Brand-Password-2026"));
        });
    }

    private BrandKit kitOf(UUID tenant) {
        return TenantContext.callAs(tenant, brandKits::current);
    }

    /** A valid brand kit form; {@code overrides} are name/value pairs that replace (or add) parameters. */
    private MockHttpServletRequestBuilder validKit(String who, long version, String... overrides) {
        java.util.Map<String, String> p = new java.util.LinkedHashMap<>();
        p.put("version", Long.toString(version));
        p.put("primaryColor", "#AA3300");
        p.put("secondaryColor", "#224466");
        p.put("textColor", "#111111");
        p.put("backgroundColor", "#fafafa");
        p.put("headingFont", "GEORGIA");
        p.put("bodyFont", "VERDANA");
        p.put("senderName", "Maison Test");
        p.put("senderEmail", "news@brandtest.example");
        p.put("replyToRule", "FIXED");
        p.put("replyToAddress", "contact@brandtest.example");
        p.put("legalFooterHtml", "<p>SAS Test, <strong>RCS Lyon</strong> <a href=\"mailto:dpo@brandtest.example\">DPO</a></p>");
        p.put("facebook", "https://www.facebook.com/brandtest");
        p.put("website", "https://www.brandtest.example");
        for (int i = 0; i < overrides.length; i += 2) {
            p.put(overrides[i], overrides[i + 1]);
        }
        MockHttpServletRequestBuilder request = post("/hq/brand").with(personas.as(who)).with(csrf())
                .header("Accept-Language", "en");
        p.forEach(request::param);
        return request;
    }

    @Test
    void theLogoIsPickedFromTheMediaLibraryAndShownInThePreview() throws Exception {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(120, 40,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", png);
        UUID logo = TenantContext.callAs(tenantId, () -> {
            UUID[] id = new UUID[1];
            TenantContext.runAsSystem(tenantId, () -> id[0] = assets.upload("logo-maison.png", png.size(),
                    png::toByteArray).assetId());
            return id[0];
        });
        assertThat(logo).isNotNull();

        mvc.perform(get("/hq/brand").with(personas.as(admin)).header("Accept-Language", "en"))
                .andExpect(content().string(containsString("<option value=\"" + logo + "\">logo-maison")));
        mvc.perform(validKit(marketer, 0, "logoAssetId", logo.toString())).andExpect(redirectedUrl("/hq/brand"));
        assertThat(kitOf(tenantId).logoAssetId()).isEqualTo(logo);
        mvc.perform(get("/hq/brand").with(personas.as(admin)).header("Accept-Language", "en"))
                .andExpect(content().string(containsString("class=\"bp-logo\"")))
                .andExpect(content().string(containsString("/media/" + tenantId + "/" + logo + "/")));

        // an id that is not an image of this network's library (e.g. another network's asset) is refused
        UUID foreign = UUID.randomUUID();
        mvc.perform(validKit(marketer, 1, "logoAssetId", foreign.toString()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Choose an image of your media library.")));
        assertThat(kitOf(tenantId).logoAssetId()).isEqualTo(logo);
    }

    @Test
    void defaultsAreShownWhileNothingIsSaved() throws Exception {
        mvc.perform(get("/hq/brand").with(personas.as(admin)).header("Accept-Language", "en"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("Brand kit"), containsString("value=\"#1d4ed8\""),
                        containsString("value=\"" + networkName + "\""), containsString("Arial"),
                        containsString("/hq/brand/preview.css?p=1d4ed8"))));
        BrandKit kit = kitOf(tenantId);
        assertThat(kit.saved()).isFalse();
        assertThat(kit.senderName()).isEqualTo(networkName);
        assertThat(kit.headingFont()).isEqualTo(WebSafeFont.ARIAL);
    }

    @Test
    void savedKitIsShownAgainAndServedToTemplates() throws Exception {
        mvc.perform(validKit(marketer, 0)).andExpect(redirectedUrl("/hq/brand"))
                .andExpect(flash().attribute("flashSuccess", "brand.saved"));
        BrandKit kit = kitOf(tenantId);
        assertThat(kit.version()).isEqualTo(1);
        assertThat(kit.primaryColor()).isEqualTo("#aa3300");
        assertThat(kit.headingFont()).isEqualTo(WebSafeFont.GEORGIA);
        assertThat(kit.bodyFont().stack()).isEqualTo("Verdana, Geneva, sans-serif");
        assertThat(kit.replyToRule()).isEqualTo(ReplyToRule.FIXED);
        assertThat(kit.replyToAddress()).isEqualTo("contact@brandtest.example");
        assertThat(kit.socialLinks()).containsEntry(SocialNetwork.FACEBOOK, "https://www.facebook.com/brandtest")
                .containsEntry(SocialNetwork.WEBSITE, "https://www.brandtest.example").hasSize(2);
        assertThat(kit.legalFooterHtml()).contains("<strong>RCS Lyon</strong>").contains("mailto:");

        mvc.perform(get("/hq/brand").with(personas.as(admin)).header("Accept-Language", "en"))
                .andExpect(content().string(allOf(containsString("value=\"#aa3300\""),
                        containsString("value=\"news@brandtest.example\""),
                        containsString("value=\"https://www.facebook.com/brandtest\""),
                        containsString("<option value=\"GEORGIA\" selected=\"selected\">Georgia</option>"),
                        containsString("name=\"version\" value=\"1\""))));
    }

    @Test
    void invalidValuesGiveFieldErrorsAndKeepInput() throws Exception {
        mvc.perform(validKit(admin, 0, "primaryColor", "#12345g", "senderEmail", "not-an-email", "instagram", "ftp://instagram.example/me", "replyToAddress", "", "senderName", "Kept name ${7*7}"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("Enter a colour as #rrggbb"),
                        containsString("value=\"#12345g\""), containsString("Enter a valid e-mail address."),
                        containsString("value=\"not-an-email\""), containsString("Enter a full https:// address."),
                        containsString("value=\"ftp://instagram.example/me\""),
                        containsString("Enter the address replies should go to."),
                        containsString("value=\"Kept name ${7*7}\""), containsString("aria-invalid=\"true\""))));
        assertThat(kitOf(tenantId).saved()).isFalse();
    }

    @Test
    void javascriptSocialLinkIsRefused() throws Exception {
        for (String url : List.of("javascript:alert(1)", "JavaScript:alert(document.cookie)", "//evil.example/x",
                "data:text/html,<script>alert(1)</script>", "http://insecure.example")) {
            mvc.perform(validKit(admin, 0, "linkedin", url))
                    .andExpect(status().isOk())
                    .andExpect(content().string(containsString("Enter a full https:// address.")));
        }
        assertThat(kitOf(tenantId).saved()).isFalse();
        // the service refuses it too, whatever the form does
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () ->
                TenantContext.runAsSystem(tenantId, () -> brandKits.save(0, new BrandKit.Changes(null, "#000000",
                        "#000000", "#000000", "#ffffff", WebSafeFont.ARIAL, WebSafeFont.ARIAL, "x", "x@y.example",
                        ReplyToRule.NONE, null, "", java.util.Map.of(SocialNetwork.X, "javascript:alert(1)")))));
    }

    @Test
    void scriptInFooterIsRemovedAndTheUserIsTold() throws Exception {
        MvcResult result = mvc.perform(validKit(admin, 0, "legalFooterHtml",
                        "<p onclick=\"steal()\">Mentions</p><script>alert('xss')</script>"
                                + "<a href=\"javascript:alert(1)\">bad</a>"))
                .andExpect(redirectedUrl("/hq/brand"))
                .andExpect(flash().attribute("flashSuccess", "brand.saved.sanitized")).andReturn();
        assertThat(kitOf(tenantId).legalFooterHtml()).isEqualTo("<p>Mentions</p>bad");

        // what was removed is handed to the page after the redirect, which lists it (removals.html)
        assertThat(result.getFlashMap().get("footerRemovals")).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.list(Object.class)).extracting(Object::toString)
                .anyMatch(r -> r.contains("kind=ELEMENT") && r.contains("element=script"))
                .anyMatch(r -> r.contains("kind=ATTRIBUTE") && r.contains("detail=onclick"))
                .anyMatch(r -> r.contains("kind=LINK"));
        // and the form tells it before saving, in the live preview
        mvc.perform(post("/hq/brand/preview").with(personas.as(admin)).with(csrf()).header("Accept-Language", "en")
                        .param("legalFooterHtml", "<p onclick=\"steal()\">Mentions</p><script>alert('xss')</script>"))
                .andExpect(content().string(allOf(containsString("Will be removed on save:"),
                        containsString("the &lt;script&gt; element"),
                        containsString("the “onclick” attribute of &lt;p&gt;"), not(containsString("alert('xss')")))));
    }

    @Test
    void staleVersionIsRefusedAndKeepsInput() throws Exception {
        mvc.perform(validKit(admin, 0)).andExpect(redirectedUrl("/hq/brand"));
        mvc.perform(validKit(marketer, 1, "senderName", "Marketer's change")).andExpect(redirectedUrl("/hq/brand"));
        mvc.perform(validKit(admin, 1, "senderName", "Admin's late change"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("Someone else changed this record"),
                        containsString("value=\"Admin&#39;s late change\""))));
        // creating a first kit twice: the second attempt is stale too
        mvc.perform(validKit(admin, 0)).andExpect(status().isOk())
                .andExpect(content().string(containsString("Someone else changed this record")));
        assertThat(kitOf(tenantId).senderName()).isEqualTo("Marketer's change");
        assertThat(kitOf(tenantId).version()).isEqualTo(2);
    }

    @Test
    void otherRolesAreForbidden() throws Exception {
        for (String who : List.of(Personas.BRANCH_MANAGER, Personas.EXECUTIVE, Personas.VALIDATOR)) {
            mvc.perform(get("/hq/brand").with(personas.as(who))).andExpect(status().isForbidden());
            mvc.perform(post("/hq/brand").with(personas.as(who)).with(csrf()).param("version", "0"))
                    .andExpect(status().isForbidden());
            mvc.perform(post("/hq/brand/preview").with(personas.as(who)).with(csrf()))
                    .andExpect(status().isForbidden());
        }
    }

    @Test
    void eachTenantHasItsOwnKit() throws Exception {
        mvc.perform(validKit(admin, 0, "senderName", "Only mine " + tenantId))
                .andExpect(redirectedUrl("/hq/brand"));
        mvc.perform(get("/hq/brand").with(personas.as(Personas.HQ_ADMIN)))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("Only mine " + tenantId))))
                .andExpect(content().string(not(containsString("news@brandtest.example"))));
        // the other tenant's row is invisible to this tenant's transactions (row-level security and the key)
        UUID demoTenant = personas.principal(Personas.HQ_ADMIN).tenantId();
        assertThat(kitOf(demoTenant).senderName()).isNotEqualTo("Only mine " + tenantId);
        assertThat(kitOf(tenantId).senderName()).isEqualTo("Only mine " + tenantId);
    }

    @Test
    void previewEscapesInjectionPayloads() throws Exception {
        mvc.perform(post("/hq/brand/preview").with(personas.as(admin)).with(csrf()).header("HX-Request", "true")
                        .header("Accept-Language", "en")
                        .param("version", "0").param("primaryColor", "#ff0000").param("secondaryColor", "#00ff00")
                        .param("textColor", "#000000").param("backgroundColor", "#ffffff")
                        .param("headingFont", "TAHOMA").param("bodyFont", "COURIER_NEW")
                        .param("senderName", "${7*7} __${T(java.lang.Runtime).getRuntime()}__ <b>x</b>")
                        .param("senderEmail", "a@b.example").param("replyToRule", "NONE")
                        .param("legalFooterHtml", "<p>[[${7*7}]] {{env}} #{7*7}</p><script>alert(1)</script>")
                        .param("youtube", "https://www.youtube.com/@brandtest"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString("id=\"brand-preview\""),
                        containsString("${7*7} __${T(java.lang.Runtime).getRuntime()}__ &lt;b&gt;x&lt;/b&gt;"),
                        containsString("[[${7*7}]]"), containsString("#{7*7}"),
                        not(containsString("Sent by 49")), not(containsString("<p>49")), not(containsString("<script")), not(containsString("<b>x")),
                        containsString("the &lt;script&gt; element"),
                        containsString("href=\"https://www.youtube.com/@brandtest\""),
                        containsString("/hq/brand/preview.css?p=ff0000&amp;s=00ff00&amp;t=000000&amp;b=ffffff&amp;hf=TAHOMA&amp;bf=COURIER_NEW"),
                        not(containsString("<html")))));
    }

    @Test
    void previewStylesheetOnlyUsesValidatedValues() throws Exception {
        mvc.perform(get("/hq/brand/preview.css").with(personas.as(admin))
                        .param("p", "1d4ed8").param("s", "red;}body{display:none").param("t", "000000")
                        .param("b", "ffffff").param("hf", "GEORGIA").param("bf", "x;}*{color:red"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/css"))
                .andExpect(content().string(allOf(containsString("background:#1d4ed8;color:#ffffff"),
                        containsString("border-top-color:" + BrandKit.DEFAULT_SECONDARY),
                        containsString("font-family:Georgia, 'Times New Roman', Times, serif"),
                        containsString("font-family:Arial, Helvetica, sans-serif"),
                        not(containsString("display:none")), not(containsString("color:red")))));
    }
}
