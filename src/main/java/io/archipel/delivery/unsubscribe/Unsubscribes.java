package io.archipel.delivery.unsubscribe;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import io.archipel.audience.ContactService;
import io.archipel.audience.Contacts.Channel;
import io.archipel.audience.Contacts.ConsentSource;
import io.archipel.audience.Contacts.ConsentState;
import io.archipel.audience.Contacts.Contact;
import io.archipel.brand.BrandKit;
import io.archipel.brand.BrandKitService;
import io.archipel.delivery.TrackingTokens.Token;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantService;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Unsubscribe and preferences of the recipient of a mail, authorised by the signed token of its link alone: every
 * read and write runs inside the token's tenant ({@code runAsSystem}, row-level security applies) on the recipient
 * row it names. Unsubscribing records a WITHDRAWN e-mail consent event (source UNSUBSCRIBE_LINK, the campaign as
 * proof) and one UNSUBSCRIBE tracking event; it suppresses nothing else (the suppression list is for bounces and
 * complaints). Both are idempotent. The engine re-checks consent when it claims a recipient, so it takes effect for
 * everything not yet in flight.
 */
@Service
public class Unsubscribes {

    /** What the pages show about the recipient of a mail. */
    public record Recipient(UUID tenantId, long recipientId, UUID campaignId, String campaignName, UUID contactId,
            String address, String branchName, String networkName, UUID logoAssetId, Locale locale,
            boolean emailSubscribed, boolean hasMobile, boolean smsSubscribed) {
    }

    private final JdbcTemplate jdbc;
    private final ContactService contacts;
    private final BranchService branches;
    private final TenantService tenants;
    private final BrandKitService brandKits;
    private final TransactionTemplate tx;

    Unsubscribes(JdbcTemplate jdbc, ContactService contacts, BranchService branches, TenantService tenants,
            BrandKitService brandKits, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.contacts = contacts;
        this.branches = branches;
        this.tenants = tenants;
        this.brandKits = brandKits;
        this.tx = new TransactionTemplate(transactions);
    }

    private record Row(UUID campaignId, String campaignName, UUID contactId, String address, UUID branchId) {
    }

    /** The recipient the token names, or empty when its row (or its contact) no longer exists. */
    public Optional<Recipient> find(Token token) {
        return inTenant(token, () -> row(token).flatMap(row -> {
            Contact contact;
            try {
                contact = contacts.get(row.contactId());
            } catch (io.archipel.shared.NotFoundException e) {
                return Optional.empty();
            }
            if (contact.erased()) {
                return Optional.empty();
            }
            BrandKit kit = brandKits.current();
            TenantService.TenantSummary tenant = tenants.find(token.tenantId()).orElseThrow();
            String network = kit.networkName() == null || kit.networkName().isBlank() ? tenant.name()
                    : kit.networkName();
            return Optional.of(new Recipient(token.tenantId(), token.recipientId(), row.campaignId(),
                    row.campaignName(), row.contactId(), row.address(), branches.get(row.branchId()).name(), network,
                    kit.logoAssetId(), Locale.forLanguageTag(tenant.defaultLocale()),
                    contact.emailConsent() == ConsentState.GRANTED, contact.mobile() != null,
                    contact.smsConsent() == ConsentState.GRANTED));
        }));
    }

    /** Withdraws the e-mail consent of the recipient (idempotent); false when the token names no recipient. */
    public boolean unsubscribe(Token token) {
        return inTenant(token, () -> {
            Optional<Row> found = row(token);
            if (found.isEmpty()) {
                return false;
            }
            Row row = found.get();
            Contact contact = contacts.get(row.contactId());
            if (contact.erased()) {
                return false;
            }
            if (contact.emailConsent() != ConsentState.WITHDRAWN) {
                contacts.recordConsent(row.contactId(), Channel.EMAIL, ConsentState.WITHDRAWN,
                        ConsentSource.UNSUBSCRIBE_LINK, proof(row, token));
            }
            jdbc.update("insert into tracking_event (tenant_id, campaign_id, recipient_id, kind) "
                    + "select ?, ?, ?, 'UNSUBSCRIBE' where not exists (select 1 from tracking_event "
                    + "where tenant_id = ? and recipient_id = ? and kind = 'UNSUBSCRIBE')", token.tenantId(),
                    row.campaignId(), token.recipientId(), token.tenantId(), token.recipientId());
            return true;
        });
    }

