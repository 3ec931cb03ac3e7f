package io.archipel.campaign;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.archipel.brand.BlockField;
import io.archipel.brand.EmailTemplateContent;
import io.archipel.brand.LockableText;
import io.archipel.brand.SmsTemplateContent;
import io.archipel.brand.TemplateBlock;
import io.archipel.brand.TemplateProblem;
import io.archipel.brand.Templates;

/**
 * Pure functions between a pinned template version and a branch's {@link Campaigns.Content}: the defaults a new
 * campaign starts from, the resolved content (what recipients get, for previews and compliance), what the branch
 * changed, and whether any free text changed. Used by the engine and usable by the UI (e.g. to preview unsaved
 * values).
 */
public final class CampaignContents {

    private CampaignContents() {
    }

    /** The template's defaults of every editable part (what a new campaign starts with). */
    public static Campaigns.Content defaults(Templates.Version template) {
        if (template.email() != null) {
            EmailTemplateContent e = template.email();
            Map<String, Map<String, String>> blocks = new LinkedHashMap<>();
            for (TemplateBlock block : e.blocks()) {
                if (block.editable()) {
                    Map<String, String> values = new LinkedHashMap<>();
                    for (BlockField field : block.type().fields()) {
                        values.put(field.key(), block.value(field));
                    }
                    blocks.put(block.id(), values);
                }
            }
            return new Campaigns.Content(e.subject().locked() ? null : e.subject().text(),
                    e.preheader().locked() ? null : e.preheader().text(), blocks, Map.of());
        }
        Map<String, String> parts = new LinkedHashMap<>();
        if (template.sms() != null) {
            for (SmsTemplateContent.Part part : template.sms().parts()) {
                if (part.editable()) {
                    parts.put(part.id(), part.text());
                }
            }
        }
        return new Campaigns.Content(null, null, Map.of(), parts);
    }

    /**
     * What a campaign's content becomes on another version of its template (a kit or a gallery campaign reused on a
     * newer version, a campaign moved to a new version): the target's defaults, with every value the branch changed
     * against {@code source}'s defaults laid over them where the target still lets the branch change it. Values the
     * branch did not change follow the target's new defaults.
     *
     * @param dropped the {@link Campaigns.Change#path()} of each changed value the target no longer accepts (the
     *                place became locked or disappeared), in the source's order
     */
    public record CarriedOver(Campaigns.Content content, List<String> dropped) {

        public CarriedOver {
            dropped = List.copyOf(dropped);
        }
    }

    /** See {@link CarriedOver}. Both versions must be of the same channel. */
    public static CarriedOver carryOver(Templates.Version source, Templates.Version target, Campaigns.Content from) {
        Campaigns.Content base = defaults(target);
        List<String> dropped = new ArrayList<>();
        String subject = base.subject();
        String preheader = base.preheader();
        Map<String, Map<String, String>> blocks = new LinkedHashMap<>();
        base.blocks().forEach((id, values) -> blocks.put(id, new LinkedHashMap<>(values)));
        Map<String, String> parts = new LinkedHashMap<>(base.smsParts());
        for (Campaigns.Change change : changes(source, from)) {
            String path = change.path();
            if (path.equals("subject") && target.email() != null && !target.email().subject().locked()) {
                subject = change.after();
            } else if (path.equals("preheader") && target.email() != null && !target.email().preheader().locked()) {
                preheader = change.after();
            } else if (path.startsWith("parts[") && parts.containsKey(inBrackets(path))) {
                parts.put(inBrackets(path), change.after());
            } else if (path.startsWith("blocks[") && blocks.containsKey(inBrackets(path))
                    && blocks.get(inBrackets(path)).containsKey(path.substring(path.indexOf("].") + 2))) {
                blocks.get(inBrackets(path)).put(path.substring(path.indexOf("].") + 2), change.after());
            } else {
                dropped.add(path);
            }
        }
        return new CarriedOver(new Campaigns.Content(subject, preheader, blocks, parts), dropped);
    }

    private static String inBrackets(String path) {
        return path.substring(path.indexOf('[') + 1, path.indexOf(']'));
    }

    /** The e-mail as recipients get it: the template with the branch's values in the editable places. */
    public static EmailTemplateContent resolveEmail(EmailTemplateContent template, Campaigns.Content content) {
        Campaigns.Content c = content == null ? Campaigns.Content.empty() : content;
        LockableText subject = template.subject();
        if (!subject.locked() && c.subject() != null) {
            subject = new LockableText(c.subject(), false, subject.required(), subject.maxLength());
        }
        LockableText preheader = template.preheader();
        if (!preheader.locked() && c.preheader() != null) {
            preheader = new LockableText(c.preheader(), false, preheader.required(), preheader.maxLength());
        }
        List<TemplateBlock> blocks = new ArrayList<>();
        for (TemplateBlock block : template.blocks()) {
            if (block.editable() && c.blocks().containsKey(block.id())) {
                Map<String, String> values = new LinkedHashMap<>(block.content());
                values.putAll(c.block(block.id()));
                blocks.add(block.withContent(values));
            } else {
                blocks.add(block);
            }
        }
        return new EmailTemplateContent(subject, preheader, blocks);
    }

