package io.archipel.delivery.hooks;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.archipel.audience.ContactService;
import io.archipel.audience.Contacts.SuppressionReason;
import io.archipel.tenancy.TenantContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a tenant's mail provider reports through the webhook: hard bounces and complaints suppress the address in the
 * whole tenant ({@link ContactService#suppress}) and are recorded as BOUNCE / COMPLAINT tracking events on the
 * recipient row they concern (found by the Message-ID we sent, else the latest row of the address); soft bounces are
 * recorded only. A whole call is one transaction in the tenant's context.
 */
@Service
public class EmailEvents {

    public enum Type { HARD_BOUNCE, SOFT_BOUNCE, COMPLAINT }

    /** One reported event, already checked by the controller. */
    public record Reported(Type type, String email, String messageId, Instant occurredAt, String reason) {
    }

    public record Outcome(int received, int matched, int suppressed) {
    }

    /** {@code CampaignMailFactory.messageId}: {@code <{row id}.{16 hex digits}@}. */
    private static final Pattern DERIVED = Pattern.compile("<(\\d{1,18})\\.([0-9a-f]{16})@");

    private final JdbcTemplate jdbc;
    private final ContactService contacts;
    private final TransactionTemplate tx;

    EmailEvents(JdbcTemplate jdbc, ContactService contacts, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.contacts = contacts;
        this.tx = new TransactionTemplate(transactions);
    }

    public Outcome record(UUID tenantId, List<Reported> events) {
        Outcome[] outcome = new Outcome[1];
        TenantContext.runAsSystem(tenantId, () -> tx.executeWithoutResult(status -> {
            int matched = 0;
            int suppressed = 0;
            List<Object[]> rows = new ArrayList<>();
            for (Reported e : events) {
                if (e.type() != Type.SOFT_BOUNCE) {
                    contacts.suppress(e.email(), null,
                            e.type() == Type.COMPLAINT ? SuppressionReason.COMPLAINT : SuppressionReason.HARD_BOUNCE);
                    suppressed++;
                }
                Optional<long[]> recipient = recipient(tenantId, e);
                if (recipient.isPresent()) {
                    matched++;
                    String detail = (e.type() == Type.HARD_BOUNCE ? "hard" : e.type() == Type.SOFT_BOUNCE ? "soft"
                            : "complaint") + (e.reason() == null || e.reason().isBlank() ? "" : ": " + e.reason());
                    rows.add(new Object[] {tenantId, recipient.get()[0], e.type() == Type.COMPLAINT ? "COMPLAINT"
                            : "BOUNCE", Timestamp.from(e.occurredAt()), detail.length() > 500
                                    ? detail.substring(0, 500) : detail});
                }
            }
            if (!rows.isEmpty()) {
                jdbc.batchUpdate("insert into tracking_event (tenant_id, campaign_id, recipient_id, kind, occurred_at, "
                        + "detail) select r.tenant_id, r.campaign_id, r.id, ?, ?, ? from campaign_recipient r "
                        + "where r.tenant_id = ? and r.id = ?", rows.stream().map(r -> new Object[] {r[2], r[3], r[4],
                                r[0], r[1]}).toList());
            }
            outcome[0] = new Outcome(events.size(), matched, suppressed);
        }));
        return outcome[0];
    }

    private Optional<long[]> recipient(UUID tenantId, Reported e) {
        if (e.messageId() != null && !e.messageId().isBlank()) {
            String id = e.messageId().strip();
            String bracketed = id.startsWith("<") ? id : "<" + id + ">";
            // the engine's Message-IDs name their row: <{row id}.{campaign tag}@domain>, nothing stored
            Matcher derived = DERIVED.matcher(bracketed);
            if (derived.lookingAt()) {
                List<Long> row = jdbc.queryForList("select id from campaign_recipient where tenant_id = ? and id = ? "
                        + "and left(replace(campaign_id::text, '-', ''), 16) = ?", Long.class, tenantId,
                        Long.parseLong(derived.group(1)), derived.group(2));
                if (!row.isEmpty()) {
                    return Optional.of(new long[] {row.get(0)});
                }
            }
            // mails sent before Message-IDs were derived: the stored one
            List<Long> found = jdbc.queryForList("select id from campaign_recipient where tenant_id = ? "
                    + "and message_id in (?, ?) order by id desc limit 1", Long.class, tenantId, bracketed, id);
            if (!found.isEmpty()) {
                return Optional.of(new long[] {found.get(0)});
            }
        }
        List<Long> found = jdbc.queryForList("select id from campaign_recipient where tenant_id = ? "
                + "and lower(address) = lower(?) order by id desc limit 1", Long.class, tenantId, e.email().strip());
        return found.stream().findFirst().map(id -> new long[] {id});
    }
}
