package io.archipel.delivery.send;

import java.sql.Array;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.archipel.brand.TemplateChannel;
import io.archipel.campaign.CampaignService;
import io.archipel.delivery.sms.SmsTransport;
import io.archipel.delivery.smtp.CampaignTransport;
import io.archipel.delivery.smtp.CampaignTransport.Kind;
import io.archipel.delivery.smtp.CampaignTransport.Outcome;
import io.archipel.tenancy.TenantContext;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One worker step: claim a batch of a running send under a lease ({@code FOR UPDATE SKIP LOCKED}; an expired lease is
 * taken over), skip the contacts that are no longer reachable (consent withdrawn, suppressed, erased since
 * materialisation), store the Message-IDs, hand the batch to the transport (e-mail) or the SMS provider, then record
 * the outcomes in one transaction with the send's counters: ACCEPTED → SENT, TEMPORARY → QUEUED with exponential
 * backoff and full jitter (FAILED after {@code maxAttempts}), PERMANENT → FAILED. Every change is conditional on
 * {@code lease_owner = me and status = 'CLAIMED'}, so a worker that lost its lease changes nothing. The lease is
 * renewed while the transport works. The send pauses itself when the error rate of its last attempts (seen by this
 * instance) crosses the threshold, and finishes (campaign SENT) when no recipient is queued or claimed.
 * Thread-safe: the pool's threads share it.
 */
@Component
public class SendWorker {

    private static final Logger log = LoggerFactory.getLogger(SendWorker.class);

    /** A claimed recipient row with the contact's values as they are now. */
    public record Claimed(long id, String address, String firstName, String lastName, String email,
            boolean reachable) {
    }