    /** The SMS as recipients get it (merge tokens unresolved). */
    public static SmsTemplateContent resolveSms(SmsTemplateContent template, Campaigns.Content content) {
        Campaigns.Content c = content == null ? Campaigns.Content.empty() : content;
        List<SmsTemplateContent.Part> parts = new ArrayList<>();
        for (SmsTemplateContent.Part part : template.parts()) {
            String value = c.smsParts().get(part.id());
            parts.add(part.editable() && value != null
                    ? new SmsTemplateContent.Part(part.id(), true, value, part.required(), part.maxLength())
                    : part);
        }
        return new SmsTemplateContent(parts, template.optOut());
    }

    /** Every value the branch changed against the template's defaults, in the template's order. */
    public static List<Campaigns.Change> changes(Templates.Version template, Campaigns.Content content) {
        Campaigns.Content c = content == null ? Campaigns.Content.empty() : content;
        List<Campaigns.Change> changes = new ArrayList<>();
        if (template.email() != null) {
            EmailTemplateContent e = template.email();
            if (!e.subject().locked() && c.subject() != null && !c.subject().equals(e.subject().text())) {
                changes.add(new Campaigns.Change("subject", "campaign.change.subject", e.subject().text(),
                        c.subject()));
            }
            if (!e.preheader().locked() && c.preheader() != null && !c.preheader().equals(e.preheader().text())) {
                changes.add(new Campaigns.Change("preheader", "campaign.change.preheader", e.preheader().text(),
                        c.preheader()));
            }
            for (TemplateBlock block : e.blocks()) {
                if (!block.editable()) {
                    continue;
                }
                Map<String, String> values = c.block(block.id());
                for (BlockField field : block.type().fields()) {
                    String after = values.get(field.key());
                    if (after != null && !after.equals(block.value(field))) {
                        changes.add(new Campaigns.Change(TemplateProblem.blockPath(block.id(), field.key()),
                                "campaign.change.field." + field.key(), block.value(field), after));
                    }
                }
            }
        } else if (template.sms() != null) {
            for (SmsTemplateContent.Part part : template.sms().parts()) {
                String after = c.smsParts().get(part.id());
                if (part.editable() && after != null && !after.equals(part.text())) {
                    changes.add(new Campaigns.Change("parts[" + part.id() + "]", "campaign.change.sms", part.text(),
                            after));
                }
            }
        }
        return changes;
    }

    /**
     * Whether a free text differs from the template: subject, preheader, a TEXT or RICH_TEXT field of a block, an SMS
     * zone. Links and images are not free text; an image's alternative text is.
     */
    public static boolean freeTextChanged(Templates.Version template, Campaigns.Content content) {
        for (Campaigns.Change change : changes(template, content)) {
            if (isFreeText(template, change.path())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isFreeText(Templates.Version template, String path) {
        if (path.equals("subject") || path.equals("preheader") || path.startsWith("parts[")) {
            return true;
        }
        int dot = path.lastIndexOf('.');
        String key = dot < 0 ? "" : path.substring(dot + 1);
        for (BlockField field : BlockField.values()) {
            if (field.key().equals(key)) {
                return field.kind() == BlockField.Kind.TEXT || field.kind() == BlockField.Kind.RICH_TEXT;
            }
        }
        return false;
    }

    /**
     * The first place the content names that the branch may not change (a locked or unknown block, an unknown field,
     * a locked subject or preheader, a locked or unknown SMS part), or empty when all is editable.
     */
    public static Optional<String> firstTampering(Templates.Version template, Campaigns.Content content) {
        if (template.email() != null) {
            EmailTemplateContent e = template.email();
            if (content.subject() != null && e.subject().locked()) {
                return Optional.of("subject");
            }
            if (content.preheader() != null && e.preheader().locked()) {
                return Optional.of("preheader");
            }
            for (Map.Entry<String, Map<String, String>> entry : content.blocks().entrySet()) {
                Optional<TemplateBlock> block = e.block(entry.getKey());
                if (block.isEmpty() || !block.get().editable()) {
                    return Optional.of(TemplateProblem.blockPath(entry.getKey(), null));
                }
                for (String key : entry.getValue().keySet()) {
                    if (block.get().type().fields().stream().noneMatch(f -> f.key().equals(key))) {
                        return Optional.of(TemplateProblem.blockPath(entry.getKey(), key));
                    }
                }
            }
            if (!content.smsParts().isEmpty()) {
                return Optional.of("parts[" + content.smsParts().keySet().iterator().next() + "]");
            }
            return Optional.empty();
        }
        if (content.subject() != null) {
            return Optional.of("subject");
        }
        if (content.preheader() != null) {
            return Optional.of("preheader");
        }
        if (!content.blocks().isEmpty()) {
            return Optional.of(TemplateProblem.blockPath(content.blocks().keySet().iterator().next(), null));
        }
        for (String partId : content.smsParts().keySet()) {
            boolean editable = template.sms() != null && template.sms().parts().stream()
                    .anyMatch(p -> p.id().equals(partId) && p.editable());
            if (!editable) {
                return Optional.of("parts[" + partId + "]");
            }
        }
        return Optional.empty();
    }
}
