package io.archipel.brand;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What an e-mail template is: subject, preheader and ordered blocks. Immutable; the editing operations return a new
 * content, so an editor applies one operation to the draft and saves it.
 */
public record EmailTemplateContent(LockableText subject, LockableText preheader, List<TemplateBlock> blocks) {

    public static final int MAX_BLOCKS = 60;

    public EmailTemplateContent {
        subject = subject == null ? LockableText.locked("") : subject;
        preheader = preheader == null ? LockableText.locked("") : preheader;
        blocks = blocks == null ? List.of() : List.copyOf(blocks);
    }

    /** The layout a new e-mail template starts from. */
    public static EmailTemplateContent starter(String language) {
        boolean fr = language != null && language.startsWith("fr");
        List<TemplateBlock> blocks = new ArrayList<>();
        for (BlockType type : List.of(BlockType.HEADER, BlockType.HERO_IMAGE, BlockType.HEADING, BlockType.RICH_TEXT,
                BlockType.BUTTON, BlockType.BRANCH_CARD, BlockType.SOCIAL_LINKS, BlockType.LEGAL_FOOTER)) {
            blocks.add(type.starter(newBlockId(), language));
        }
        return new EmailTemplateContent(
                new LockableText(fr ? "Des nouvelles de {{branch.name}}" : "News from {{branch.name}}", false, true,
                        120),
                new LockableText("", false, false, 150), blocks);
    }

    public static String newBlockId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    public Optional<TemplateBlock> block(String blockId) {
        return blocks.stream().filter(b -> b.id().equals(blockId)).findFirst();
    }

    public int indexOf(String blockId) {
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.get(i).id().equals(blockId)) {
                return i;
            }
        }
        return -1;
    }

    /** Adds a palette block at {@code index} (clamped; negative = at the end). */
    public EmailTemplateContent withBlockAdded(BlockType type, int index, String language) {
        List<TemplateBlock> list = new ArrayList<>(blocks);
        int at = index < 0 || index > list.size() ? list.size() : index;
        list.add(at, type.starter(newBlockId(), language));
        return withBlocks(list);
    }

    public EmailTemplateContent withBlockRemoved(String blockId) {
        List<TemplateBlock> list = new ArrayList<>(blocks);
        list.removeIf(b -> b.id().equals(blockId));
        return withBlocks(list);
    }

    /** Moves a block up (negative) or down (positive) by {@code offset} places; unchanged at the ends. */
    public EmailTemplateContent withBlockMoved(String blockId, int offset) {
        int from = indexOf(blockId);
        if (from < 0) {
            return this;
        }
        int to = Math.max(0, Math.min(blocks.size() - 1, from + offset));
        List<TemplateBlock> list = new ArrayList<>(blocks);
        list.add(to, list.remove(from));
        return withBlocks(list);
    }

    /** Puts the blocks in the given order of ids (ids not listed keep their relative order at the end). */
    public EmailTemplateContent withBlockOrder(List<String> orderedIds) {
        List<TemplateBlock> list = new ArrayList<>();
        for (String id : orderedIds) {
            block(id).filter(b -> !list.contains(b)).ifPresent(list::add);
        }
        blocks.stream().filter(b -> !list.contains(b)).forEach(list::add);
        return withBlocks(list);
    }

    /** Inserts a copy (new id) right after the block. */
    public EmailTemplateContent withBlockDuplicated(String blockId) {
        int from = indexOf(blockId);
        if (from < 0) {
            return this;
        }
        List<TemplateBlock> list = new ArrayList<>(blocks);
        list.add(from + 1, blocks.get(from).withId(newBlockId()));
        return withBlocks(list);
    }

    public EmailTemplateContent withBlockReplaced(TemplateBlock block) {
        List<TemplateBlock> list = new ArrayList<>(blocks);
        int at = indexOf(block.id());
        if (at < 0) {
            return this;
        }
        list.set(at, block);
        return withBlocks(list);
    }

    public EmailTemplateContent withBlocks(List<TemplateBlock> newBlocks) {
        return new EmailTemplateContent(subject, preheader, Collections.unmodifiableList(new ArrayList<>(newBlocks)));
    }

    public EmailTemplateContent withSubject(LockableText newSubject) {
        return new EmailTemplateContent(newSubject, preheader, blocks);
    }

    public EmailTemplateContent withPreheader(LockableText newPreheader) {
        return new EmailTemplateContent(subject, newPreheader, blocks);
    }
}
