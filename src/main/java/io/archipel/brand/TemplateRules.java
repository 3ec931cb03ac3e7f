package io.archipel.brand;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.springframework.stereotype.Component;

/**
 * The rules a template must satisfy: what HQ must fix before publishing, and what a branch's content must respect in
 * an editable block (its constraints). Every problem names its place and a message; nothing here throws on bad input.
 */
@Component
public class TemplateRules {

    /** Hard limit of any one text field, locked or not (a subject line, a heading, a paragraph of rich text). */
    public static final int MAX_FIELD_LENGTH = 20_000;
    public static final int MAX_SUBJECT_LENGTH = 255;
    private static final Pattern DOMAIN = Pattern.compile(
            "^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$");
    private static final Pattern TAG = Pattern.compile("^[\\p{L}\\p{N}][\\p{L}\\p{N} _-]{0,29}$");

    private final RichTextSanitizer sanitizer;
    private final Function<UUID, Optional<AssetLibrary.AssetSummary>> assets;

    @org.springframework.beans.factory.annotation.Autowired
    TemplateRules(RichTextSanitizer sanitizer, AssetLibrary library) {
        this(sanitizer, library::find);
    }

    /** For tests without a library: {@code assets} finds an image by id. */
    public TemplateRules(RichTextSanitizer sanitizer, Function<UUID, Optional<AssetLibrary.AssetSummary>> assets) {
        this.sanitizer = sanitizer;
        this.assets = assets;
    }

    /** What must be fixed before this e-mail template can be published. */
    public List<TemplateProblem> check(EmailTemplateContent content) {
        List<TemplateProblem> problems = new ArrayList<>();
        lockable("subject", content.subject(), true, MAX_SUBJECT_LENGTH, problems);
        lockable("preheader", content.preheader(), false, MAX_SUBJECT_LENGTH, problems);
        if (content.blocks().isEmpty()) {
            problems.add(TemplateProblem.of("blocks", "template.problem.noBlocks"));
        }
        if (content.blocks().size() > EmailTemplateContent.MAX_BLOCKS) {
            problems.add(TemplateProblem.of("blocks", "template.problem.tooManyBlocks",
                    EmailTemplateContent.MAX_BLOCKS));
        }
        if (content.blocks().stream().noneMatch(b -> b.type() == BlockType.LEGAL_FOOTER)) {
            // the legal footer carries the unsubscribe link every marketing e-mail must have
            problems.add(TemplateProblem.of("blocks", "template.problem.noLegalFooter"));
        }
        Set<String> ids = new HashSet<>();
        for (TemplateBlock block : content.blocks()) {
            if (!ids.add(block.id())) {
                problems.add(TemplateProblem.of(TemplateProblem.blockPath(block.id(), null),
                        "template.problem.duplicateBlockId"));
            }
            constraints(block, problems);
            problems.addAll(checkBlock(block, block.content(), false));
        }
        return problems;
    }

    /**
     * Whether the given values respect the block: its constraints when editable, completeness when locked or when
     * {@code enforceRequired} (a branch's finished content) and the block is required.
     */
    public List<TemplateProblem> checkBlock(TemplateBlock block, Map<String, String> values, boolean enforceRequired) {
        List<TemplateProblem> problems = new ArrayList<>();
        BlockConstraints c = block.constraints();
        boolean mustBeComplete = block.locked() || (enforceRequired && c.required());
        for (BlockField field : block.type().fields()) {
            String path = TemplateProblem.blockPath(block.id(), field.key());
            String value = values.getOrDefault(field.key(), "");
            value = value == null ? "" : value;
            if (value.isBlank()) {
                if (mustBeComplete && !field.optional() && field != BlockField.ALT) {
                    problems.add(TemplateProblem.of(path, "template.problem.required"));
                }
                continue;
            }
            switch (field.kind()) {
                case TEXT -> text(path, value, block, problems);
                case RICH_TEXT -> richText(path, value, block, problems);
                case URL -> url(path, value, block, problems);
                case ASSET -> image(path, value, block, problems);
            }
        }
        if (block.type().hasImage() && !values.getOrDefault(BlockField.IMAGE.key(), "").isBlank()
                && values.getOrDefault(BlockField.ALT.key(), "").isBlank()) {
            problems.add(TemplateProblem.of(TemplateProblem.blockPath(block.id(), BlockField.ALT.key()),
                    "template.problem.altMissing"));
        }
        return problems;
    }

