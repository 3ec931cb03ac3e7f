package io.archipel.audience.imports;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import io.archipel.audience.ContactImports.Status;
import io.archipel.audience.CustomAttributeService;
import io.archipel.audience.csv.CsvFileException;
import io.archipel.audience.csv.CsvRow;
import io.archipel.audience.csv.CsvRows;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs (or resumes) one claimed import: streams the stored file, skips the lines already applied
 * ({@code last_applied_line}), parses rows and applies them in batches, each batch one transaction with its counters
 * (see {@link BatchWriter}), and ends the job COMPLETED, CANCELLED (asked between two batches) or FAILED.
 */
@Component
class ImportJob {

    private static final Logger log = LoggerFactory.getLogger(ImportJob.class);

    /** How one run ended. */
    enum End { FINISHED, INTERRUPTED, LOST_LEASE }

    private final ImportRepository repository;
    private final BatchWriter writer;
    private final CustomAttributeService attributes;
    private final BranchService branches;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final TransactionTemplate readOnly;
    private final int batchSize;
    private final int leaseSeconds;

    ImportJob(ImportRepository repository, BatchWriter writer, CustomAttributeService attributes,
            BranchService branches, JdbcTemplate jdbc, PlatformTransactionManager transactions,
            @Value("${archipel.imports.batch-size:5000}") int batchSize,
            @Value("${archipel.imports.lease-seconds:60}") int leaseSeconds) {
        this.repository = repository;
        this.writer = writer;
        this.attributes = attributes;
        this.branches = branches;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.readOnly.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.batchSize = Math.max(1, batchSize);
        this.leaseSeconds = leaseSeconds;
    }

    int leaseSeconds() {
        return leaseSeconds;
    }

    /**
     * Runs a claimed import as its tenant's trusted system code. {@code maxBatches} bounds the batches applied in
     * this run (tests simulate a crash with it); {@code stopping} is polled between batches (shutdown): the lease is
     * then released so that another instance resumes at once.
     */
    End run(UUID tenantId, UUID importId, String owner, long maxBatches, BooleanSupplier stopping) {
        End[] end = new End[1];
        TenantContext.runAsSystem(tenantId, () -> end[0] = runAsTenant(importId, owner, maxBatches, stopping));
        return end[0];
    }

    private End runAsTenant(UUID importId, String owner, long maxBatches, BooleanSupplier stopping) {
        ImportRecord rec = readOnly.execute(s -> repository.find(importId).orElse(null));
        if (rec == null || rec.status() != Status.RUNNING || !owner.equals(rec.leaseOwner())) {
            return End.LOST_LEASE;
        }
        if (rec.cancelRequested()) {
            finish(importId, owner, Status.CANCELLED, null, List.of());
            return End.FINISHED;
        }
        RowParser parser;
        try {
            parser = parser(rec);
        } catch (RuntimeException e) {
            log.warn("import {}: cannot prepare ({})", importId, e.toString());
            finish(importId, owner, Status.FAILED, ImportKeys.JOB_ERROR, List.of());
            return End.FINISHED;
        }
        if (rec.rowsTotal() == null) {
            countRows(rec, owner);
        }
        BatchWriter.Job job = new BatchWriter.Job(importId, owner, leaseSeconds, rec.actor(),
                proofPrefix(rec));
        long batches = 0;
        StatisticsRefresh statistics = new StatisticsRefresh();
        List<RowParser.Parsed> parsed = new ArrayList<>(batchSize);
        List<RowParser.Rejected> rejected = new ArrayList<>();
        Map<Long, List<String>> cells = BatchWriter.cellsIndex(batchSize);
        Map<String, Long> keys = new HashMap<>(batchSize * 4);
        long lastLine = rec.lastAppliedLine();
        try (CsvRows rows = CsvRows.open(new StoredFileInputStream(repository, readOnly, importId), rec.format())) {
            try {
                for (CsvRow row : rows) {
                    if (row.lineNumber() <= rec.lastAppliedLine()) {
                        continue; // applied by an earlier run of this job
                    }
                    Object result = parser.parse(row);
                    if (result instanceof RowParser.Parsed p) {
                        Long firstLine = firstOccurrence(keys, p);
                        if (firstLine != null) {
                            rejected.add(new RowParser.Rejected(p.line, ImportKeys.DUPLICATE,
                                    List.of(String.valueOf(firstLine)), row.cells()));
                        } else {
                            parsed.add(p);
                            cells.put(p.line, row.cells());
                        }
                    } else {
                        rejected.add((RowParser.Rejected) result);
                    }
                    lastLine = row.lineNumber();
                    if (parsed.size() + rejected.size() >= batchSize) {
                        BatchWriter.Outcome o = applyBatch(job, parsed, rejected, cells, lastLine);
                        statistics.after(o);
                        keys.clear();
                        batches++;
                        if (o.cancelRequested()) {
                            finish(importId, owner, Status.CANCELLED, null, List.of());
                            return End.FINISHED;
                        }
                        if (batches >= maxBatches) {
                            return End.INTERRUPTED;
                        }
                        if (stopping.getAsBoolean()) {
                            releaseLease(importId, owner);
                            return End.INTERRUPTED;
                        }
                    }
                }
            } catch (CsvFileException e) {
                // an unreadable place (unclosed quote...): apply what was read, then stop saying where
                if (!parsed.isEmpty() || !rejected.isEmpty()) {
                    applyBatch(job, parsed, rejected, cells, lastLine);
                }
                finish(importId, owner, Status.FAILED, ImportKeys.JOB_MALFORMED,
                        List.of(String.valueOf(Math.max(e.lineNumber(), lastLine + 1))));
                return End.FINISHED;
            }
            BatchWriter.Outcome o = applyBatch(job, parsed, rejected, cells, lastLine);
            finish(importId, owner, o.cancelRequested() ? Status.CANCELLED : Status.COMPLETED, null, List.of());
            return End.FINISHED;
        } catch (BatchWriter.LostLeaseException e) {
            log.info("import {}: {} lost its lease, another instance carries on", importId, owner);
            return End.LOST_LEASE;
        } catch (RuntimeException e) {
            log.error("import {} failed", importId, e);
            finish(importId, owner, Status.FAILED, ImportKeys.JOB_ERROR, List.of());
            return End.FINISHED;
        }
    }

