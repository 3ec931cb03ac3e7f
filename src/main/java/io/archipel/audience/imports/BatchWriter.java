package io.archipel.audience.imports;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import io.archipel.tenancy.TenantContext;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies one batch of parsed rows inside the caller's transaction, set-based: the rows are COPYed into a temporary
 * staging table, matched to the branch's contacts in SQL (by e-mail, else by mobile), then existing contacts are
 * updated (only the given values: {@code coalesce(new, old)}), new ones inserted, consent events inserted where the
 * state changes (never a GRANTED one for a suppressed address), and rejections written. Duplicates of earlier lines
 * of the same file are found through {@code contact.import_id/import_line}, so no memory grows with the file.
 */
@Component
class BatchWriter {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BatchWriter.class);

    static final String STAGE = "archipel_import_stage";
    private static final String CREATE_STAGE = "create temp table if not exists " + STAGE + " ("
            + "line bigint not null, new_id uuid not null, branch_id uuid not null, email text, mobile text, "
            + "first_name text, last_name text, birth_date date, postal_code text, city text, loyalty_tier text, "
            + "last_purchase_date date, total_spend numeric(12,2), tags text, attributes jsonb, email_consent text, "
            + "sms_consent text, contact_id uuid, dup_line bigint, reject text, created boolean not null default false, "
            + "old_email text, old_mobile text, prev_email text, prev_sms text, suppressed boolean not null default false"
            + ") on commit delete rows";
    private static final String COPY = "copy " + STAGE + " (line, new_id, branch_id, email, mobile, first_name, "
            + "last_name, birth_date, postal_code, city, loyalty_tier, last_purchase_date, total_spend, tags, "
            + "attributes, email_consent, sms_consent) from stdin";
    private static final char TAG_SEPARATOR = '\u001f';
    private static final String HASH_EMAIL = "encode(sha256(convert_to(s.email, 'UTF8')), 'hex')";
    private static final String HASH_MOBILE = "encode(sha256(convert_to(s.mobile, 'UTF8')), 'hex')";
    /** The hashes the contact will have after this row (its stored address or number when the row has none). */
    private static final String HASH_NEW_EMAIL =
            "encode(sha256(convert_to(lower(btrim(coalesce(s.email, s.old_email))), 'UTF8')), 'hex')";
    private static final String HASH_NEW_MOBILE = "encode(sha256(convert_to(btrim(coalesce(s.mobile, s.old_mobile)), "
            + "'UTF8')), 'hex')";

    /** The consent state a row leaves on its contact: the cell's, unless empty or a GRANTED for a suppressed address. */
    private static String effective(String column, String otherwise) {
        return "case when s." + column + " is null or (s." + column + " = 'GRANTED' and s.suppressed) then "
                + otherwise + " else s." + column + " end";
    }

    /** What a batch did. */
    record Outcome(long rows, long created, long updated, long rejected, long consentEvents, long suppressedRows,
            long lastLine, boolean cancelRequested) {
    }

    /** The import the batch belongs to. */
    record Job(UUID importId, String leaseOwner, int leaseSeconds, String actor, String proofPrefix) {
    }

    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private final JsonMapper json;

    BatchWriter(JdbcTemplate jdbc, DataSource dataSource, JsonMapper json) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.json = json;
    }

    /**
     * Applies the batch (call inside a transaction with the tenant set). {@code cellsByLine} holds the original cells of
     * the parsed rows, for the ones the database rejects. Throws {@link LostLeaseException} (rolling back) when another
     * instance took the job over.
     */
    Outcome apply(Job job, List<RowParser.Parsed> parsed, List<RowParser.Rejected> rejected,
            Map<Long, List<String>> cellsByLine, long lastLine) {
        UUID tenant = TenantContext.require();
        StepTimer timer = new StepTimer();
        List<RowParser.Rejected> rejections = new ArrayList<>(rejected);
        long created = 0;
        long updated = 0;
        long consentEvents = 0;
        long suppressed = 0;
        // The batch's rows and its counters (last_applied_line included) commit together, so a commit lost in a
        // database crash loses both and the job resumes after the last batch that did survive: the import need not
        // wait for each commit's WAL flush (several MB per batch), the WAL writer flushes on the other core.
        jdbc.queryForObject("select set_config('synchronous_commit', 'off', true)", String.class);
        if (!parsed.isEmpty()) {
            jdbc.execute(CREATE_STAGE);
            jdbc.execute("truncate " + STAGE);
            copy(parsed);
            jdbc.execute("analyze " + STAGE);
            timer.mark("copy+analyze");
            // A batch touches a few thousand contacts out of up to millions: every lookup of contact below is a
            // per-row index probe (a correlated sub-select, or = any(array)), never a join the planner could turn into a
            // scan of the whole table.
            // match by e-mail within the branch; a contact last written by an earlier line of this file: duplicate.
            // Through the e-mail hash (same normalisation, V9): under row-level security an index on lower(email)
            // cannot serve a qual (lower() is not leakproof), an equality on a plain column can.
            jdbc.update("update " + STAGE + " s set (contact_id, dup_line, old_email, old_mobile, prev_email, "
                    + "prev_sms) = (select c.id, case when c.import_id = ? then c.import_line end, c.email, c.mobile, "
                    + "c.email_consent, c.sms_consent from contact c where c.tenant_id = ? and c.branch_id = s.branch_id "
                    + "and c.email_hash = " + HASH_EMAIL + " and c.erased_at is null limit 1) "
                    + "where s.email is not null", job.importId(), tenant);
            timer.mark("match-email");
            // rows without e-mail: match by mobile within the branch (the oldest such contact)
            jdbc.update("update " + STAGE + " s set (contact_id, dup_line, old_email, old_mobile, prev_email, "
                    + "prev_sms) = (select c.id, case when c.import_id = ? then c.import_line end, c.email, c.mobile, "
                    + "c.email_consent, c.sms_consent from contact c where c.tenant_id = ? and c.branch_id = s.branch_id "
                    + "and c.mobile = s.mobile and c.erased_at is null order by c.created_at, c.id limit 1) "
                    + "where s.email is null and s.mobile is not null", job.importId(), tenant);
            timer.mark("match-mobile");
            jdbc.update("update " + STAGE + " set reject = 'D' where dup_line is not null");
            // two rows of this batch reaching the same contact (e-mail on one, mobile on the other): the first wins
            jdbc.update("update " + STAGE + " s set reject = 'D', dup_line = d.first_line from (select contact_id, "
                    + "min(line) as first_line from " + STAGE + " where contact_id is not null and reject is null "
                    + "group by contact_id having count(*) > 1) d where s.contact_id = d.contact_id "
                    + "and s.line > d.first_line and s.reject is null");
            timer.mark("duplicates");
            // never bring an erased person back: a new contact whose address or number was erased is refused
            jdbc.update("update " + STAGE + " s set reject = 'E' where s.contact_id is null and s.reject is null "
                    + "and exists (select 1 from suppression p where p.tenant_id = ? and p.reason = 'ERASED' and "
                    + "(p.email_hash = " + HASH_EMAIL + " or p.phone_hash = " + HASH_MOBILE + "))", tenant);
            // a granted consent for an address or number on the suppression list (as the contact will be) is dropped
            jdbc.update("update " + STAGE + " s set suppressed = true where s.reject is null "
                    + "and (s.email_consent = 'GRANTED' or s.sms_consent = 'GRANTED') and exists (select 1 "
                    + "from suppression p where p.tenant_id = ? and (p.email_hash = " + HASH_NEW_EMAIL
                    + " or p.phone_hash = " + HASH_NEW_MOBILE + "))", tenant);
            timer.mark("erased+suppressed");
            // the current consent columns are set to the state of the event inserted below, in the same
            // transaction; the consent_event trigger then finds them right and leaves the row alone (one row
            // version per contact instead of three)
            Long matched = jdbc.queryForObject("select count(*) from " + STAGE
                    + " where contact_id is not null and reject is null", Long.class);
            updated = matched == null || matched == 0 ? 0 : jdbc.update("update contact c set mobile = coalesce(s.mobile, c.mobile), "
                    + "first_name = coalesce(s.first_name, c.first_name), last_name = coalesce(s.last_name, c.last_name), "
                    + "birth_date = coalesce(s.birth_date, c.birth_date), "
                    + "postal_code = coalesce(s.postal_code, c.postal_code), city = coalesce(s.city, c.city), "
                    + "loyalty_tier = coalesce(s.loyalty_tier, c.loyalty_tier), "
                    + "last_purchase_date = coalesce(s.last_purchase_date, c.last_purchase_date), "
                    + "total_spend = coalesce(s.total_spend, c.total_spend), "
                    + "tags = coalesce(string_to_array(s.tags, E'\\x1f'), c.tags), "
                    + "attributes = c.attributes || coalesce(s.attributes, '{}'::jsonb), "
                    + "email_consent = " + effective("email_consent", "c.email_consent") + ", "
                    + "sms_consent = " + effective("sms_consent", "c.sms_consent") + ", updated_at = now(), "
                    + "version = c.version + 1, import_id = ?, import_line = s.line from " + STAGE + " s "
                    + "where c.tenant_id = ? and c.id = any(array(select contact_id from " + STAGE + " where contact_id is not null "
                    + "and reject is null)) and c.id = s.contact_id and s.reject is null", job.importId(), tenant);
            timer.mark("update");
            created = jdbc.update("with ins as (insert into contact (tenant_id, id, branch_id, email, mobile, first_name, "
                    + "last_name, birth_date, postal_code, city, loyalty_tier, last_purchase_date, total_spend, tags, "
                    + "attributes, email_consent, sms_consent, import_id, import_line) select ?, s.new_id, s.branch_id, "
                    + "s.email, s.mobile, s.first_name, s.last_name, s.birth_date, s.postal_code, s.city, "
                    + "s.loyalty_tier, s.last_purchase_date, s.total_spend, "
                    + "coalesce(string_to_array(s.tags, E'\\x1f'), '{}'), coalesce(s.attributes, '{}'::jsonb), "
                    + effective("email_consent", "null") + ", " + effective("sms_consent", "null") + ", ?, s.line "
                    + "from " + STAGE + " s where s.contact_id is null and s.reject is null "
                    + "on conflict (tenant_id, branch_id, lower(email)) where erased_at is null and email is not null "
                    + "do nothing returning id) "
                    + "update " + STAGE + " s set created = true, contact_id = s.new_id from ins where ins.id = s.new_id",
                    tenant, job.importId());
            timer.mark("insert");
            // lost a race with someone adding the same address meanwhile: refused, the user re-imports the line
            jdbc.update("update " + STAGE + " set reject = 'C' where contact_id is null and reject is null");
            Long n = jdbc.queryForObject("select count(*) from " + STAGE + " where reject is null and suppressed",
                    Long.class);
            suppressed = n == null ? 0 : n;
            // the contacts already hold these events' states (written above): the consent trigger may skip its check
            jdbc.queryForObject("select set_config('archipel.consent_state_written', 'on', true)", String.class);
            consentEvents = jdbc.update("insert into consent_event (tenant_id, id, contact_id, channel, state, source, "
                    + "actor, proof) select ?, gen_random_uuid(), s.contact_id, v.channel, v.state, 'IMPORT', ?, "
                    + "? || s.line from " + STAGE + " s cross join lateral (values ('EMAIL', s.email_consent, "
                    + "s.prev_email), ('SMS', s.sms_consent, s.prev_sms)) v(channel, state, prev) "
                    + "where s.reject is null and s.contact_id is not null and v.state is not null "
                    + "and v.state is distinct from v.prev and not (v.state = 'GRANTED' and s.suppressed) "
                    + "order by s.line, v.channel", tenant, job.actor(), job.proofPrefix());
            jdbc.queryForObject("select set_config('archipel.consent_state_written', 'off', true)", String.class);
            timer.mark("consent");
            jdbc.query("select line, reject, dup_line from " + STAGE + " where reject is not null", rs -> {
                long line = rs.getLong(1);
                String code = rs.getString(2);
                List<String> cells = cellsByLine.getOrDefault(line, List.of());
                switch (code) {
                    case "D" -> rejections.add(new RowParser.Rejected(line, ImportKeys.DUPLICATE,
                            List.of(String.valueOf(rs.getLong(3))), cells));
                    case "E" -> rejections.add(new RowParser.Rejected(line, ImportKeys.ERASED, List.of(), cells));
                    default -> rejections.add(new RowParser.Rejected(line, ImportKeys.CONFLICT, List.of(), cells));
                }
            });
        }
        insertRejections(job.importId(), rejections);
        timer.mark("rejections");
        long rows = parsed.size() + rejected.size();
        Boolean cancel = jdbc.query("update contact_import set rows_processed = rows_processed + ?, "
                + "created_count = created_count + ?, updated_count = updated_count + ?, "
                + "rejected_count = rejected_count + ?, consent_events = consent_events + ?, "
                + "suppressed_rows = suppressed_rows + ?, last_applied_line = greatest(last_applied_line, ?), "
                + "lease_until = now() + make_interval(secs => ?) "
                + "where tenant_id = ? and id = ? and status = 'RUNNING' and lease_owner = ? returning cancel_requested",
                rs -> rs.next() ? rs.getBoolean(1) : null, rows, created, updated, (long) rejections.size(),
                consentEvents, suppressed, lastLine, job.leaseSeconds(), tenant, job.importId(), job.leaseOwner());
        if (cancel == null) {
            throw new LostLeaseException(job.importId());
        }
        timer.mark("counters");
        if (log.isDebugEnabled()) {
            log.debug("import {} batch of {} rows up to line {}: {}", job.importId(), rows, lastLine, timer);
        }
        return new Outcome(rows, created, updated, rejections.size(), consentEvents, suppressed, lastLine, cancel);
    }

    private void insertRejections(UUID importId, List<RowParser.Rejected> rejections) {
        if (rejections.isEmpty()) {
            return;
        }
        UUID tenant = TenantContext.require();
        jdbc.batchUpdate("insert into contact_import_rejection (tenant_id, import_id, line_number, reason_key, "
                + "reason_args, cells) values (?, ?, ?, ?, ?, ?)", rejections, 1000, (ps, r) -> {
                    ps.setObject(1, tenant);
                    ps.setObject(2, importId);
                    ps.setLong(3, r.line());
                    ps.setString(4, r.reasonKey());
                    ps.setArray(5, ps.getConnection().createArrayOf("text", r.args().toArray()));
                    ps.setArray(6, ps.getConnection().createArrayOf("text", r.cells().toArray()));
                });
    }

    private void copy(List<RowParser.Parsed> rows) {
        StringBuilder sb = new StringBuilder(rows.size() * 160);
        for (RowParser.Parsed p : rows) {
            sb.append(p.line).append('\t').append(UUID.randomUUID()).append('\t').append(p.branchId);
            field(sb, p.email);
            field(sb, p.mobile);
            field(sb, p.firstName);
            field(sb, p.lastName);
            field(sb, p.birthDate == null ? null : p.birthDate.toString());
            field(sb, p.postalCode);
            field(sb, p.city);
            field(sb, p.loyaltyTier);
            field(sb, p.lastPurchaseDate == null ? null : p.lastPurchaseDate.toString());
            field(sb, p.totalSpend == null ? null : p.totalSpend.toPlainString());
            field(sb, p.tags == null ? null : String.join(String.valueOf(TAG_SEPARATOR), p.tags));
            field(sb, p.attributes == null ? null : json.writeValueAsString(p.attributes));
            field(sb, p.emailConsent == null ? null : p.emailConsent ? "GRANTED" : "WITHDRAWN");
            field(sb, p.smsConsent == null ? null : p.smsConsent ? "GRANTED" : "WITHDRAWN");
            sb.append('\n');
        }
        Connection con = DataSourceUtils.getConnection(dataSource);
        try {
            con.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY, new StringReader(sb.toString()));
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("COPY into the import staging table failed", e);
        } finally {
            DataSourceUtils.releaseConnection(con, dataSource);
        }
    }

    /** A field of COPY's text format: tab-separated, \N for null, backslash escapes. */
    private static void field(StringBuilder sb, String value) {
        sb.append('\t');
        if (value == null) {
            sb.append("\\N");
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
    }

    /** Elapsed milliseconds per step of a batch, for the debug log. */
    private static final class StepTimer {
        private final StringBuilder out = new StringBuilder();
        private long last = System.nanoTime();

        void mark(String step) {
            long now = System.nanoTime();
            out.append(step).append('=').append((now - last) / 1_000_000).append("ms ");
            last = now;
        }

        @Override
        public String toString() {
            return out.toString().strip();
        }
    }

    /** Another instance owns the job now (this one was too slow or was thought dead): the batch is rolled back. */
    static final class LostLeaseException extends RuntimeException {
        LostLeaseException(UUID importId) {
            super("lost the lease of import " + importId);
        }
    }

    /** Original cells by line, for the parsed rows of a batch. */
    static Map<Long, List<String>> cellsIndex(int expected) {
        return new HashMap<>(Math.max(16, expected * 2));
    }
}
