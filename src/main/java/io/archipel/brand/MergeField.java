package io.archipel.brand;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The closed list of merge fields. Authors insert them from a picker as {@code {{key}}} tokens; the app substitutes
 * the values itself, HTML-escaped, per recipient. Nothing else in user text is ever interpreted.
 */
public enum MergeField {
    CONTACT_FIRST_NAME("contact.firstName"),
    CONTACT_LAST_NAME("contact.lastName"),
    CONTACT_EMAIL("contact.email"),
    BRANCH_NAME("branch.name"),
    BRANCH_PHONE("branch.phone"),
    BRANCH_EMAIL("branch.email"),
    BRANCH_ADDRESS("branch.address"),
    BRANCH_HOURS("branch.hours"),
    UNSUBSCRIBE_URL("unsubscribe.url"),
    VIEW_ONLINE_URL("viewOnline.url");

    /**
     * A {@code {{key}}} token as authors type it (spaces inside the braces allowed), optionally with a fallback used
     * when the recipient's value is empty: {@code {{contact.firstName|cher client}}}; in sanitized rich text "{{" is
     * written "{<!-- -->{". Group 1 is the key; one that is not in the list is left as literal text by every user.
     * Group 2 is the fallback, trimmed, or null when the token has none.
     */
    public static final Pattern TOKEN = Pattern.compile(
            "\\{(?:<!-- -->)?\\{\\s*([^{}<>|]*?)\\s*(?:\\|\\s*([^{}<>]*?)\\s*)?}}");

    private static final Map<String, MergeField> BY_KEY = Stream.of(values())
            .collect(Collectors.toUnmodifiableMap(MergeField::key, Function.identity()));

    private final String key;

    MergeField(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** The token an author inserts, e.g. {@code {{contact.firstName}}}. */
    public String token() {
        return "{{" + key + "}}";
    }

    /** The fallback of a {@link #TOKEN} match: group 2, or null when the token has none (or an empty one). */
    public static String fallback(java.util.regex.Matcher token) {
        String f = token.group(2);
        return f == null || f.isEmpty() ? null : f;
    }

    public static Optional<MergeField> ofKey(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }
}
