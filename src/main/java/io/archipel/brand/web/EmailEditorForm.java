package io.archipel.brand.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.archipel.brand.BlockConstraints;
import io.archipel.brand.BlockType;
import io.archipel.brand.EmailTemplateContent;
import io.archipel.brand.LockableText;
import io.archipel.brand.TemplateBlock;
import io.archipel.brand.TextFormatting;

/**
 * The whole e-mail editor as one form: subject, preheader and the ordered blocks with their lock, constraints and
 * content. Everything posted is data; it becomes an {@link EmailTemplateContent} that the template service cleans
 * (rich text sanitized, ids checked) before saving. Numbers are taken leniently: what is not a number counts as "no
 * limit", and a number out of range is kept so that the template rules can say so.
 */
public class EmailEditorForm {

    private Long version;
    private EmailEditorTextForm subject = new EmailEditorTextForm();
    private EmailEditorTextForm preheader = new EmailEditorTextForm();
    private List<EmailEditorBlockForm> blocks = new ArrayList<>();

    public Long getVersion() {
        return version;
    }

    public void setVersion(Long version) {
        this.version = version;
    }

    public EmailEditorTextForm getSubject() {
        return subject;
    }

    public void setSubject(EmailEditorTextForm subject) {
        this.subject = subject;
    }

    public EmailEditorTextForm getPreheader() {
        return preheader;
    }

    public void setPreheader(EmailEditorTextForm preheader) {
        this.preheader = preheader;
    }

    public List<EmailEditorBlockForm> getBlocks() {
        return blocks;
    }

    public void setBlocks(List<EmailEditorBlockForm> blocks) {
        this.blocks = blocks;
    }

    /** The content as posted (blocks without a known type are left out). */
    public EmailTemplateContent toContent() {
        List<TemplateBlock> list = new ArrayList<>();
        for (EmailEditorBlockForm b : blocks) {
            if (b != null && b.getType() != null) {
                list.add(b.toBlock());
            }
        }
        return new EmailTemplateContent(subject == null ? null : subject.toLockable(),
                preheader == null ? null : preheader.toLockable(), list);
    }

    /** Subject or preheader. */
    public static class EmailEditorTextForm extends EditableRulesForm {
        private String text = "";

        LockableText toLockable() {
            return new LockableText(text == null ? "" : text, !isEditable(), isEditable() && isRequired(),
                    maxLengthIfEditable());
        }

        public String getText() {
            return text;
        }

        public void setText(String text) {
            this.text = text;
        }
    }

    /** One block of the list. */
    public static class EmailEditorBlockForm extends EditableRulesForm {
        private String id;
        private BlockType type;
        private Set<TextFormatting> formatting = EnumSet.noneOf(TextFormatting.class);
        private String imageTag;
        private String linkDomains;
        private Map<String, String> content = new LinkedHashMap<>();

        TemplateBlock toBlock() {
            List<String> domains = linkDomains == null ? List.of()
                    : Arrays.stream(linkDomains.split("[,;\\s]+")).map(String::strip).filter(s -> !s.isEmpty())
                            .toList();
            return new TemplateBlock(id, type, !isEditable(), new BlockConstraints(isRequired(), number(getMaxLength()),
                    formatting, imageTag, domains), content);
        }

        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }

        public BlockType getType() {
            return type;
        }

        public void setType(BlockType type) {
            this.type = type;
        }

        public Set<TextFormatting> getFormatting() {
            return formatting;
        }

        public void setFormatting(Set<TextFormatting> formatting) {
            this.formatting = formatting == null ? EnumSet.noneOf(TextFormatting.class) : formatting;
        }

        public String getImageTag() {
            return imageTag;
        }

        public void setImageTag(String imageTag) {
            this.imageTag = imageTag;
        }

        public String getLinkDomains() {
            return linkDomains;
        }

        public void setLinkDomains(String linkDomains) {
            this.linkDomains = linkDomains;
        }

        public Map<String, String> getContent() {
            return content;
        }

        public void setContent(Map<String, String> content) {
            this.content = content == null ? new LinkedHashMap<>() : content;
        }
    }
}
