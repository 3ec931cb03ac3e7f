package io.archipel.brand;

/**
 * The blocks an e-mail template is made of, in order. Text fields are plain text (may hold merge-field tokens);
 * {@link RichText#html()} is rich text that goes through the allow-list sanitizer; URLs must be https.
 */
public sealed interface EmailBlock {

    /** The brand kit's logo (or the network's name), on the primary colour. */
    record Header(String logoUrl) implements EmailBlock {
    }

    record HeroImage(String imageUrl, String alt, String linkUrl) implements EmailBlock {
    }

    record Heading(String text) implements EmailBlock {
    }

    record RichText(String html) implements EmailBlock {
    }

    record Image(String imageUrl, String alt, String linkUrl, int width) implements EmailBlock {
    }

    record Button(String label, String url) implements EmailBlock {
    }

    record Offer(String title, String code, String validity) implements EmailBlock {
    }

    /** Filled per recipient from the sending branch: name, address, opening hours, phone. */
    record BranchCard() implements EmailBlock {
    }

    record Divider() implements EmailBlock {
    }

    /** The brand kit's social links. */
    record SocialLinks() implements EmailBlock {
    }

    /** The brand kit's legal footer and the unsubscribe link. */
    record LegalFooter() implements EmailBlock {
    }
}
