package io.archipel.brand;

/** A content field of a block; {@link #key()} is its name in the stored content and in forms. */
public enum BlockField {
    IMAGE("image", Kind.ASSET, false),
    ALT("alt", Kind.TEXT, false),
    LINK("link", Kind.URL, true),
    TEXT("text", Kind.TEXT, false),
    HTML("html", Kind.RICH_TEXT, false),
    LABEL("label", Kind.TEXT, false),
    URL("url", Kind.URL, false),
    TITLE("title", Kind.TEXT, false),
    CODE("code", Kind.TEXT, true),
    VALIDITY("validity", Kind.TEXT, true);

    /** What a field holds: plain text (may hold merge tokens), sanitized rich text, an https URL, a library image. */
    public enum Kind { TEXT, RICH_TEXT, URL, ASSET }

    private final String key;
    private final Kind kind;
    private final boolean optional;

    BlockField(String key, Kind kind, boolean optional) {
        this.key = key;
        this.kind = kind;
        this.optional = optional;
    }

    public String key() {
        return key;
    }

    public Kind kind() {
        return kind;
    }

    /** An optional field may stay empty even in a required block (a link on an image, an offer's validity). */
    public boolean optional() {
        return optional;
    }
}