    private final JdbcTemplate jdbc;
    private final CampaignMailFactory factory;
    private final CampaignTransport transport;
    private final ObjectProvider<SmsTransport> smsTransport;
    private final CampaignService campaigns;
    private final TransactionTemplate tx;
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "delivery-lease-renewer");
        t.setDaemon(true);
        return t;
    });
    private final Map<UUID, Deque<Boolean>> recentErrors = new ConcurrentHashMap<>();

    SendWorker(JdbcTemplate jdbc, CampaignMailFactory factory, CampaignTransport transport,
            ObjectProvider<SmsTransport> smsTransport, CampaignService campaigns,
            PlatformTransactionManager txManager) {
        this.jdbc = jdbc;
        this.factory = factory;
        this.transport = transport;
        this.smsTransport = smsTransport;
        this.campaigns = campaigns;
        this.tx = new TransactionTemplate(txManager);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @PreDestroy
    void stop() {
        renewer.shutdownNow();
    }

    /** One batch of every running send (all tenants), in random order; returns the recipients handled. */
    public int processOnce(String workerId, SendTuning tuning) {
        List<UUID[]> running = CrossTenantSends.list(jdbc, tx.getTransactionManager(), "archipel_running_sends()");
        if (running.isEmpty()) {
            return 0;
        }
        List<UUID[]> order = new ArrayList<>(running);
        Collections.shuffle(order);
        int handled = 0;
        for (UUID[] send : order) {
            try {
                handled += processBatch(send[0], send[1], workerId, tuning);
            } catch (RuntimeException e) {
                log.warn("Worker {} failed on campaign {}", workerId, send[1], e);
            }
        }
        return handled;
    }

    /** Claims, sends and records one batch of one send; returns the recipients handled (0: nothing claimable). */
    public int processBatch(UUID tenantId, UUID campaignId, String workerId, SendTuning tuning) {
        Batch batch = claim(tenantId, campaignId, workerId, tuning);
        if (batch == null) {
            finishIfDone(tenantId, campaignId);
            return 0;
        }
        List<Long> ids = batch.toSend.stream().map(Claimed::id).toList();
        ScheduledFuture<?> renewal = ids.isEmpty() ? null : scheduleRenewal(tenantId, ids, workerId, tuning);
        List<Outcome> outcomes;
        try {
            outcomes = send(batch);
        } finally {
            if (renewal != null) {
                renewal.cancel(false);
            }
        }
        record(tenantId, campaignId, workerId, tuning, batch.toSend, outcomes);
        return batch.toSend.size() + batch.skipped;
    }

    /**
     * Claims a batch under a lease and prepares it (skips unreachable contacts, stores Message-IDs) in one
     * transaction. Null when nothing was claimable. Public so that tests can claim and abandon a batch.
     */
    public Batch claim(UUID tenantId, UUID campaignId, String workerId, SendTuning tuning) {
        Batch[] result = {null};
        TenantContext.runAsSystem(tenantId, () -> tx.executeWithoutResult(s -> result[0] =
                claimInTransaction(campaignId, workerId, tuning)));
        return result[0];
    }

    /** A claimed batch: the rows to send (with their mails' Message-IDs) and how many were skipped. */
    public record Batch(UUID tenantId, CampaignMailFactory.Compiled campaign, List<Claimed> toSend,
            List<String> messageIds, int skipped) {
    }

    private Batch claimInTransaction(UUID campaignId, String workerId, SendTuning tuning) {
        UUID tenantId = TenantContext.require();
        // the send's row is locked for the claim: claims in cursor order are handed out one after the other
        List<Object[]> send = jdbc.query("select channel, first_recipient_id, last_recipient_id, claim_cursor "
                + "from campaign_send where tenant_id = ? and campaign_id = ? and state = 'RUNNING' "
                + "for no key update", (rs, i) -> new Object[] {rs.getString(1), (Long) rs.getObject(2),
                        (Long) rs.getObject(3), (Long) rs.getObject(4)}, tenantId, campaignId);
        if (send.isEmpty()) {
            return null;
        }
        boolean sms = TemplateChannel.SMS.name().equals(send.get(0)[0]);
        Long first = (Long) send.get(0)[1];
        Long last = (Long) send.get(0)[2];
        Long cursor = (Long) send.get(0)[3];
        if (first == null || last == null || cursor == null) {
            // a send started before the cursor existed: its id range, once
            Map<String, Object> range = jdbc.queryForMap("select min(id) as lo, max(id) as hi from campaign_recipient "
                    + "where tenant_id = ? and campaign_id = ?", tenantId, campaignId);
            if (range.get("lo") == null) {
                return null;
            }
            first = ((Number) range.get("lo")).longValue();
            last = ((Number) range.get("hi")).longValue();
            cursor = first - 1;
            jdbc.update("update campaign_send set first_recipient_id = ?, last_recipient_id = ?, claim_cursor = ? "
                    + "where tenant_id = ? and campaign_id = ?", first, last, cursor, tenantId, campaignId);
        }
        String reachable = sms
                ? "c.mobile is not null and c.sms_consent = 'GRANTED' and c.mobile = r.address"
                : "c.email is not null and c.email_consent = 'GRANTED' and lower(c.email) = lower(r.address)";
        List<Claimed> claimed = List.of();
        long now = System.nanoTime();
        Rescan rescan = rescans.computeIfAbsent(campaignId, id -> new Rescan());
        // behind the cursor: retries that are due and rows whose worker's lease expired; looked for every
        // rescanEvery, and whenever the cursor reached the end (throttled while nothing is found)
        boolean rescanFirst = now - rescan.lastAt >= rescanEvery(tuning).toNanos();
        if (rescanFirst && cursor >= first) {
            rescan.lastAt = now;
            claimed = claimRows(tenantId, campaignId, workerId, tuning, reachable, first, cursor, true);
            rescan.foundLast = !claimed.isEmpty();
        }
        if (claimed.isEmpty() && cursor < last) {
            claimed = claimRows(tenantId, campaignId, workerId, tuning, reachable, cursor + 1, last, false);
            long advanced = claimed.isEmpty() ? last : claimed.stream().mapToLong(Claimed::id).max().getAsLong();
            jdbc.update("update campaign_send set claim_cursor = ? where tenant_id = ? and campaign_id = ?",
                    advanced, tenantId, campaignId);
            cursor = advanced;
        }
        if (claimed.isEmpty() && !rescanFirst && cursor >= first
                && (rescan.foundLast || now - rescan.lastAt >= idleRescan(tuning).toNanos())) {
            rescan.lastAt = now;
            claimed = claimRows(tenantId, campaignId, workerId, tuning, reachable, first, cursor, true);
            rescan.foundLast = !claimed.isEmpty();
        }
        if (claimed.isEmpty()) {
            return null;
        }
        claimed = new ArrayList<>(claimed);
        claimed.sort((a, b) -> Long.compare(a.id(), b.id()));
        List<Long> unreachable = claimed.stream().filter(c -> !c.reachable()).map(Claimed::id).toList();
        int skipped = 0;
        if (!unreachable.isEmpty()) {
            skipped = updateIds("update campaign_recipient set status = 'SKIPPED', lease_owner = null, "
                    + "lease_until = null, last_error = 'not reachable any more (consent, suppression or erasure)' "
                    + "where tenant_id = ? and id = any(?) and lease_owner = ? and status = 'CLAIMED'",
                    tenantId, unreachable, workerId);
            jdbc.update("update campaign_send set skipped_count = skipped_count + ?, updated_at = now() "
                    + "where tenant_id = ? and campaign_id = ?", skipped, tenantId, campaignId);
        }
        List<Claimed> toSend = claimed.stream().filter(Claimed::reachable).toList();
        CampaignMailFactory.Compiled compiled = factory.compiled(campaignId);
        List<String> messageIds = new ArrayList<>(toSend.size());
        for (Claimed r : toSend) {
            // derived from the row (nothing to store): the webhook finds the row from it
            messageIds.add(sms ? null : CampaignMailFactory.messageId(compiled, r.id()));
        }
        return new Batch(tenantId, compiled, toSend, messageIds, skipped);
    }

    /** When this instance last looked behind a send's cursor, and whether it found anything then. */
    private static final class Rescan {
        volatile long lastAt = System.nanoTime() - Duration.ofDays(1).toNanos();
        volatile boolean foundLast;
    }

    private final Map<UUID, Rescan> rescans = new ConcurrentHashMap<>();

    /** How often a worker looks behind the cursor while there is still work ahead of it. */
    private static Duration rescanEvery(SendTuning tuning) {
        Duration half = tuning.lease().dividedBy(2);
        return half.compareTo(Duration.ofSeconds(30)) < 0 ? half : Duration.ofSeconds(30);
    }

    /** Once the cursor reached the end, how long an empty look behind it holds (retries wait their backoff). */
    private static Duration idleRescan(SendTuning tuning) {
        return tuning.backoffBase().compareTo(Duration.ofSeconds(1)) < 0 ? tuning.backoffBase() : Duration.ofSeconds(1);
    }

    /**
     * Claims up to a batch of the send's rows with ids in [from, to], in id order: QUEUED and due, or (behind the
     * cursor) CLAIMED with an expired lease. The batch is picked once (a materialised CTE): an IN (subquery … LIMIT
     * … SKIP LOCKED) may be re-run per row by the planner, and every re-run skips the rows this statement already
     * changed and takes more. The rows are read through the primary key's (tenant_id, id) range.
     */
    private List<Claimed> claimRows(UUID tenantId, UUID campaignId, String workerId, SendTuning tuning,
            String reachable, long from, long to, boolean expiredToo) {
        return jdbc.query("with picked as materialized (select q.tenant_id, q.id "
                + " from campaign_recipient q where q.tenant_id = ? and q.id between ? and ? and q.campaign_id = ? "
                + " and ((q.status = 'QUEUED' and q.next_attempt_at <= now()) "
                + (expiredToo ? " or (q.status = 'CLAIMED' and q.lease_until < now())" : "")
                + ") order by q.id limit ? for update skip locked) "
                + "update campaign_recipient r set status = 'CLAIMED', lease_owner = ?, "
                + "lease_until = now() + make_interval(secs => ?), attempts = r.attempts + 1 "
                + "from picked p, contact c where r.tenant_id = p.tenant_id and r.id = p.id "
                + "and c.tenant_id = r.tenant_id and c.id = r.contact_id "
                + "returning r.id, r.address, c.first_name, c.last_name, c.email, "
                + "(c.erased_at is null and not c.suppressed and " + reachable + ") as reachable",
                (rs, i) -> new Claimed(rs.getLong("id"), rs.getString("address"), rs.getString("first_name"),
                        rs.getString("last_name"), rs.getString("email"), rs.getBoolean("reachable")),
                tenantId, from, to, campaignId, tuning.batchSize(), workerId, tuning.lease().toMillis() / 1000.0);
    }

    private List<Outcome> send(Batch batch) {
        CampaignMailFactory.Compiled c = batch.campaign();
        int n = batch.toSend().size();
        if (n == 0) {
            return List.of();
        }
        try {
            List<Outcome> outcomes;
            if (c.channel() == TemplateChannel.SMS) {
                SmsTransport provider = smsTransport.getIfAvailable();
                if (provider == null) {
                    return Collections.nCopies(n, new Outcome(Kind.TEMPORARY, "no SMS provider configured"));
                }
                List<SmsTransport.Sms> messages = new ArrayList<>(n);
                TenantContext.runAsSystem(batch.tenantId(), () -> {
                    for (Claimed r : batch.toSend()) {
                        messages.add(new SmsTransport.Sms(r.id(), r.address(), factory.sms(c, recipient(r))));
                    }
                });
                outcomes = provider.sendAll(batch.tenantId(), messages);
            } else {
                // each mail is built by the transport's thread just before it leaves: a batch's mails (~50 KB
                // each while built) are never all in memory at once, and the building runs on every connection
                outcomes = transport.sendAll(batch.tenantId(), n, i -> factory.campaignMail(c,
                        recipient(batch.toSend().get(i)), batch.messageIds().get(i)));
            }
            if (outcomes == null || outcomes.size() != n) {
                throw new IllegalStateException("transport returned " + (outcomes == null ? "null" : outcomes.size())
                        + " outcomes for " + n + " messages");
            }
            return outcomes;
        } catch (RuntimeException e) {
            log.warn("Sending a batch of campaign {} failed; its recipients will be retried", c.campaignId(), e);
            return Collections.nCopies(n, new Outcome(Kind.TEMPORARY, "transport error: " + e.getClass().getSimpleName()));
        }
    }

    private static CampaignMailFactory.Recipient recipient(Claimed r) {
        return new CampaignMailFactory.Recipient(r.id(), r.address(), r.firstName(), r.lastName(), r.email());
    }

    private void record(UUID tenantId, UUID campaignId, String workerId, SendTuning tuning, List<Claimed> rows,
            List<Outcome> outcomes) {
        TenantContext.runAsSystem(tenantId, () -> tx.executeWithoutResult(s -> {
            List<Long> accepted = new ArrayList<>();
            List<Long> permanent = new ArrayList<>();
            List<String> permanentErrors = new ArrayList<>();
            List<Long> temporary = new ArrayList<>();
            List<String> temporaryErrors = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                Outcome o = outcomes.get(i);
                long id = rows.get(i).id();
                switch (o.kind()) {
                    case ACCEPTED -> accepted.add(id);
                    case PERMANENT -> {
                        permanent.add(id);
                        permanentErrors.add(error(o));
                    }
                    case TEMPORARY -> {
                        temporary.add(id);
                        temporaryErrors.add(error(o));
                    }
                }
            }
            int sent = accepted.isEmpty() ? 0 : updateIds("update campaign_recipient set status = 'SENT', "
                    + "sent_at = now(), lease_owner = null, lease_until = null, last_error = null "
                    + "where tenant_id = ? and id = any(?) and lease_owner = ? and status = 'CLAIMED'",
                    tenantId, accepted, workerId);
            int failed = permanent.isEmpty() ? 0 : updateWithErrors("update campaign_recipient r set status = 'FAILED', "
                    + "lease_owner = null, lease_until = null, last_error = v.err "
                    + "from unnest(?::bigint[], ?::text[]) as v(id, err) where r.tenant_id = ? and r.id = v.id "
                    + "and r.lease_owner = ? and r.status = 'CLAIMED' returning r.status",
                    permanent, permanentErrors, tenantId, workerId, List.of()).size();
            if (!temporary.isEmpty()) {
                double base = tuning.backoffBase().toMillis() / 1000.0;
                double max = tuning.backoffMax().toMillis() / 1000.0;
                List<String> statuses = updateWithErrors("update campaign_recipient r set "
                        + "status = case when r.attempts >= ? then 'FAILED' else 'QUEUED' end, "
                        + "next_attempt_at = now() + make_interval(secs => random() * least(?::float8, "
                        + "?::float8 * power(2, greatest(r.attempts - 1, 0)))), "
                        + "lease_owner = null, lease_until = null, last_error = v.err "
                        + "from unnest(?::bigint[], ?::text[]) as v(id, err) where r.tenant_id = ? and r.id = v.id "
                        + "and r.lease_owner = ? and r.status = 'CLAIMED' returning r.status",
                        temporary, temporaryErrors, tenantId, workerId,
                        List.of(tuning.maxAttempts(), max, base));
                failed += (int) statuses.stream().filter("FAILED"::equals).count();
            }
            if (sent + failed > 0) {
                jdbc.update("update campaign_send set sent_count = sent_count + ?, failed_count = failed_count + ?, "
                        + "updated_at = now() where tenant_id = ? and campaign_id = ?", sent, failed, tenantId,
                        campaignId);
            }
            if (errorRateExceeded(campaignId, outcomes, tuning)) {
                int paused = jdbc.update("update campaign_send set state = 'PAUSED', pause_reason = 'ERROR_RATE', "
                        + "paused_by = null, paused_at = now(), updated_at = now() where tenant_id = ? "
                        + "and campaign_id = ? and state = 'RUNNING'", tenantId, campaignId);
                if (paused > 0) {
                    log.warn("Send of campaign {} paused: more than {} % of its last {} attempts failed or must be "
                            + "retried", campaignId, Math.round(tuning.pauseThreshold() * 100), tuning.pauseWindow());
                }
            }
            finishIfDoneInTransaction(campaignId);
        }));
    }

    /**
     * Finishes the send (campaign SENT) when it runs, its recipients are all materialised and none is queued or
     * claimed any more.
     */
    public void finishIfDone(UUID tenantId, UUID campaignId) {
        TenantContext.runAsSystem(tenantId, () -> tx.executeWithoutResult(s ->
                finishIfDoneInTransaction(campaignId)));
    }

    private void finishIfDoneInTransaction(UUID campaignId) {
        UUID tenantId = TenantContext.require();
        // the counters (kept with the rows, in the same transactions) say when every row reached a final state;
        // only then are the rows looked at, once, to be sure (no index leads to the open ones any more)
        int finished = jdbc.update("update campaign_send s set state = 'FINISHED', finished_at = now(), "
                + "updated_at = now() where s.tenant_id = ? and s.campaign_id = ? and s.state = 'RUNNING' "
                + "and not s.materialising and s.sent_count + s.failed_count + s.skipped_count >= s.recipient_count "
                + "and not exists (select 1 from campaign_recipient r where r.tenant_id = s.tenant_id "
                + "and r.campaign_id = s.campaign_id and r.status in ('QUEUED', 'CLAIMED'))", tenantId, campaignId);
        if (finished > 0) {
            campaigns.finishSending(campaignId);
            recentErrors.remove(campaignId);
            rescans.remove(campaignId);
            log.info("Campaign {} sent", campaignId);
        }
    }

    /** Adds the outcomes to the send's recent attempts; true (and forgets them) when the rate crosses the threshold. */
    private boolean errorRateExceeded(UUID campaignId, List<Outcome> outcomes, SendTuning tuning) {
        if (outcomes.isEmpty()) {
            return false;
        }
        Deque<Boolean> window = recentErrors.computeIfAbsent(campaignId, id -> new ArrayDeque<>());
        synchronized (window) {
            for (Outcome o : outcomes) {
                window.addLast(o.kind() != Kind.ACCEPTED);
                while (window.size() > tuning.pauseWindow()) {
                    window.removeFirst();
                }
            }
            if (window.size() < tuning.pauseWindow()) {
                return false;
            }
            long errors = window.stream().filter(Boolean::booleanValue).count();
            if (errors > tuning.pauseThreshold() * window.size()) {
                window.clear();
                return true;
            }
            return false;
        }
    }

    private ScheduledFuture<?> scheduleRenewal(UUID tenantId, List<Long> ids, String workerId, SendTuning tuning) {
        long every = Math.max(100, tuning.lease().toMillis() / 3);
        return renewer.scheduleAtFixedRate(() -> {
            try {
                TenantContext.runAsSystem(tenantId, () -> tx.executeWithoutResult(s -> updateIds(
                        "update campaign_recipient set lease_until = now() + make_interval(secs => "
                                + (tuning.lease().toMillis() / 1000.0) + ") where tenant_id = ? and id = any(?) "
                                + "and lease_owner = ? and status = 'CLAIMED'", tenantId, ids, workerId)));
            } catch (RuntimeException e) {
                log.warn("Could not renew the lease of worker {}", workerId, e);
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    private int updateIds(String sql, UUID tenantId, List<Long> ids, String workerId) {
        return jdbc.update(con -> {
            var ps = con.prepareStatement(sql);
            ps.setObject(1, tenantId);
            Array array = con.createArrayOf("bigint", ids.toArray(Long[]::new));
            ps.setArray(2, array);
            ps.setString(3, workerId);
            return ps;
        });
    }

    /** Runs an update over (id, error) pairs with optional leading parameters; returns the RETURNING column. */
    private List<String> updateWithErrors(String sql, List<Long> ids, List<String> errors, UUID tenantId,
            String workerId, List<Object> leading) {
        return jdbc.query(con -> {
            var ps = con.prepareStatement(sql);
            int p = 1;
            for (Object o : leading) {
                ps.setObject(p++, o);
            }
            ps.setArray(p++, con.createArrayOf("bigint", ids.toArray(Long[]::new)));
            ps.setArray(p++, con.createArrayOf("text", errors.toArray(String[]::new)));
            ps.setObject(p++, tenantId);
            ps.setString(p, workerId);
            return ps;
        }, (rs, i) -> rs.getString(1));
    }

    private static String error(Outcome o) {
        String d = o.detail() == null || o.detail().isBlank() ? o.kind().name() : o.detail().strip();
        return d.length() > 1000 ? d.substring(0, 1000) : d;
    }
}
