package io.archipel.brand;

import java.util.Map;

/** Starter content of a block added from the palette, in the network's language (French or English). */
final class BlockDefaults {

    private BlockDefaults() {
    }

    static Map<String, String> of(BlockType type, String language) {
        boolean fr = language != null && language.toLowerCase(java.util.Locale.ROOT).startsWith("fr");
        return switch (type) {
            case HERO_IMAGE, IMAGE -> Map.of("alt", "");
            // with a fallback, so that a contact without a first name reads "Bonjour à vous," (compliance rule)
            case HEADING -> Map.of("text", fr ? "Bonjour {{contact.firstName|à vous}}," : "Hello {{contact.firstName|there}},");
            case RICH_TEXT -> Map.of("html", fr
                    ? "<p>L’équipe de {{branch.name}} a préparé quelque chose pour vous.</p>"
                    : "<p>The {{branch.name}} team has something for you.</p>");
            case BUTTON -> Map.of("label", fr ? "Découvrir" : "Discover", "url", "");
            case OFFER -> Map.of("title", fr ? "-20 % sur votre prochain achat" : "20% off your next purchase",
                    "code", "BIENVENUE20", "validity", fr ? "Valable jusqu'au 31 décembre" : "Valid until 31 December");
            default -> Map.of();
        };
    }
}