    /**
     * Saves the recipient's choice per channel (SMS only when the contact has a mobile number): a consent event
     * (source PREFERENCE_CENTER) for each channel whose state changes, nothing for the others. An e-mail withdrawal
     * here also counts as the campaign's unsubscribe.
     */
    public boolean savePreferences(Token token, boolean email, boolean sms) {
        return inTenant(token, () -> {
            Optional<Row> found = row(token);
            if (found.isEmpty()) {
                return false;
            }
            Row row = found.get();
            Contact contact = contacts.get(row.contactId());
            if (contact.erased()) {
                return false;
            }
            String proof = "preference page; " + proof(row, token);
            if (email != (contact.emailConsent() == ConsentState.GRANTED)) {
                contacts.recordConsent(row.contactId(), Channel.EMAIL, email ? ConsentState.GRANTED
                        : ConsentState.WITHDRAWN, ConsentSource.PREFERENCE_CENTER, proof);
                if (!email) {
                    jdbc.update("insert into tracking_event (tenant_id, campaign_id, recipient_id, kind, detail) "
                            + "select ?, ?, ?, 'UNSUBSCRIBE', 'preferences' where not exists (select 1 from "
                            + "tracking_event where tenant_id = ? and recipient_id = ? and kind = 'UNSUBSCRIBE')",
                            token.tenantId(), row.campaignId(), token.recipientId(), token.tenantId(),
                            token.recipientId());
                }
            }
            if (contact.mobile() != null && sms != (contact.smsConsent() == ConsentState.GRANTED)) {
                contacts.recordConsent(row.contactId(), Channel.SMS, sms ? ConsentState.GRANTED
                        : ConsentState.WITHDRAWN, ConsentSource.PREFERENCE_CENTER, proof);
            }
            return true;
        });
    }

    /**
     * The brand kit's primary colour for the recipient pages' buttons and links, when it is readable on white (WCAG
     * AA contrast 4.5:1 with white text and on the white card); empty otherwise (the default theme stays), or when the
     * token names no recipient.
     */
    public Optional<String> accentColour(Token token) {
        return inTenant(token, () -> row(token).flatMap(row -> {
            String colour = brandKits.current().primaryColor();
            return colour != null && BrandKitService.COLOR.matcher(colour).matches() && contrastWithWhite(colour) >= 4.5
                    ? Optional.of(colour.toLowerCase(Locale.ROOT)) : Optional.empty();
        }));
    }

    /** WCAG 2.1 contrast ratio of a #rrggbb colour with white. */
    static double contrastWithWhite(String hex) {
        double l = 0.2126 * channel(hex, 1) + 0.7152 * channel(hex, 3) + 0.0722 * channel(hex, 5);
        return 1.05 / (l + 0.05);
    }

    private static double channel(String hex, int at) {
        double c = Integer.parseInt(hex.substring(at, at + 2), 16) / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }

    private static String proof(Row row, Token token) {
        return "campaign \"" + row.campaignName() + "\" (" + row.campaignId() + "), recipient " + token.recipientId()
                + " <" + row.address() + ">";
    }

    private Optional<Row> row(Token token) {
        List<Row> rows = jdbc.query("select r.campaign_id, c.name, r.contact_id, r.address, s.branch_id "
                + "from campaign_recipient r "
                + "join campaign_send s on s.tenant_id = r.tenant_id and s.campaign_id = r.campaign_id "
                + "join campaign c on c.tenant_id = r.tenant_id and c.id = r.campaign_id "
                + "where r.tenant_id = ? and r.id = ?", (rs, i) -> new Row(rs.getObject(1, UUID.class),
                        rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4), rs.getObject(5, UUID.class)),
                token.tenantId(), token.recipientId());
        return rows.stream().findFirst();
    }

    private <T> T inTenant(Token token, java.util.function.Supplier<T> work) {
        Object[] result = new Object[1];
        TenantContext.runAsSystem(token.tenantId(), () -> result[0] = tx.execute(status -> work.get()));
        @SuppressWarnings("unchecked")
        T t = (T) result[0];
        return t;
    }
}
