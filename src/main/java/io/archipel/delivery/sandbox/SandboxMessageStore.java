package io.archipel.delivery.sandbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code mail_sandbox_message} rows (plain SQL). Every statement names the tenant, and row-level security filters
 * on the transaction's tenant on top of it. Callers run inside a transaction.
 */
@Repository
class SandboxMessageStore {

    private final JdbcTemplate jdbc;

    SandboxMessageStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID tenantId, UUID id, SandboxMessages.Received m) {
        jdbc.update("insert into mail_sandbox_message (tenant_id, id, sender, recipients, reply_to, subject, html, "
                + "text, headers, source, size_bytes) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", tenantId, id,
                cut(m.sender(), 1000), cut(m.recipients(), 4000), cut(m.replyTo(), 1000), cut(m.subject(), 2000),
                m.html(), m.text(), m.headers(), m.source(), m.sizeBytes());
    }

    /** Deletes all but the {@code keep} newest messages of the tenant. */
    int trim(UUID tenantId, int keep) {
        return jdbc.update("delete from mail_sandbox_message where tenant_id = ? and id in (select id from "
                + "mail_sandbox_message where tenant_id = ? order by received_at desc, id offset ?)", tenantId,
                tenantId, keep);
    }

    List<SandboxMessages.Summary> list(UUID tenantId, int limit) {
        return jdbc.query("select id, received_at, sender, recipients, subject, html is not null as has_html, "
                + "size_bytes from mail_sandbox_message where tenant_id = ? order by received_at desc, id limit ?",
                (rs, n) -> new SandboxMessages.Summary(rs.getObject("id", UUID.class), instant(rs, "received_at"),
                        rs.getString("sender"), rs.getString("recipients"), rs.getString("subject"),
                        rs.getBoolean("has_html"), rs.getInt("size_bytes")), tenantId, limit);
    }

    Optional<SandboxMessages.Message> find(UUID tenantId, UUID id) {
        return jdbc.query("select id, received_at, sender, recipients, reply_to, subject, html, text, headers, "
                + "size_bytes, source is not null as has_source from mail_sandbox_message where tenant_id = ? and id = ?",
                (rs, n) -> new SandboxMessages.Message(rs.getObject("id", UUID.class), instant(rs, "received_at"),
                        rs.getString("sender"), rs.getString("recipients"), rs.getString("reply_to"),
                        rs.getString("subject"), rs.getString("html"), rs.getString("text"), rs.getString("headers"),
                        rs.getInt("size_bytes"), rs.getBoolean("has_source")), tenantId, id).stream().findFirst();
    }

    Optional<byte[]> source(UUID tenantId, UUID id) {
        return jdbc.query("select source from mail_sandbox_message where tenant_id = ? and id = ? and source is not null",
                (rs, n) -> rs.getBytes(1), tenantId, id).stream().findFirst();
    }

    int clear(UUID tenantId) {
        return jdbc.update("delete from mail_sandbox_message where tenant_id = ?", tenantId);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
