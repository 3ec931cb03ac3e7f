package io.archipel.brand;

import java.util.List;

/** One line of "what changed" in the history: a message key of {@code messages/brand} and its arguments. */
public record TemplateChange(String messageKey, List<String> args) {

    public TemplateChange {
        args = args == null ? List.of() : List.copyOf(args);
    }

    public static TemplateChange of(String messageKey, String... args) {
        return new TemplateChange(messageKey, List.of(args));
    }

    public Object[] argsArray() {
        return args.toArray();
    }

    /** The sentence in the reader's language; an argument written {@code #key} is itself a message key. */
    public String describe(org.springframework.context.MessageSource messages, java.util.Locale locale) {
        Object[] resolved = args.stream()
                .map(a -> a.startsWith("#") ? messages.getMessage(a.substring(1), null, a.substring(1), locale) : a)
                .toArray();
        return messages.getMessage(messageKey, resolved, messageKey, locale);
    }
}
