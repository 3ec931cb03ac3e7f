package io.archipel.audience.imports;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.archipel.audience.ContactImportService;
import io.archipel.audience.ContactImports.ColumnMapping;
import io.archipel.audience.ContactImports.Mapping;
import io.archipel.audience.ContactImports.Progress;
import io.archipel.audience.ContactImports.Staged;
import io.archipel.audience.ContactImports.Target;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TenantContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Helpers of the import tests: stage a text or bytes as a persona, map columns, wait for the background runner. */
final class ImportFixtures {

    static final Duration TIMEOUT = Duration.ofMinutes(3);

    final ContactImportService imports;
    final BranchService branches;
    final Personas personas;
    final JdbcTemplate jdbc;
    final TransactionTemplate tx;
    final ImportRepository repository;

    ImportFixtures(ContactImportService imports, BranchService branches, Personas personas, JdbcTemplate jdbc,
            TransactionTemplate tx, ImportRepository repository) {
        this.imports = imports;
        this.branches = branches;
        this.personas = personas;
        this.jdbc = jdbc;
        this.tx = tx;
        this.repository = repository;
    }

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    UUID branch(String code) {
        return personas.callAs(Personas.HQ_ADMIN, () -> branches.search(code, null).stream()
                .filter(b -> b.code().equals(code)).findFirst().orElseThrow().id());
    }

    UUID tenant() {
        return personas.principal(Personas.HQ_ADMIN).tenantId();
    }

    Staged stage(String persona, UUID branchId, String fileName, byte[] content) {
        return personas.callAs(persona, () -> imports.stage(branchId, fileName, new ByteArrayInputStream(content)));
    }

    Staged stage(String persona, UUID branchId, String csv) {
        return stage(persona, branchId, "contacts-" + unique() + ".csv", csv.getBytes(StandardCharsets.UTF_8));
    }

    /** Column i → targets[i]. */
    static Mapping mapping(String lawfulBasis, Target... targets) {
        List<ColumnMapping> columns = new ArrayList<>();
        for (int i = 0; i < targets.length; i++) {
            columns.add(new ColumnMapping(i, targets[i], null));
        }
        return new Mapping(columns, lawfulBasis);
    }

    Progress startAndWait(String persona, UUID importId, Mapping mapping) {
        personas.callAs(persona, () -> imports.start(importId, mapping));
        return waitFinished(persona, importId);
    }

    Progress waitFinished(String persona, UUID importId) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            Progress p = personas.callAs(persona, () -> imports.progress(importId));
            if (p.status().finished()) {
                return p;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("import " + importId + " still " + p.status() + " after " + TIMEOUT + ": " + p);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** As the tenant of the demo network, inside a transaction. */
    <T> T inTenant(java.util.function.Supplier<T> work) {
        return TenantContext.callAs(tenant(), () -> tx.execute(s -> work.get()));
    }

    long count(String sql, Object... args) {
        Long n = inTenant(() -> jdbc.queryForObject(sql, Long.class, args));
        return n == null ? 0 : n;
    }

    /**
     * Queues the import as if an instance called {@code owner} had claimed it (RUNNING, lease valid for an hour), in
     * one transaction so that no real runner takes it first.
     */
    void claimAs(UUID importId, Mapping mapping, String owner) {
        inTenant(() -> {
            repository.queue(importId, mapping);
            return jdbc.update("update contact_import set status = 'RUNNING', lease_owner = ?, "
                    + "lease_until = now() + interval '1 hour', started_at = now() where tenant_id = ? and id = ?",
                    owner, tenant(), importId);
        });
    }

    /** The instance holding the lease "dies": its lease expires, any runner may take the job over. */
    void expireLease(UUID importId) {
        inTenant(() -> jdbc.update("update contact_import set lease_until = now() - interval '1 second' "
                + "where tenant_id = ? and id = ?", tenant(), importId));
    }
}
