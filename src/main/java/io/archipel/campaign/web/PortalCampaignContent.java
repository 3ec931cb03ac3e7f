package io.archipel.campaign.web;

import java.util.LinkedHashMap;
import java.util.Map;

import io.archipel.brand.BlockField;
import io.archipel.brand.EmailTemplateContent;
import io.archipel.brand.SmsTemplateContent;
import io.archipel.brand.TemplateBlock;
import io.archipel.campaign.CampaignContents;
import io.archipel.campaign.Campaigns;

/**
 * The branch's values of a campaign as the "Personalise" step posts and shows them. Form fields are named
 * {@code subject}, {@code preheader}, {@code b.<blockId>.<field>} and {@code sms.<partId>}; whatever is posted is passed
 * on as it is (the campaign service refuses values for locked or unknown blocks: a tampered form). The same values,
 * laid over the template version, give the resolved content that previews and checks work on.
 */
public final class PortalCampaignContent {

    private final String subject;
    private final String preheader;
    private final Map<String, Map<String, String>> blocks;
    private final Map<String, String> smsParts;

    private PortalCampaignContent(String subject, String preheader, Map<String, Map<String, String>> blocks,
            Map<String, String> smsParts) {
        this.subject = subject;
        this.preheader = preheader;
        this.blocks = blocks;
        this.smsParts = smsParts;
    }

    /** The values of a posted form (unknown parameter names are ignored; {@code version} and the like are not content). */
    static PortalCampaignContent fromParams(Map<String, String[]> params) {
        String subject = null;
        String preheader = null;
        Map<String, Map<String, String>> blocks = new LinkedHashMap<>();
        Map<String, String> sms = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> e : params.entrySet()) {
            String name = e.getKey();
            String value = e.getValue() == null || e.getValue().length == 0 ? "" : e.getValue()[0];
            value = value == null ? "" : value;
            if (name.equals("subject")) {
                subject = value;
            } else if (name.equals("preheader")) {
                preheader = value;
            } else if (name.startsWith("b.")) {
                int dot = name.indexOf('.', 2);
                if (dot > 2 && dot < name.length() - 1) {
                    blocks.computeIfAbsent(name.substring(2, dot), k -> new LinkedHashMap<>())
                            .put(name.substring(dot + 1), value);
                }
            } else if (name.startsWith("sms.") && name.length() > 4) {
                sms.put(name.substring(4), value);
            }
        }
        return new PortalCampaignContent(subject, preheader, blocks, sms);
    }

    /** What the campaign holds, with the template's defaults for editable things the branch never touched. */
    static PortalCampaignContent of(Campaigns.Content content, EmailTemplateContent email, SmsTemplateContent sms) {
        Campaigns.Content c = content == null ? new Campaigns.Content(null, null, Map.of(), Map.of()) : content;
        Map<String, Map<String, String>> blocks = new LinkedHashMap<>();
        Map<String, String> parts = new LinkedHashMap<>();
        String subject = null;
        String preheader = null;
        if (email != null) {
            subject = email.subject().locked() ? null : c.subject() != null ? c.subject() : email.subject().text();
            preheader = email.preheader().locked() ? null
                    : c.preheader() != null ? c.preheader() : email.preheader().text();
            for (TemplateBlock b : email.blocks()) {
                if (b.editable()) {
                    Map<String, String> values = new LinkedHashMap<>(b.content());
                    if (c.blocks() != null && c.blocks().get(b.id()) != null) {
                        values.putAll(c.blocks().get(b.id()));
                    }
                    blocks.put(b.id(), values);
                }
            }
        }
        if (sms != null) {
            for (SmsTemplateContent.Part p : sms.parts()) {
                if (p.editable()) {
                    String v = c.smsParts() == null ? null : c.smsParts().get(p.id());
                    parts.put(p.id(), v != null ? v : p.text());
                }
            }
        }
        return new PortalCampaignContent(subject, preheader, blocks, parts);
    }

    /** For the campaign service. */
    Campaigns.Content toContent() {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        blocks.forEach((id, values) -> copy.put(id, new LinkedHashMap<>(values)));
        return new Campaigns.Content(subject, preheader, copy, new LinkedHashMap<>(smsParts));
    }

    /** The template version with these values in its editable places (locked places keep the template's text). */
    EmailTemplateContent resolve(EmailTemplateContent template) {
        return CampaignContents.resolveEmail(template, toContent());
    }

    SmsTemplateContent resolve(SmsTemplateContent template) {
        return CampaignContents.resolveSms(template, toContent());
    }

    public String getSubject() {
        return subject == null ? "" : subject;
    }

    public String getPreheader() {
        return preheader == null ? "" : preheader;
    }

    /** The value of a field of an editable block. */
    public String value(String blockId, String field) {
        Map<String, String> values = blocks.get(blockId);
        String v = values == null ? null : values.get(field);
        return v == null ? "" : v;
    }

    public String value(String blockId, BlockField field) {
        return value(blockId, field.key());
    }

    public String sms(String partId) {
        String v = smsParts.get(partId);
        return v == null ? "" : v;
    }
}