    /**
     * The line of the earlier row of this batch that this one repeats (same e-mail; or, without e-mail, the same
     * mobile number), or null after registering its keys.
     */
    private static Long firstOccurrence(Map<String, Long> keys, RowParser.Parsed p) {
        String emailKey = p.email == null ? null : p.branchId + "|e|" + p.email;
        String mobileKey = p.mobile == null ? null : p.branchId + "|m|" + p.mobile;
        Long first = emailKey != null ? keys.get(emailKey) : keys.get(mobileKey);
        if (first != null) {
            return first;
        }
        if (emailKey != null) {
            keys.putIfAbsent(emailKey, p.line);
        }
        if (mobileKey != null) {
            keys.putIfAbsent(mobileKey, p.line);
        }
        return null;
    }

    /**
     * Keeps the planner's picture of the contact table roughly true while the import grows it (see V13): after a
     * batch, when this import has written more than half as many contacts as the statistics last counted (and at
     * least a thousand), the statistics are refreshed. A table filled from empty is thus analyzed after its first
     * batch and then each time it has grown by half: about 20 refreshes for a million rows.
     */
    private final class StatisticsRefresh {
        private long writtenSinceRefresh;

        void after(BatchWriter.Outcome outcome) {
            writtenSinceRefresh += outcome.created() + outcome.updated();
            if (writtenSinceRefresh < 1_000) {
                return;
            }
            Double counted = jdbc.queryForObject("select reltuples::float8 from pg_class where oid = 'contact'::regclass",
                    Double.class);
            if (counted == null || writtenSinceRefresh > Math.max(0, counted) / 2) {
                jdbc.queryForObject("select archipel_refresh_audience_statistics()::text", String.class);
                writtenSinceRefresh = 0;
            }
        }
    }

    private BatchWriter.Outcome applyBatch(BatchWriter.Job job, List<RowParser.Parsed> parsed,
            List<RowParser.Rejected> rejected, Map<Long, List<String>> cells, long lastLine) {
        BatchWriter.Outcome o = tx.execute(s -> writer.apply(job, parsed, rejected, cells, lastLine));
        parsed.clear();
        rejected.clear();
        cells.clear();
        return o;
    }

    private RowParser parser(ImportRecord rec) {
        var definitions = attributes.list();
        if (rec.branchId() != null) {
            BranchService.BranchView b = branches.get(rec.branchId());
            return new RowParser(rec.mapping(), rec.header(), definitions,
                    new RowParser.BranchTarget(b.id(), b.countryCode()), Map.of());
        }
        Set<UUID> allowed = rec.allowedBranchIds() == null ? Set.of() : new HashSet<>(rec.allowedBranchIds());
        Map<String, RowParser.BranchTarget> byCode = new HashMap<>();
        for (BranchService.BranchView b : branches.visibleBranches()) {
            if (allowed.contains(b.id())) {
                byCode.put(b.code().strip().toUpperCase(Locale.ROOT), new RowParser.BranchTarget(b.id(), b.countryCode()));
            }
        }
        return new RowParser(rec.mapping(), rec.header(), definitions, null, byCode);
    }

    private void countRows(ImportRecord rec, String owner) {
        long n = 0;
        try (CsvRows rows = CsvRows.open(new StoredFileInputStream(repository, readOnly, rec.id()), rec.format())) {
            for (CsvRow ignored : rows) {
                n++;
            }
        } catch (CsvFileException e) {
            // counted up to the unreadable place; the run stops there too
        }
        long total = n;
        tx.executeWithoutResult(s -> jdbc.update("update contact_import set rows_total = ?, "
                + "lease_until = now() + make_interval(secs => ?) where tenant_id = ? and id = ? and lease_owner = ?",
                total, leaseSeconds, TenantContext.require(), rec.id(), owner));
    }

    private static String proofPrefix(ImportRecord rec) {
        String basis = rec.mapping().lawfulBasis() == null ? "" : rec.mapping().lawfulBasis().strip();
        return basis + " — file " + rec.fileName() + " sha256:" + rec.sha256() + " line ";
    }

    void finish(UUID importId, String owner, Status status, String failureKey, List<String> failureArgs) {
        tx.executeWithoutResult(s -> jdbc.update(con -> {
            var ps = con.prepareStatement("update contact_import set status = ?, finished_at = now(), failure_key = ?, "
                    + "failure_args = ?, lease_owner = null, lease_until = null, version = version + 1 "
                    + "where tenant_id = ? and id = ? and lease_owner = ? and status = 'RUNNING'");
            ps.setString(1, status.name());
            ps.setString(2, failureKey);
            ps.setArray(3, con.createArrayOf("text", failureArgs.toArray()));
            ps.setObject(4, TenantContext.require());
            ps.setObject(5, importId);
            ps.setString(6, owner);
            return ps;
        }));
    }

    private void releaseLease(UUID importId, String owner) {
        tx.executeWithoutResult(s -> jdbc.update("update contact_import set lease_until = now() - interval '1 second' "
                + "where tenant_id = ? and id = ? and lease_owner = ?", TenantContext.require(), importId, owner));
    }
}
