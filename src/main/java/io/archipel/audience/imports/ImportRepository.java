package io.archipel.audience.imports;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.archipel.audience.ContactImports.ColumnMapping;
import io.archipel.audience.ContactImports.Mapping;
import io.archipel.audience.ContactImports.Rejection;
import io.archipel.audience.ContactImports.RejectionCount;
import io.archipel.audience.ContactImports.Status;
import io.archipel.audience.ContactImports.Target;
import io.archipel.audience.csv.CsvFormat;
import io.archipel.tenancy.TenantContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * SQL of the import tables (V10). Every statement names the tenant explicitly (indexes lead with tenant_id) on top of
 * row-level security; callers run inside a transaction with the tenant context set.
 */
@Repository
public class ImportRepository {

    private static final String SELECT = "select i.*, b.name as branch_name from contact_import i "
            + "left join branch b on b.tenant_id = i.tenant_id and b.id = i.branch_id ";

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    ImportRepository(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    // ------------------------------------------------------------------ staging

    public void insertStaged(UUID id, UUID branchId, String fileName, List<UUID> allowedBranchIds, UUID userId,
            String userName, String userEmail) {
        UUID tenant = TenantContext.require();
        jdbc.update(con -> {
            var ps = con.prepareStatement("insert into contact_import (tenant_id, id, branch_id, file_name, size_bytes, "
                    + "sha256, charset, bom, delimiter, has_header, header, sample, allowed_branch_ids, created_by_id, "
                    + "created_by_name, created_by_email) values (?, ?, ?, ?, 0, '', 'UTF-8', false, ',', true, "
                    + "'[]'::jsonb, '[]'::jsonb, ?, ?, ?, ?)");
            ps.setObject(1, tenant);
            ps.setObject(2, id);
            ps.setObject(3, branchId);
            ps.setString(4, fileName);
            ps.setArray(5, allowedBranchIds == null ? null : con.createArrayOf("uuid", allowedBranchIds.toArray()));
            ps.setObject(6, userId);
            ps.setString(7, userName);
            ps.setString(8, userEmail);
            return ps;
        });
    }

    public void appendChunk(UUID id, int seq, byte[] data, int length) {
        byte[] bytes = length == data.length ? data : java.util.Arrays.copyOf(data, length);
        jdbc.update("insert into contact_import_file (tenant_id, import_id, seq, data) values (?, ?, ?, ?)",
                TenantContext.require(), id, seq, bytes);
    }

    public void completeStaging(UUID id, long size, String sha256, CsvFormat format, List<String> header,
            List<List<String>> sample) {
        jdbc.update("update contact_import set size_bytes = ?, sha256 = ?, charset = ?, bom = ?, delimiter = ?, "
                + "has_header = ?, header = ?::jsonb, sample = ?::jsonb where tenant_id = ? and id = ?", size, sha256,
                format.charset().name(), format.bom(), String.valueOf(format.delimiter()), format.header(),
                json.writeValueAsString(header), json.writeValueAsString(sample), TenantContext.require(), id);
    }

    /** The chunk count of a stored file. */
    public int chunkCount(UUID id) {
        Integer n = jdbc.queryForObject("select count(*) from contact_import_file where tenant_id = ? and import_id = ?",
                Integer.class, TenantContext.require(), id);
        return n == null ? 0 : n;
    }

    public byte[] chunk(UUID id, int seq) {
        List<byte[]> found = jdbc.query("select data from contact_import_file where tenant_id = ? and import_id = ? "
                + "and seq = ?", (rs, i) -> rs.getBytes(1), TenantContext.require(), id, seq);
        return found.isEmpty() ? null : found.get(0);
    }

    // ------------------------------------------------------------------ reading

    public Optional<ImportRecord> find(UUID id) {
        List<ImportRecord> found = jdbc.query(SELECT + "where i.tenant_id = ? and i.id = ?", this::record,
                TenantContext.require(), id);
        return found.stream().findFirst();
    }

    /** Imports of one branch, newest first. */
    public List<ImportRecord> recentOfBranch(UUID branchId, int limit) {
        return jdbc.query(SELECT + "where i.tenant_id = ? and i.branch_id = ? order by i.created_at desc, i.id limit ?",
                this::record, TenantContext.require(), branchId, limit);
    }

    /** Imports of these branches, and multi-branch imports whose branches all are among them, newest first. */
    public List<ImportRecord> recentVisible(List<UUID> branchIds, int limit) {
        return jdbc.query(con -> {
            var ps = con.prepareStatement(SELECT + "where i.tenant_id = ? and (i.branch_id = any(?) or "
                    + "(i.branch_id is null and i.allowed_branch_ids <@ ?)) order by i.created_at desc, i.id limit ?");
            Array ids = con.createArrayOf("uuid", branchIds.toArray());
            ps.setObject(1, TenantContext.require());
            ps.setArray(2, ids);
            ps.setArray(3, ids);
            ps.setInt(4, limit);
            return ps;
        }, this::record);
    }

    // ------------------------------------------------------------------ lifecycle

    /** STAGED → QUEUED with its mapping; false when the import was not STAGED any more (double submit). */
    public boolean queue(UUID id, Mapping mapping) {
        return jdbc.update("update contact_import set status = 'QUEUED', mapping = ?::jsonb, lawful_basis = ?, "
                + "queued_at = clock_timestamp(), version = version + 1 where tenant_id = ? and id = ? and status = 'STAGED'",
                json.writeValueAsString(mapping), mapping.lawfulBasis(), TenantContext.require(), id) == 1;
    }

    /** Asks to stop: a queued import is cancelled at once, a running one after its current batch. */
    public void requestCancel(UUID id) {
        jdbc.update("update contact_import set cancel_requested = true, "
                + "status = case when status in ('QUEUED', 'STAGED') then 'CANCELLED' else status end, "
                + "finished_at = case when status in ('QUEUED', 'STAGED') then now() else finished_at end, "
                + "version = version + 1 where tenant_id = ? and id = ? and status in ('STAGED', 'QUEUED', 'RUNNING')",
                TenantContext.require(), id);
    }

    // ------------------------------------------------------------------ rejections

    public List<RejectionCount> rejectionCounts(UUID id) {
        return jdbc.query("select reason_key, count(*) from contact_import_rejection where tenant_id = ? and import_id = ? "
                + "group by reason_key order by count(*) desc, reason_key", (rs, i) -> new RejectionCount(
                        rs.getString(1), rs.getLong(2)), TenantContext.require(), id);
    }

    public List<Rejection> firstRejections(UUID id, int limit) {
        return jdbc.query("select line_number, reason_key, reason_args from contact_import_rejection where tenant_id = ? "
                + "and import_id = ? order by line_number limit ?", (rs, i) -> new Rejection(rs.getLong(1),
                        rs.getString(2), strings(rs.getArray(3))), TenantContext.require(), id, limit);
    }

    /** Streams the rejections in line order to {@code sink} (bounded memory: the driver fetches in pages). */
    public void eachRejection(UUID id, RejectionSink sink) {
        jdbc.query(con -> {
            var ps = con.prepareStatement("select line_number, reason_key, reason_args, cells from contact_import_rejection "
                    + "where tenant_id = ? and import_id = ? order by line_number");
            ps.setFetchSize(1000);
            ps.setObject(1, TenantContext.require());
            ps.setObject(2, id);
            return ps;
        }, rs -> {
            sink.accept(rs.getLong(1), rs.getString(2), strings(rs.getArray(3)), strings(rs.getArray(4)));
        });
    }

    /** Receives one rejected row. */
    @FunctionalInterface
    public interface RejectionSink {
        void accept(long line, String reasonKey, List<String> args, List<String> cells);
    }

    // ------------------------------------------------------------------ remembered mappings

    /** The remembered target of each normalised column name for a branch ({@code null}: multi-branch imports). */
    public Map<String, ColumnMapping> memory(UUID branchId) {
        Map<String, ColumnMapping> out = new HashMap<>();
        jdbc.query("select header_name, target, attribute_key from contact_import_memory where tenant_id = ? "
                + "and branch_key = ?", rs -> {
                    try {
                        out.put(rs.getString(1), new ColumnMapping(-1, Target.valueOf(rs.getString(2)),
                                rs.getString(3)));
                    } catch (IllegalArgumentException e) {
                        // a target that no longer exists: forget it
                    }
                }, TenantContext.require(), branchKey(branchId));
        return out;
    }

    public void remember(UUID branchId, Map<String, ColumnMapping> byHeader) {
        for (Map.Entry<String, ColumnMapping> e : byHeader.entrySet()) {
            jdbc.update("insert into contact_import_memory (tenant_id, branch_key, header_name, target, attribute_key) "
                    + "values (?, ?, ?, ?, ?) on conflict (tenant_id, branch_key, header_name) do update set "
                    + "target = excluded.target, attribute_key = excluded.attribute_key, updated_at = now()",
                    TenantContext.require(), branchKey(branchId), e.getKey(), e.getValue().target().name(),
                    e.getValue().attributeKey());
        }
    }

    static String branchKey(UUID branchId) {
        return branchId == null ? "multi" : branchId.toString();
    }

    // ------------------------------------------------------------------ mapping rows

    private ImportRecord record(ResultSet rs, int row) throws SQLException {
        Array allowed = rs.getArray("allowed_branch_ids");
        String mapping = rs.getString("mapping");
        long total = rs.getLong("rows_total");
        Long rowsTotal = rs.wasNull() ? null : total;
        return new ImportRecord(rs.getObject("tenant_id", UUID.class), rs.getObject("id", UUID.class),
                rs.getObject("branch_id", UUID.class), rs.getString("branch_name"), rs.getString("file_name"),
                rs.getLong("size_bytes"), rs.getString("sha256"),
                ImportRecord.format(rs.getString("charset"), rs.getBoolean("bom"), rs.getString("delimiter"),
                        rs.getBoolean("has_header")),
                json.readValue(rs.getString("header"), new TypeReference<List<String>>() { }),
                json.readValue(rs.getString("sample"), new TypeReference<List<List<String>>>() { }),
                Status.valueOf(rs.getString("status")),
                mapping == null ? null : json.readValue(mapping, Mapping.class),
                allowed == null ? null : List.of((UUID[]) allowed.getArray()), rs.getString("created_by_name"),
                rs.getString("created_by_email"), instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")), rowsTotal,
                rs.getLong("rows_processed"), rs.getLong("created_count"), rs.getLong("updated_count"),
                rs.getLong("rejected_count"), rs.getLong("consent_events"), rs.getLong("suppressed_rows"),
                rs.getLong("last_applied_line"), rs.getBoolean("cancel_requested"), rs.getString("lease_owner"),
                rs.getString("failure_key"), strings(rs.getArray("failure_args")));
    }

    private static java.time.Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        String[] values = (String[]) array.getArray();
        List<String> out = new ArrayList<>(values.length);
        for (String v : values) {
            out.add(v == null ? "" : v);
        }
        return out;
    }
}
