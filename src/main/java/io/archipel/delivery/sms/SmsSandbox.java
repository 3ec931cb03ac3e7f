package io.archipel.delivery.sms;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import io.archipel.brand.SmsLength;
import io.archipel.identity.CurrentUser;
import io.archipel.identity.Role;
import io.archipel.shared.AccessDeniedInScopeException;
import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.TenantContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The development SMS provider's inbox ({@code sms_sandbox_message}): every SMS "sent" for the tenant while it uses
 * the development provider, and the replies received or simulated, as conversations per phone number, newest first.
 * Only the newest {@code archipel.sms.sandbox.keep} messages per tenant are kept. Reading, clearing and simulating a
 * reply is for HQ admins and marketers; the provider records as trusted code of the tenant.
 */
@Service
public class SmsSandbox {

    public enum Direction { OUT, IN }

    /** One phone number's thread: its latest message and how many the sandbox keeps. */
    public record Conversation(String phone, Instant lastAt, Direction lastDirection, String lastText, int count) {
    }

    public record Message(UUID id, Instant at, Direction direction, String phone, String senderName, String text,
            SmsLength.Encoding encoding, int segments, Long recipientId, String outcome) {

        public boolean inbound() {
            return direction == Direction.IN;
        }
    }

    private final JdbcTemplate jdbc;
    private final boolean enabled;
    private final int keep;

    SmsSandbox(JdbcTemplate jdbc, @Value("${archipel.sms.sandbox.enabled:true}") boolean enabled,
            @Value("${archipel.sms.sandbox.keep:500}") int keep) {
        this.jdbc = jdbc;
        this.enabled = enabled;
        this.keep = Math.max(1, keep);
    }

    /** Whether the development provider may keep SMS here (off in production: SMS then need a real provider). */
    public boolean enabled() {
        return enabled;
    }

    public int keep() {
        return keep;
    }

    /** The tenant's conversations, the most recent first. */
    @Transactional(readOnly = true)
    public List<Conversation> conversations() {
        requireViewer();
        List<Conversation> list = new ArrayList<>(jdbc.query("select distinct on (phone) phone, at, direction, text, "
                + "count(*) over (partition by phone) as n from sms_sandbox_message where tenant_id = ? "
                + "order by phone, at desc, id", (rs, n) -> new Conversation(rs.getString("phone"), instant(rs, "at"),
                        Direction.valueOf(rs.getString("direction")), rs.getString("text"), rs.getInt("n")),
                TenantContext.require()));
        list.sort(Comparator.comparing(Conversation::lastAt).reversed());
        return list;
    }

    /** The messages exchanged with one number, oldest first (as a phone shows them); 404 when there are none. */
    @Transactional(readOnly = true)
    public List<Message> conversation(String phone) {
        requireViewer();
        List<Message> messages = jdbc.query("select * from sms_sandbox_message where tenant_id = ? and phone = ? "
                + "order by at, id", this::message, TenantContext.require(), phone == null ? "" : phone.strip());
        if (messages.isEmpty()) {
            throw new NotFoundException("SMS conversation");
        }
        return messages;
    }

    /** Empties the tenant's SMS sandbox; returns how many messages were removed. */
    @Transactional
    public int clear() {
        requireViewer();
        return jdbc.update("delete from sms_sandbox_message where tenant_id = ?", TenantContext.require());
    }

    /** Files SMS "sent" through the development provider, for the tenant of the context (trusted code). */
    @Transactional
    void recordOutgoing(List<SmsMessage> messages, String senderName) {
        UUID tenantId = TenantContext.require();
        // clock_timestamp(): messages of one batch keep their order (now() is the same for the whole transaction)
        jdbc.batchUpdate("insert into sms_sandbox_message (tenant_id, id, at, direction, phone, sender_name, text, "
                + "encoding, segments, recipient_id) values (?, ?, clock_timestamp(), 'OUT', ?, ?, ?, ?, ?, ?)", messages,
                200,
                (ps, m) -> {
                    SmsLength length = SmsLength.of(m.text());
                    ps.setObject(1, tenantId);
                    ps.setObject(2, UUID.randomUUID());
                    ps.setString(3, m.toE164());
                    ps.setString(4, senderName);
                    ps.setString(5, cut(m.text(), 2000));
                    ps.setString(6, length.encoding().name());
                    ps.setInt(7, length.segments());
                    ps.setObject(8, m.recipientId());
                });
        trim(tenantId);
    }

    /** Files a reply from {@code phone} and what was done with it, for the tenant of the context (trusted code). */
    @Transactional
    void recordIncoming(String phone, String text, String outcome) {
        UUID tenantId = TenantContext.require();
        SmsLength length = SmsLength.of(text);
        jdbc.update("insert into sms_sandbox_message (tenant_id, id, at, direction, phone, text, encoding, segments, "
                + "outcome) values (?, ?, clock_timestamp(), 'IN', ?, ?, ?, ?, ?)", tenantId, UUID.randomUUID(), phone, cut(text, 2000),
                length.encoding().name(), length.segments(), cut(outcome, 200));
        trim(tenantId);
    }

    /** Whether the sandbox holds a message sent to {@code phone} (a reply can only be simulated to such a number). */
    @Transactional(readOnly = true)
    boolean hasOutgoingTo(String phone) {
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from sms_sandbox_message where "
                + "tenant_id = ? and phone = ? and direction = 'OUT')", Boolean.class, TenantContext.require(), phone));
    }

    private void trim(UUID tenantId) {
        jdbc.update("delete from sms_sandbox_message where tenant_id = ? and id in (select id from sms_sandbox_message "
                + "where tenant_id = ? order by at desc, id offset ?)", tenantId, tenantId, keep);
    }

    private Message message(ResultSet rs, int n) throws SQLException {
        long recipientId = rs.getLong("recipient_id");
        Long recipient = rs.wasNull() ? null : recipientId;
        return new Message(rs.getObject("id", UUID.class), instant(rs, "at"), Direction.valueOf(rs.getString("direction")),
                rs.getString("phone"), rs.getString("sender_name"), rs.getString("text"),
                SmsLength.Encoding.valueOf(rs.getString("encoding")), rs.getInt("segments"),
                recipient, rs.getString("outcome"));
    }

    static void requireViewer() {
        if (TenantContext.isSystem() && CurrentUser.find().isEmpty()) {
            return;
        }
        Role role = CurrentUser.find().map(u -> u.role()).orElse(null);
        if (role != Role.HQ_ADMIN && role != Role.HQ_MARKETER) {
            throw new AccessDeniedInScopeException("SMS sandbox");
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        java.sql.Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
