package io.archipel.brand;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One block of an e-mail template: its type, whether branches may change it, the constraints on what they enter, and
 * its content (the default content when editable), keyed by {@link BlockField#key()}. {@code id} is stable across
 * edits and versions, so that a branch's content and the history can refer to a block.
 */
public record TemplateBlock(String id, BlockType type, boolean locked, BlockConstraints constraints,
        Map<String, String> content) {

    public TemplateBlock {
        constraints = constraints == null ? BlockConstraints.NONE : constraints;
        Map<String, String> kept = new LinkedHashMap<>();
        if (content != null) {
            for (BlockField field : type.fields()) {
                String value = content.get(field.key());
                if (value != null) {
                    kept.put(field.key(), value);
                }
            }
        }
        content = java.util.Collections.unmodifiableMap(kept);
        locked = locked || !type.hasContent();
    }

    public String value(BlockField field) {
        return content.getOrDefault(field.key(), "");
    }

    public boolean editable() {
        return !locked;
    }

    public TemplateBlock withId(String newId) {
        return new TemplateBlock(newId, type, locked, constraints, content);
    }

    public TemplateBlock withContent(Map<String, String> newContent) {
        return new TemplateBlock(id, type, locked, constraints, newContent);
    }
}
