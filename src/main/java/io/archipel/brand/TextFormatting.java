package io.archipel.brand;

/** Formatting an editable rich-text block may use (anything else is removed by the sanitizer). */
public enum TextFormatting {
    BOLD, ITALIC, LINKS, LISTS
}
