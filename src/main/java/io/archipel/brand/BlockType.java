package io.archipel.brand;

import java.util.List;

/**
 * The palette of e-mail blocks, with the content fields each one has. Blocks without fields draw from the brand kit
 * (header, social links, legal footer) or from the sending branch (branch card).
 */
public enum BlockType {
    HEADER,
    HERO_IMAGE(BlockField.IMAGE, BlockField.ALT, BlockField.LINK),
    HEADING(BlockField.TEXT),
    RICH_TEXT(BlockField.HTML),
    IMAGE(BlockField.IMAGE, BlockField.ALT, BlockField.LINK),
    BUTTON(BlockField.LABEL, BlockField.URL),
    OFFER(BlockField.TITLE, BlockField.CODE, BlockField.VALIDITY),
    BRANCH_CARD,
    DIVIDER,
    SOCIAL_LINKS,
    LEGAL_FOOTER;

    private final List<BlockField> fields;

    BlockType(BlockField... fields) {
        this.fields = List.of(fields);
    }

    /** The content fields, in the order an editor shows them. */
    public List<BlockField> fields() {
        return fields;
    }

    /** Only blocks with content can be left editable to branches. */
    public boolean hasContent() {
        return !fields.isEmpty();
    }

    public boolean hasImage() {
        return fields.contains(BlockField.IMAGE);
    }

    public boolean hasLinks() {
        return fields.contains(BlockField.LINK) || fields.contains(BlockField.URL) || this == RICH_TEXT;
    }

    public boolean hasText() {
        return fields.stream().anyMatch(f -> f.kind() == BlockField.Kind.TEXT || f.kind() == BlockField.Kind.RICH_TEXT);
    }

    /** A block of this type as the palette adds it: editable when it has content, with starter content. */
    public TemplateBlock starter(String id, String language) {
        return new TemplateBlock(id, this, !hasContent(), BlockConstraints.NONE, BlockDefaults.of(this, language));
    }
}
