package io.archipel.brand;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The block operations of the editor: add, remove, reorder, duplicate. */
class EmailTemplateContentTest {

    final EmailTemplateContent starter = EmailTemplateContent.starter("en");

    private static List<BlockType> types(EmailTemplateContent c) {
        return c.blocks().stream().map(TemplateBlock::type).toList();
    }

    @Test
    void blocksAreAddedAtAPlaceOrAtTheEnd() {
        assertThat(types(starter.withBlockAdded(BlockType.OFFER, 1, "en")).get(1)).isEqualTo(BlockType.OFFER);
        assertThat(types(starter.withBlockAdded(BlockType.DIVIDER, -1, "en"))).last().isEqualTo(BlockType.DIVIDER);
        assertThat(types(starter.withBlockAdded(BlockType.DIVIDER, 999, "en"))).last().isEqualTo(BlockType.DIVIDER);
    }

    @Test
    void blocksMoveWithinTheEnds() {
        String first = starter.blocks().get(0).id();
        EmailTemplateContent down = starter.withBlockMoved(first, 1);
        assertThat(down.blocks().get(1).id()).isEqualTo(first);
        assertThat(starter.withBlockMoved(first, -1)).isEqualTo(starter);
        String last = starter.blocks().get(starter.blocks().size() - 1).id();
        assertThat(starter.withBlockMoved(last, 5)).isEqualTo(starter);
        List<String> reversed = new java.util.ArrayList<>(starter.blocks().stream().map(TemplateBlock::id).toList());
        java.util.Collections.reverse(reversed);
        assertThat(starter.withBlockOrder(reversed).blocks().get(0).id()).isEqualTo(last);
    }

    @Test
    void aDuplicateFollowsItsOriginalWithANewId() {
        TemplateBlock heading = starter.blocks().stream().filter(b -> b.type() == BlockType.HEADING).findFirst()
                .orElseThrow();
        EmailTemplateContent twice = starter.withBlockDuplicated(heading.id());
        int at = twice.indexOf(heading.id());
        TemplateBlock copy = twice.blocks().get(at + 1);
        assertThat(copy.id()).isNotEqualTo(heading.id());
        assertThat(copy.content()).isEqualTo(heading.content());
        assertThat(twice.withBlockRemoved(copy.id())).isEqualTo(starter);
    }

    @Test
    void blocksWithoutContentAreAlwaysLocked() {
        TemplateBlock footer = new TemplateBlock("f", BlockType.LEGAL_FOOTER, false, null, null);
        assertThat(footer.locked()).isTrue();
        TemplateBlock heading = BlockType.HEADING.starter("h", "fr");
        assertThat(heading.editable()).isTrue();
        assertThat(heading.value(BlockField.TEXT)).contains("{{contact.firstName|à vous}}");
        // content fields a block type does not have are dropped
        TemplateBlock stray = new TemplateBlock("x", BlockType.DIVIDER, true, null, java.util.Map.of("html", "<b>"));
        assertThat(stray.content()).isEmpty();
    }
}
