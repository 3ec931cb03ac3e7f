package io.archipel.delivery.send;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.archipel.brand.EmailTemplateContent;
import io.archipel.brand.MergeField;
import io.archipel.brand.PrecompiledEmail;
import io.archipel.brand.TemplateChannel;
import io.archipel.brand.TemplatePreviewer;
import io.archipel.brand.TemplatePreviewer.SampleContact;
import io.archipel.campaign.CampaignContents;
import io.archipel.campaign.CampaignService;
import io.archipel.campaign.Campaigns;
import io.archipel.delivery.SenderIdentity;
import io.archipel.delivery.TrackingTokens;
import io.archipel.delivery.internal.MimeMails;
import io.archipel.delivery.smtp.CampaignTransport;
import io.archipel.shared.mail.OutgoingMail;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantService;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Builds each recipient's mail (or SMS text) from the campaign compiled once per campaign and instance: the
 * {@link PrecompiledEmail} of the resolved content, the branch's merge values and sender. Per recipient only the
 * contact's values, the signed tracking URLs (click, open pixel, view online, unsubscribe) and the headers change.
 * Must be called inside the campaign's tenant (system context for the workers).
 */
@Component
public class CampaignMailFactory {

    public static final String CAMPAIGN_HEADER = "X-Archipel-Campaign";
    private static final int MAX_CACHED = 200;

    /**
     * What a campaign's recipients share, computed once. For e-mail, {@code textLiterals} and {@code htmlLiterals}
     * are the bodies' literal segments encoded for MIME once; the HTML's are split where the open pixel goes (before
     * the last {@code </body>}), at value {@code pixelSlot}.
     */
    public record Compiled(UUID tenantId, UUID campaignId, UUID branchId, TemplateChannel channel,
            PrecompiledEmail email, String smsText, Map<MergeField, String> branchValues,
            SenderIdentity.Sender sender, String baseUrl, MimeMails.EncodedLiterals textLiterals,
            MimeMails.EncodedLiterals htmlLiterals, int pixelSlot) {
    }

    /** One recipient's contact values. */
    public record Recipient(long id, String address, String firstName, String lastName, String email) {
    }

    private final CampaignService campaigns;
    private final TemplatePreviewer previewer;
    private final BranchService branches;
    private final SenderIdentity senders;
    private final TenantService tenants;
    private final TrackingTokens tokens;
    private final Map<UUID, Compiled> cache = new ConcurrentHashMap<>();

    CampaignMailFactory(CampaignService campaigns, TemplatePreviewer previewer, BranchService branches,
            SenderIdentity senders, TenantService tenants, TrackingTokens tokens) {
        this.campaigns = campaigns;
        this.previewer = previewer;
        this.branches = branches;
        this.senders = senders;
        this.tenants = tenants;
        this.tokens = tokens;
    }

    /** The campaign compiled (cached per campaign; the content of an approved campaign no longer changes). */
    @Transactional(readOnly = true)
    public Compiled compiled(UUID campaignId) {
        Compiled c = cache.get(campaignId);
        if (c != null && c.tenantId().equals(TenantContext.require())) {
            return c;
        }
        c = compile(campaignId);
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(campaignId, c);
        return c;
    }

    /** Compiles without the cache (tracked links at approval: the content may have just changed). */
    @Transactional(readOnly = true)
    public Compiled compile(UUID campaignId) {
        Campaigns.Details d = campaigns.get(campaignId);
        UUID branchId = d.summary().branchId();
        Locale locale = Locale.forLanguageTag(tenants.find(TenantContext.require())
                .map(TenantService.TenantSummary::defaultLocale).orElse("en"));
        Map<MergeField, String> values = new EnumMap<>(previewer.mergeValues(branchId,
                new SampleContact("", "", ""), locale));
        String baseUrl = previewer.publicBaseUrl();
        SenderIdentity.Sender sender = senders.of(branches.get(branchId));
        if (d.summary().channel() == TemplateChannel.SMS) {
            String text = d.template().sms() == null ? ""
                    : CampaignContents.resolveSms(d.template().sms(), d.content()).text();
            return new Compiled(TenantContext.require(), campaignId, branchId, TemplateChannel.SMS, null, text,
                    values, sender, baseUrl, null, null, -1);
        }
        if (d.template().email() == null) {
            throw new IllegalStateException("E-mail campaign without e-mail content: " + campaignId);
        }
        EmailTemplateContent resolved = CampaignContents.resolveEmail(d.template().email(), d.content());
        PrecompiledEmail email = previewer.compile(resolved, locale.getLanguage());
        List<String> html = new ArrayList<>(email.htmlLiterals());
        int pixelSlot = splitForPixel(html);
        return new Compiled(TenantContext.require(), campaignId, branchId, TemplateChannel.EMAIL, email, null,
                values, sender, baseUrl, new MimeMails.EncodedLiterals(email.textLiterals()),
                new MimeMails.EncodedLiterals(html), pixelSlot);
    }

    /**
     * Splits the HTML's literals where the open pixel goes, before the last {@code </body>} (always in a literal:
     * merge values and links are HTML-escaped), or adds an empty literal at the end when there is none; returns the
     * value slot of the pixel.
     */
    private static int splitForPixel(List<String> html) {
        int slot = html.size() - 1;
        while (slot >= 0 && !html.get(slot).contains("</body>")) {
            slot--;
        }
        if (slot < 0) {
            html.add("");
            return html.size() - 2;
        }
        String literal = html.get(slot);
        int body = literal.lastIndexOf("</body>");
        html.set(slot, literal.substring(0, body));
        html.add(slot + 1, literal.substring(body));
        return slot;
    }

