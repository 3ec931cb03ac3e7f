package io.archipel.delivery.tracking;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import io.archipel.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes tracking events in batches: requests only {@link #offer} an event to a bounded in-memory queue and answer at
 * once; one thread drains the queue every {@code archipel.tracking.events.flush-interval} (200 ms) and writes each
 * tenant's events with ONE multi-row {@code insert … select} (arrays unnested), inside that tenant's context so that
 * row-level security applies. The statement resolves the campaign from the recipient row (events of unknown
 * recipients — a validly signed token whose row is gone — are dropped there), sets {@code first_of_kind} (the first
 * OPEN / CLICK of a recipient, in the batch and in the table) and completes {@code machine_suspected} (an open within
 * {@code archipel.tracking.machine-open-window} of delivery; clicks on different links of one mail within that
 * window of each other: a scanner). A full queue never blocks a request: the event is counted as dropped and logged.
 * Stopping the application (SmartLifecycle) flushes what is left.
 */
@Component
public class TrackingEventWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TrackingEventWriter.class);

    static final String INSERT = """
            with incoming as (
                select * from unnest(?::bigint[], ?::varchar[], ?::smallint[], ?::timestamptz[], ?::boolean[],
                                     ?::varchar[]) with ordinality
                       as e(recipient_id, kind, link_no, occurred_at, machine, detail, ord)
            ), known as (
                select e.*, r.campaign_id, r.sent_at,
                       row_number() over (partition by e.recipient_id, e.kind order by e.ord) as nth
                  from incoming e
                  join campaign_recipient r on r.tenant_id = ? and r.id = e.recipient_id
            )
            insert into tracking_event (tenant_id, campaign_id, recipient_id, kind, link_no, occurred_at,
                                        first_of_kind, machine_suspected, detail)
            select ?, k.campaign_id, k.recipient_id, k.kind, k.link_no, k.occurred_at,
                   k.kind in ('OPEN', 'CLICK') and k.nth = 1 and not exists (
                       select 1 from tracking_event t
                        where t.tenant_id = ? and t.recipient_id = k.recipient_id and t.kind = k.kind),
                   k.machine
                   or (k.kind = 'OPEN' and k.sent_at is not null and k.occurred_at < k.sent_at + ?::interval)
                   or (k.kind = 'CLICK' and (
                          exists (select 1 from known o
                                   where o.recipient_id = k.recipient_id and o.kind = 'CLICK' and o.link_no <> k.link_no
                                     and o.occurred_at between k.occurred_at - ?::interval
                                                           and k.occurred_at + ?::interval)
                          or exists (select 1 from tracking_event t
                                      where t.tenant_id = ? and t.recipient_id = k.recipient_id and t.kind = 'CLICK'
                                        and t.link_no <> k.link_no
                                        and t.occurred_at between k.occurred_at - ?::interval
                                                              and k.occurred_at + ?::interval))),
                   k.detail
              from known k
             order by k.ord
            """;

    /** Mixed into the tenant's advisory lock key, apart from other advisory locks of the application. */
    private static final long LOCK_NAMESPACE = 0x7472_6163_6b5f_6576L;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final BlockingQueue<TrackingEvent> queue;
    private final Duration flushInterval;
    private final String machineWindow;
    private volatile boolean enabled;
    private final ReentrantLock writing = new ReentrantLock();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong statements = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile long lastDropLog;
    private volatile boolean running;
    private Thread thread;

    TrackingEventWriter(JdbcTemplate jdbc, PlatformTransactionManager transactions,
            @Value("${archipel.tracking.events.enabled:true}") boolean enabled,
            @Value("${archipel.tracking.events.queue-capacity:200000}") int capacity,
            @Value("${archipel.tracking.events.flush-interval:200ms}") Duration flushInterval,
            @Value("${archipel.tracking.machine-open-window:5s}") Duration machineWindow) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.enabled = enabled;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.flushInterval = flushInterval;
        this.machineWindow = machineWindow.toMillis() + " milliseconds";
    }

    /** Whether events are recorded at all ({@code archipel.tracking.events.enabled}; off only for benchmarks). */
    public boolean enabled() {
        return enabled;
    }

    /** Turns event recording off or on at run time (the benchmark compares both in one run). */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** Queues an event without ever blocking; false (counted and logged) when the queue is full or writing is off. */
    public boolean offer(TrackingEvent event) {
        if (!enabled) {
            return false;
        }
        if (queue.offer(event)) {
            accepted.incrementAndGet();
            return true;
        }
        long n = dropped.incrementAndGet();
        long now = System.nanoTime();
        if (now - lastDropLog > TimeUnit.SECONDS.toNanos(10)) {
            lastDropLog = now;
            log.warn("Tracking event queue full: {} event(s) dropped so far", n);
        }
        return false;
    }

    /** Writes everything queued so far, now (tests, benchmark, shutdown). */
    public void flush() {
        writing.lock();
        try {
            List<TrackingEvent> batch = new ArrayList<>(queue.size());
            queue.drainTo(batch);
            write(batch);
        } finally {
            writing.unlock();
        }
    }

    /** Counters since start: accepted, dropped (queue full), written rows, insert statements, failed events. */
    public record Counters(long accepted, long dropped, long written, long statements, long failed) {
    }

    public Counters counters() {
        return new Counters(accepted.get(), dropped.get(), written.get(), statements.get(), failed.get());
    }

    private void write(List<TrackingEvent> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Map<UUID, List<TrackingEvent>> byTenant = new LinkedHashMap<>();
        for (TrackingEvent e : batch) {
            byTenant.computeIfAbsent(e.tenantId(), t -> new ArrayList<>()).add(e);
        }
        byTenant.forEach((tenantId, events) -> {
            try {
                TenantContext.runAsSystem(tenantId, () -> transaction.executeWithoutResult(status -> insert(tenantId,
                        events)));
            } catch (RuntimeException e) {
                failed.addAndGet(events.size());
                log.error("Could not write {} tracking event(s) of tenant {}", events.size(), tenantId, e);
            }
        });
    }

    private void insert(UUID tenantId, List<TrackingEvent> events) {
        int n = events.size();
        Long[] recipients = new Long[n];
        String[] kinds = new String[n];
        Short[] links = new Short[n];
        Timestamp[] times = new Timestamp[n];
        Boolean[] machine = new Boolean[n];
        String[] details = new String[n];
        for (int i = 0; i < n; i++) {
            TrackingEvent e = events.get(i);
            recipients[i] = e.recipientId();
            kinds[i] = e.kind().name();
            links[i] = e.linkNo() < 0 ? null : (short) e.linkNo();
            times[i] = Timestamp.from(e.occurredAt());
            machine[i] = e.machineHint();
            details[i] = e.detail() == null ? null
                    : e.detail().length() > 500 ? e.detail().substring(0, 500) : e.detail();
        }
        // one flush of a tenant at a time across instances, so that first_of_kind stays exact (held to commit)
        jdbc.queryForList("select pg_advisory_xact_lock(?)", Object.class, lockKey(tenantId));
        int rows = jdbc.execute((java.sql.Connection c) -> {
            try (java.sql.PreparedStatement ps = c.prepareStatement(INSERT)) {
                ps.setArray(1, c.createArrayOf("bigint", recipients));
                ps.setArray(2, c.createArrayOf("varchar", kinds));
                ps.setArray(3, c.createArrayOf("smallint", links));
                ps.setArray(4, c.createArrayOf("timestamptz", times));
                ps.setArray(5, c.createArrayOf("boolean", machine));
                ps.setArray(6, c.createArrayOf("varchar", details));
                ps.setObject(7, tenantId);
                ps.setObject(8, tenantId);
                ps.setObject(9, tenantId);
                ps.setString(10, machineWindow);
                ps.setString(11, machineWindow);
                ps.setString(12, machineWindow);
                ps.setObject(13, tenantId);
                ps.setString(14, machineWindow);
                ps.setString(15, machineWindow);
                return ps.executeUpdate();
            }
        });
        statements.incrementAndGet();
        written.addAndGet(rows);
        if (rows < n) {
            log.debug("{} tracking event(s) of tenant {} named no recipient row and were dropped", n - rows, tenantId);
        }
    }

    /** The advisory lock key of a tenant's flushes. */
    static long lockKey(UUID tenantId) {
        return LOCK_NAMESPACE ^ tenantId.getMostSignificantBits() ^ tenantId.getLeastSignificantBits();
    }

    private void loop() {
        long intervalNanos = flushInterval.toNanos();
        // the first flush comes one interval after the start (not at once, which raced with the first events)
        long next = System.nanoTime() + intervalNanos;
        while (running) {
            long rest = next - System.nanoTime();
            if (rest > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(this, rest);
                continue; // woken early (stop, or spuriously): check again
            }
            next = System.nanoTime() + intervalNanos;
            try {
                flush();
            } catch (RuntimeException e) {
                log.error("Tracking event flush failed", e);
            }
        }
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "tracking-event-writer");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            java.util.concurrent.locks.LockSupport.unpark(thread);
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
        flush();
        Counters c = counters();
        log.info("Tracking events: {} accepted, {} written in {} statement(s), {} dropped (queue full), {} failed",
                c.accepted(), c.written(), c.statements(), c.dropped(), c.failed());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Stops after the web server (Boot's web server lifecycle has phase DEFAULT_PHASE - 2048, and higher phases stop
     * first), so that events of the last requests are written, and before the data source closes.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
