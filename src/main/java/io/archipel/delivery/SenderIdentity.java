package io.archipel.delivery;

import io.archipel.brand.BrandKit;
import io.archipel.brand.BrandKitService;
import io.archipel.shared.mail.MailAddresses;
import io.archipel.tenancy.BranchService;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Who a branch's mail comes from, for test sends and campaign mail alike: the branch's sender name when it has one
 * (else the brand kit's, else the network's name), the brand kit's sender address when valid (else
 * {@code archipel.mail.default-from}), and the Reply-To of the brand kit's rule (the branch's address, a fixed one, or
 * none). Reads the current tenant's brand kit.
 */
@Component
public class SenderIdentity {

    /** From name and address, and the Reply-To address (null: none). */
    public record Sender(String fromName, String fromAddress, String replyTo) {

        /** The domain of the From address (Message-IDs are made in it). */
        public String domain() {
            int at = fromAddress.lastIndexOf('@');
            return at < 0 ? "archipel.invalid" : fromAddress.substring(at + 1);
        }
    }

    private final BrandKitService brandKits;
    private final String defaultFrom;

    SenderIdentity(BrandKitService brandKits,
            @Value("${archipel.mail.default-from:no-reply@archipel.example}") String defaultFrom) {
        if (!MailAddresses.isValid(defaultFrom)) {
            throw new IllegalStateException("archipel.mail.default-from must be a plain e-mail address: " + defaultFrom);
        }
        this.brandKits = brandKits;
        this.defaultFrom = defaultFrom.strip();
    }

    /** The sender of a branch's mail ({@code branch} null: a sample branch, so the brand kit's values). */
    public Sender of(BranchService.BranchView branch) {
        BrandKit kit = brandKits.current();
        String fromName = branch != null && notBlank(branch.senderName()) ? branch.senderName()
                : notBlank(kit.senderName()) ? kit.senderName() : kit.networkName();
        String fromAddress = notBlank(kit.senderEmail()) && MailAddresses.isValid(kit.senderEmail().strip())
                ? kit.senderEmail().strip() : defaultFrom;
        String replyTo = switch (kit.replyToRule()) {
            case BRANCH_EMAIL -> branch != null && notBlank(branch.email())
                    && MailAddresses.isValid(branch.email().strip()) ? branch.email().strip() : null;
            case FIXED -> notBlank(kit.replyToAddress()) && MailAddresses.isValid(kit.replyToAddress().strip())
                    ? kit.replyToAddress().strip() : null;
            case NONE -> null;
        };
        return new Sender(fromName, fromAddress, replyTo);
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