    /**
     * The Message-ID of a recipient row's mail, in the sender's domain: {@code <{row id}.{campaign tag}@domain>}. Row
     * ids are unique across tenants and campaigns, the tag ({@link #campaignTag}) ties it to the campaign; it is the
     * same for every attempt of that row (a retry is the same message). Derived, never stored: the webhook finds the
     * row from it ({@code delivery.hooks.EmailEvents}).
     */
    public static String messageId(Compiled c, long recipientId) {
        return "<" + recipientId + "." + campaignTag(c.campaignId()) + "@" + c.sender().domain() + ">";
    }

    /** The campaign's part of its Message-IDs: the first 16 hex digits of its id. */
    public static String campaignTag(UUID campaignId) {
        String hex = Long.toHexString(campaignId.getMostSignificantBits());
        return "0".repeat(16 - hex.length()) + hex;
    }

    /** The personalised e-mail as the recipient gets it (subject, HTML with tracked links and pixel, text). */
    public PrecompiledEmail.Rendered render(Compiled c, Recipient r) {
        return personalise(c, r).rendered();
    }

    /**
     * A recipient's mail as rendered, its bodies as the encoded literals and this recipient's values, and its
     * unsubscribe URL (for the header).
     */
    private record Personalised(PrecompiledEmail.Rendered rendered, MimeMails.Bodies bodies, String unsubscribe) {
    }

    /** Personalises with the recipient's unsubscribe URL and open token computed once (each is an HMAC). */
    private Personalised personalise(Compiled c, Recipient r) {
        String unsubscribe = unsubscribeUrl(c, r.id());
        String openToken = tokens.open(c.tenantId(), r.id());
        Map<MergeField, String> values = values(c, r, unsubscribe, openToken);
        UUID tenantId = c.tenantId();
        PrecompiledEmail.RenderedSegments segments = c.email().renderSegments(values,
                linkNo -> c.baseUrl() + "/t/c/" + tokens.click(tenantId, r.id(), linkNo));
        String pixel = "<img src=\"" + c.baseUrl() + "/t/o/" + openToken + "\" width=\"1\" height=\"1\" alt=\"\">";
        List<String> htmlValues = new ArrayList<>(segments.html().values().size() + 1);
        htmlValues.addAll(segments.html().values());
        htmlValues.add(c.pixelSlot(), pixel);
        PrecompiledEmail.Segments html = new PrecompiledEmail.Segments(c.htmlLiterals().texts(), htmlValues);
        PrecompiledEmail.Segments text = segments.text();
        return new Personalised(new PrecompiledEmail.Rendered(segments.subject(), html.join(), text.join()),
                new MimeMails.Bodies(new MimeMails.SplicedBody(c.textLiterals(), text.values()),
                        new MimeMails.SplicedBody(c.htmlLiterals(), html.values())), unsubscribe);
    }

    /**
     * The recipient's mail with its headers. The Message-ID (made and stored by the engine first) travels beside it
     * in {@code CampaignTransport.CampaignMail}: the transport sets it.
     */
    public OutgoingMail mail(Compiled c, Recipient r) {
        return campaignMail(c, r, null).mail();
    }

    /**
     * The recipient's mail for the transport, with its Message-ID and its bodies as the campaign's literals encoded
     * once and this recipient's values.
     */
    public CampaignTransport.CampaignMail campaignMail(Compiled c, Recipient r, String messageId) {
        Personalised personalised = personalise(c, r);
        PrecompiledEmail.Rendered rendered = personalised.rendered();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CAMPAIGN_HEADER, c.campaignId().toString());
        headers.put("List-Unsubscribe", "<" + personalised.unsubscribe() + ">");
        headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        String toName = (nz(r.firstName()) + " " + nz(r.lastName())).strip();
        OutgoingMail mail = new OutgoingMail(c.sender().fromName(), c.sender().fromAddress(), c.sender().replyTo(),
                toName, r.address(), rendered.subject(), rendered.html(), rendered.text(), headers);
        // OutgoingMail drops a blank HTML body: then so do the bodies
        MimeMails.Bodies bodies = mail.html() == null
                ? new MimeMails.Bodies(personalised.bodies().text(), null) : personalised.bodies();
        return new CampaignTransport.CampaignMail(mail, messageId, bodies);
    }

    /** The recipient's SMS text (merge fields filled, not HTML). */
    public String sms(Compiled c, Recipient r) {
        return TemplatePreviewer.fill(c.smsText(), values(c, r));
    }

    public String unsubscribeUrl(Compiled c, long recipientId) {
        return c.baseUrl() + "/u/" + tokens.unsubscribe(c.tenantId(), recipientId);
    }

    private Map<MergeField, String> values(Compiled c, Recipient r) {
        return values(c, r, unsubscribeUrl(c, r.id()), tokens.open(c.tenantId(), r.id()));
    }

    private Map<MergeField, String> values(Compiled c, Recipient r, String unsubscribe, String openToken) {
        Map<MergeField, String> values = new EnumMap<>(c.branchValues());
        values.put(MergeField.CONTACT_FIRST_NAME, nz(r.firstName()));
        values.put(MergeField.CONTACT_LAST_NAME, nz(r.lastName()));
        values.put(MergeField.CONTACT_EMAIL, nz(r.email()));
        values.put(MergeField.UNSUBSCRIBE_URL, unsubscribe);
        values.put(MergeField.VIEW_ONLINE_URL, c.baseUrl() + "/t/v/" + openToken);
        return values;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
