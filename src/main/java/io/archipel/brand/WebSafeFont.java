package io.archipel.brand;

import java.util.Arrays;
import java.util.Optional;

/** The fonts a brand kit may use: web-safe, so every mail client shows them. Stored as their CSS font stack. */
public enum WebSafeFont {
    ARIAL("Arial", "Arial, Helvetica, sans-serif"),
    HELVETICA("Helvetica", "Helvetica, Arial, sans-serif"),
    GEORGIA("Georgia", "Georgia, 'Times New Roman', Times, serif"),
    TIMES_NEW_ROMAN("Times New Roman", "'Times New Roman', Times, serif"),
    VERDANA("Verdana", "Verdana, Geneva, sans-serif"),
    TREBUCHET_MS("Trebuchet MS", "'Trebuchet MS', Helvetica, sans-serif"),
    TAHOMA("Tahoma", "Tahoma, Verdana, Geneva, sans-serif"),
    COURIER_NEW("Courier New", "'Courier New', Courier, monospace");

    private final String label;
    private final String stack;

    WebSafeFont(String label, String stack) {
        this.label = label;
        this.stack = stack;
    }

    public String label() {
        return label;
    }

    /** The CSS font-family value (a fixed constant, safe to put in CSS). */
    public String stack() {
        return stack;
    }

    public static Optional<WebSafeFont> ofStack(String stack) {
        return Arrays.stream(values()).filter(f -> f.stack.equals(stack)).findFirst();
    }
}
