package io.archipel.campaign;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.archipel.brand.BlockField;
import io.archipel.brand.EmailTemplateContent;
import io.archipel.brand.LockableText;
import io.archipel.brand.RichTextSanitizer;
import io.archipel.brand.SmsTemplateContent;
import io.archipel.brand.TemplateBlock;
import io.archipel.brand.TemplateProblem;
import io.archipel.brand.TemplateRules;
import io.archipel.brand.Templates;

/**
 * What campaigns, HQ kits and template propagation share about a branch-side {@link Campaigns.Content} on a template
 * version: sanitizing rich text before it is stored, and the template constraints of the editable places (required
 * parts enforced).
 */
public final class CampaignContentRules {

    private CampaignContentRules() {
    }

    /** Rich text sanitized (scripts, styles and unknown markup go), other values as typed. */
    public static Campaigns.Content sanitize(RichTextSanitizer sanitizer, Templates.Version template, Campaigns.Content c) {
        if (template.email() == null) {
            return c;
        }
        Map<String, Map<String, String>> blocks = new LinkedHashMap<>();
        c.blocks().forEach((blockId, values) -> {
            TemplateBlock block = template.email().block(blockId).orElseThrow();
            Map<String, String> clean = new LinkedHashMap<>();
            values.forEach((key, value) -> {
                boolean rich = block.type().fields().stream()
                        .anyMatch(f -> f.key().equals(key) && f.kind() == BlockField.Kind.RICH_TEXT);
                clean.put(key, rich && value != null ? sanitizer.sanitize(value, RichTextSanitizer.Options.richText())
                        : value);
            });
            blocks.put(blockId, clean);
        });
        return new Campaigns.Content(c.subject(), c.preheader(), blocks, c.smsParts());
    }

    /** The template constraints the content breaks in the editable places (required parts enforced). */
    public static List<TemplateProblem> contentProblems(TemplateRules rules, Templates.Version template,
            Campaigns.Content c) {
        List<TemplateProblem> problems = new ArrayList<>();
        if (template.email() != null) {
            EmailTemplateContent e = template.email();
            lockable("subject", e.subject(), c.subject(), TemplateRules.MAX_SUBJECT_LENGTH, problems);
            lockable("preheader", e.preheader(), c.preheader(), TemplateRules.MAX_SUBJECT_LENGTH, problems);
            EmailTemplateContent resolved = CampaignContents.resolveEmail(e, c);
            for (TemplateBlock block : resolved.blocks()) {
                if (block.editable()) {
                    problems.addAll(rules.checkBlock(block, block.content(), true));
                }
            }
        } else if (template.sms() != null) {
            SmsTemplateContent resolved = CampaignContents.resolveSms(template.sms(), c);
            for (SmsTemplateContent.Part part : resolved.parts()) {
                if (part.editable()) {
                    problems.addAll(rules.checkSmsPart(part, part.text()));
                }
            }
            if (resolved.text().length() > SmsTemplateContent.MAX_LENGTH) {
                problems.add(TemplateProblem.of("parts", "template.problem.tooLong", SmsTemplateContent.MAX_LENGTH));
            }
        }
        return problems;
    }

    /** A branch's subject or preheader against the template's settings (when editable). */
    private static void lockable(String path, LockableText setting, String value, int limit,
            List<TemplateProblem> problems) {
        if (setting.locked()) {
            return;
        }
        String v = value == null ? setting.text() : value;
        if (setting.required() && v.isBlank()) {
            problems.add(TemplateProblem.of(path, "template.problem.required"));
        }
        int max = setting.maxLength() == null ? limit : Math.min(limit, setting.maxLength());
        if (v.length() > max) {
            problems.add(TemplateProblem.of(path, "template.problem.tooLong", max));
        }
        if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            problems.add(TemplateProblem.of(path, "template.problem.lineBreak"));
        }
        for (String key : TemplateRules.unknownMergeKeys(v)) {
            problems.add(TemplateProblem.of(path, "template.problem.unknownMergeField", key));
        }
    }
}