    /** What must be fixed before this SMS template can be published. */
    public List<TemplateProblem> check(SmsTemplateContent content) {
        List<TemplateProblem> problems = new ArrayList<>();
        if (content.parts().isEmpty() || content.parts().stream().allMatch(p -> p.text().isBlank() && !p.editable())) {
            problems.add(TemplateProblem.of("parts", "template.problem.smsEmpty"));
        }
        if (content.parts().size() > SmsTemplateContent.MAX_PARTS) {
            problems.add(TemplateProblem.of("parts", "template.problem.tooManyParts", SmsTemplateContent.MAX_PARTS));
        }
        if (content.optOut().isBlank()) {
            problems.add(TemplateProblem.of("optOut", "template.problem.optOutMissing"));
        }
        tokens("optOut", content.optOut(), problems);
        for (SmsTemplateContent.Part part : content.parts()) {
            String path = "parts[" + part.id() + "]";
            tokens(path, part.text(), problems);
            if (part.editable()) {
                maxLengthSetting(path, part.maxLength(), SmsTemplateContent.MAX_LENGTH, problems);
                if (part.maxLength() != null && part.text().length() > part.maxLength()) {
                    problems.add(TemplateProblem.of(path, "template.problem.tooLong", part.maxLength()));
                }
            }
        }
        if (content.text().length() > SmsTemplateContent.MAX_LENGTH) {
            problems.add(TemplateProblem.of("parts", "template.problem.tooLong", SmsTemplateContent.MAX_LENGTH));
        }
        return problems;
    }

    /** Whether a branch's text for an editable SMS zone respects it. */
    public List<TemplateProblem> checkSmsPart(SmsTemplateContent.Part part, String value) {
        List<TemplateProblem> problems = new ArrayList<>();
        String path = "parts[" + part.id() + "]";
        String v = value == null ? "" : value;
        if (v.isBlank() && part.required()) {
            problems.add(TemplateProblem.of(path, "template.problem.required"));
        }
        if (part.maxLength() != null && v.length() > part.maxLength()) {
            problems.add(TemplateProblem.of(path, "template.problem.tooLong", part.maxLength()));
        }
        tokens(path, v, problems);
        return problems;
    }

    /** Merge keys used in a text that are not in the closed list. */
    public static List<String> unknownMergeKeys(String text) {
        List<String> unknown = new ArrayList<>();
        if (text == null) {
            return unknown;
        }
        Matcher m = MergeField.TOKEN.matcher(text);
        while (m.find()) {
            if (MergeField.ofKey(m.group(1)).isEmpty() && !unknown.contains(m.group(1))) {
                unknown.add(m.group(1));
            }
        }
        return unknown;
    }

    /** Whether {@code domain} looks like a host name (lower case, at least one dot). */
    public static boolean isDomain(String domain) {
        return domain != null && DOMAIN.matcher(domain).matches();
    }

    public static boolean isTag(String tag) {
        return tag != null && TAG.matcher(tag).matches();
    }

    private void lockable(String path, LockableText t, boolean needed, int limit, List<TemplateProblem> problems) {
        if (t.locked() && needed && t.text().isBlank()) {
            problems.add(TemplateProblem.of(path, "template.problem.required"));
        }
        if (!t.locked()) {
            maxLengthSetting(path, t.maxLength(), limit, problems);
        }
        int max = t.locked() || t.maxLength() == null ? limit : Math.min(limit, t.maxLength());
        if (t.text().length() > max) {
            problems.add(TemplateProblem.of(path, "template.problem.tooLong", max));
        }
        if (t.text().indexOf('\n') >= 0 || t.text().indexOf('\r') >= 0) {
            problems.add(TemplateProblem.of(path, "template.problem.lineBreak"));
        }
        tokens(path, t.text(), problems);
    }

    private static void maxLengthSetting(String path, Integer max, int limit, List<TemplateProblem> problems) {
        if (max != null && (max < 1 || max > limit)) {
            problems.add(TemplateProblem.of(path + ".maxLength", "template.problem.maxLengthRange", limit));
        }
    }

