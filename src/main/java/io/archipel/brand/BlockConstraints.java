package io.archipel.brand;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a branch may do with an editable block. {@code maxLength} counts visible characters of each text field (rich
 * text without its markup); {@code formatting} applies to rich text; {@code imageTag} restricts images to library
 * images with that tag; {@code linkDomains} restricts links to those domains and their sub-domains (empty: any https).
 */
public record BlockConstraints(boolean required, Integer maxLength, Set<TextFormatting> formatting, String imageTag,
        List<String> linkDomains) {

    public static final int MAX_LENGTH_LIMIT = 5000;
    public static final BlockConstraints NONE = new BlockConstraints(false, null, EnumSet.allOf(TextFormatting.class),
            null, List.of());

    public BlockConstraints {
        formatting = formatting == null || formatting.isEmpty() ? Set.of()
                : Set.copyOf(EnumSet.copyOf(formatting));
        imageTag = imageTag == null || imageTag.isBlank() ? null : imageTag.strip().toLowerCase(java.util.Locale.ROOT);
        linkDomains = linkDomains == null ? List.of() : List.copyOf(linkDomains);
    }

    public boolean allows(TextFormatting f) {
        return formatting.contains(f);
    }
}
