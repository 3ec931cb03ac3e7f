package io.archipel.audience.imports;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The background runner of imports, one per application instance. The queue is the {@code contact_import} table:
 * every {@code archipel.imports.poll-interval} (and at once when an import is queued here) it claims a QUEUED import,
 * or a RUNNING one whose lease expired because its instance died, with {@code FOR UPDATE SKIP LOCKED} (so two
 * instances never take the same job), runs it, and looks for the next. The lease is renewed with every batch.
 */
@Component
public class ImportRunner {

    private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);

    private final JdbcTemplate jdbc;
    private final ImportJob job;
    private final boolean enabled;
    private final long pollMillis;
    private final String owner = "instance-" + ProcessHandle.current().pid() + "-"
            + UUID.randomUUID().toString().substring(0, 8);
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "contact-import-runner");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopping;

    ImportRunner(JdbcTemplate jdbc, ImportJob job, @Value("${archipel.imports.runner.enabled:true}") boolean enabled,
            @Value("${archipel.imports.poll-interval-ms:2000}") long pollMillis) {
        this.jdbc = jdbc;
        this.job = job;
        this.enabled = enabled;
        this.pollMillis = pollMillis;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (enabled) {
            executor.scheduleWithFixedDelay(this::drain, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
        }
    }

    /** Looks for work now (an import was just queued). */
    public void wake() {
        if (enabled && !stopping) {
            executor.execute(this::drain);
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        stopping = true;
        executor.shutdown();
        if (!executor.awaitTermination(20, TimeUnit.SECONDS)) {
            executor.shutdownNow();
        }
    }

    /** This instance's lease owner name. */
    String owner() {
        return owner;
    }

    private void drain() {
        try {
            while (!stopping) {
                List<UUID[]> claimed = jdbc.query("select tenant_id, import_id from archipel_claim_contact_import(?, ?)",
                        (rs, i) -> new UUID[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)}, owner,
                        job.leaseSeconds());
                if (claimed.isEmpty()) {
                    return;
                }
                UUID[] c = claimed.get(0);
                log.info("import {} claimed by {}", c[1], owner);
                job.run(c[0], c[1], owner, Long.MAX_VALUE, () -> stopping);
            }
        } catch (RuntimeException e) {
            if (!stopping) {
                log.warn("import runner: {}", e.toString());
            }
        }
    }
}