    private void constraints(TemplateBlock block, List<TemplateProblem> problems) {
        if (block.locked()) {
            return;
        }
        BlockConstraints c = block.constraints();
        String path = TemplateProblem.blockPath(block.id(), "constraints");
        if (block.type().hasText()) {
            maxLengthSetting(path, c.maxLength(), BlockConstraints.MAX_LENGTH_LIMIT, problems);
        }
        for (String domain : c.linkDomains()) {
            if (!isDomain(domain)) {
                problems.add(TemplateProblem.of(path + ".linkDomains", "template.problem.badDomain", domain));
            }
        }
        if (c.imageTag() != null && !isTag(c.imageTag())) {
            problems.add(TemplateProblem.of(path + ".imageTag", "template.problem.badTag"));
        }
    }

    private void text(String path, String value, TemplateBlock block, List<TemplateProblem> problems) {
        length(path, value.length(), block, problems);
        tokens(path, value, problems);
    }

    private void richText(String path, String value, TemplateBlock block, List<TemplateProblem> problems) {
        length(path, Jsoup.parse(value).text().length(), block, problems);
        if (value.length() > MAX_FIELD_LENGTH) {
            problems.add(TemplateProblem.of(path, "template.problem.tooLong", MAX_FIELD_LENGTH));
        }
        tokens(path, value, problems);
        List<RichTextSanitizer.Violation> violations = sanitizer.violations(value, options(block));
        if (!violations.isEmpty()) {
            RichTextSanitizer.Violation first = violations.get(0);
            if (first.kind() == RichTextSanitizer.Violation.Kind.LINK) {
                problems.add(TemplateProblem.of(path, "template.problem.linkNotAllowed", first.detail()));
            } else {
                problems.add(TemplateProblem.of(path, "template.problem.formattingNotAllowed", first.element()));
            }
        }
    }

    private RichTextSanitizer.Options options(TemplateBlock block) {
        if (block.locked()) {
            return RichTextSanitizer.Options.richText();
        }
        BlockConstraints c = block.constraints();
        return new RichTextSanitizer.Options(c.allows(TextFormatting.BOLD), c.allows(TextFormatting.ITALIC),
                c.allows(TextFormatting.BOLD), c.allows(TextFormatting.LINKS), c.allows(TextFormatting.LISTS), false,
                new java.util.LinkedHashSet<>(c.linkDomains()));
    }

    private void url(String path, String value, TemplateBlock block, List<TemplateProblem> problems) {
        RichTextSanitizer.Options options = RichTextSanitizer.Options.richText()
                .withAllowedLinkDomains(new java.util.LinkedHashSet<>(block.locked() ? List.of()
                        : block.constraints().linkDomains()));
        if (!RichTextSanitizer.isAllowedLink(value, RichTextSanitizer.Options.richText())) {
            problems.add(TemplateProblem.of(path, "template.problem.httpsOnly"));
        } else if (!RichTextSanitizer.isAllowedLink(value, options)) {
            problems.add(TemplateProblem.of(path, "template.problem.domainNotAllowed",
                    String.join(", ", block.constraints().linkDomains())));
        } else if (value.length() > 2000) {
            problems.add(TemplateProblem.of(path, "template.problem.tooLong", 2000));
        }
    }

    private void image(String path, String value, TemplateBlock block, List<TemplateProblem> problems) {
        UUID id;
        try {
            id = UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            problems.add(TemplateProblem.of(path, "template.problem.imageNotInLibrary"));
            return;
        }
        Optional<AssetLibrary.AssetSummary> asset = assets.apply(id);
        if (asset.isEmpty()) {
            problems.add(TemplateProblem.of(path, "template.problem.imageNotInLibrary"));
        } else if (!block.locked() && block.constraints().imageTag() != null
                && !asset.get().tags().contains(block.constraints().imageTag())) {
            problems.add(TemplateProblem.of(path, "template.problem.imageTag", block.constraints().imageTag()));
        }
    }

    private static void length(String path, int length, TemplateBlock block, List<TemplateProblem> problems) {
        Integer max = block.locked() ? null : block.constraints().maxLength();
        if (max != null && length > max) {
            problems.add(TemplateProblem.of(path, "template.problem.tooLong", max));
        } else if (length > MAX_FIELD_LENGTH) {
            problems.add(TemplateProblem.of(path, "template.problem.tooLong", MAX_FIELD_LENGTH));
        }
    }

    private static void tokens(String path, String text, List<TemplateProblem> problems) {
        for (String key : unknownMergeKeys(text)) {
            problems.add(TemplateProblem.of(path, "template.problem.unknownMergeField", key));
        }
    }
}
