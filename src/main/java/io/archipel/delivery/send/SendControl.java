package io.archipel.delivery.send;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.archipel.campaign.CampaignService;
import io.archipel.campaign.CampaignStatus;
import io.archipel.campaign.CampaignTransitioned;
import io.archipel.delivery.PauseReason;
import io.archipel.delivery.SendProgress;
import io.archipel.delivery.SendState;
import io.archipel.identity.ArchipelUser;
import io.archipel.identity.CurrentUser;
import io.archipel.identity.Role;
import io.archipel.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What people do with a send (behind {@code DeliveryService}): read its progress, pause, resume, cancel. Scope is
 * checked by reading the campaign through {@link CampaignService#get} first.
 */
@Component
public class SendControl {

    private static final Logger log = LoggerFactory.getLogger(SendControl.class);
    private static final Set<Role> STEERERS = Set.of(Role.BRANCH_MANAGER, Role.HQ_ADMIN, Role.HQ_MARKETER);

    private final JdbcTemplate jdbc;
    private final CampaignService campaigns;

    SendControl(JdbcTemplate jdbc, CampaignService campaigns) {
        this.jdbc = jdbc;
        this.campaigns = campaigns;
    }

    @Transactional(readOnly = true)
    public Optional<SendProgress> progress(UUID campaignId) {
        campaigns.get(campaignId);
        UUID tenantId = TenantContext.require();
        List<SendProgress> found = jdbc.query("select s.*, now() as db_now, "
                + "(select count(*) from campaign_recipient r where r.tenant_id = s.tenant_id "
                + " and r.campaign_id = s.campaign_id and r.status in ('QUEUED', 'CLAIMED')) as open_count, "
                + "(select count(*) from campaign_recipient r where r.tenant_id = s.tenant_id "
                + " and r.campaign_id = s.campaign_id and r.status = 'SENT' "
                + " and r.sent_at > now() - interval '60 seconds') as last_minute "
                + "from campaign_send s where s.tenant_id = ? and s.campaign_id = ?", (rs, i) -> {
                    SendState state = SendState.valueOf(rs.getString("state"));
                    String reason = rs.getString("pause_reason");
                    int open = rs.getInt("open_count");
                    double perMinute = rs.getInt("last_minute");
                    Instant now = rs.getTimestamp("db_now").toInstant();
                    Instant eta = state == SendState.RUNNING && perMinute > 0 && open > 0
                            ? now.plus(Duration.ofSeconds((long) Math.ceil(open * 60.0 / perMinute))) : null;
                    return new SendProgress(campaignId, state, reason == null ? null : PauseReason.valueOf(reason),
                            rs.getString("paused_by"), instant(rs.getTimestamp("paused_at")),
                            rs.getInt("recipient_count"), rs.getInt("sent_count"), rs.getInt("failed_count"),
                            rs.getInt("skipped_count"), open, perMinute, eta,
                            instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")),
                            List.of(), rs.getBoolean("materialising"));
                }, tenantId, campaignId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        List<SendProgress.ErrorCount> errors = jdbc.query("select coalesce(last_error, '') as error, count(*) as n "
                + "from campaign_recipient where tenant_id = ? and campaign_id = ? and status = 'FAILED' "
                + "group by 1 order by 2 desc, 1 limit 5",
                (rs, i) -> new SendProgress.ErrorCount(rs.getString("error"), rs.getInt("n")), tenantId, campaignId);
        SendProgress p = found.get(0);
        return Optional.of(new SendProgress(p.campaignId(), p.state(), p.pauseReason(), p.pausedBy(), p.pausedAt(),
                p.total(), p.sent(), p.failed(), p.skipped(), p.queued(), p.perMinute(), p.estimatedEnd(),
                p.startedAt(), p.finishedAt(), errors, p.preparing()));
    }

    @Transactional
    public void pause(UUID campaignId) {
        ArchipelUser user = requireSteerer(campaignId);
        int changed = jdbc.update("update campaign_send set state = 'PAUSED', pause_reason = 'USER', paused_by = ?, "
                + "paused_at = now(), updated_at = now() where tenant_id = ? and campaign_id = ? and state = 'RUNNING'",
                user.email(), TenantContext.require(), campaignId);
        if (changed == 0) {
            throw new IllegalStateException("The send of campaign " + campaignId + " is not running");
        }
        log.info("Send of campaign {} paused by {}", campaignId, user.email());
    }

    @Transactional
    public void resume(UUID campaignId) {
        ArchipelUser user = requireSteerer(campaignId);
        int changed = jdbc.update("update campaign_send set state = 'RUNNING', pause_reason = null, paused_by = null, "
                + "paused_at = null, updated_at = now() where tenant_id = ? and campaign_id = ? and state = 'PAUSED'",
                TenantContext.require(), campaignId);
        if (changed == 0) {
            throw new IllegalStateException("The send of campaign " + campaignId + " is not paused");
        }
        // recipients the error-rate pause left waiting should not wait for their backoff any longer
        jdbc.update("update campaign_recipient set next_attempt_at = now() where tenant_id = ? and campaign_id = ? "
                + "and status = 'QUEUED' and next_attempt_at > now()", TenantContext.require(), campaignId);
        log.info("Send of campaign {} resumed by {}", campaignId, user.email());
    }

    @Transactional
    public void cancel(UUID campaignId) {
        ArchipelUser user = requireSteerer(campaignId);
        int skipped = stop(TenantContext.require(), campaignId);
        if (skipped < 0) {
            throw new IllegalStateException("The send of campaign " + campaignId + " is not running or paused");
        }
        campaigns.cancel(campaignId, null);
        log.info("Send of campaign {} cancelled by {} ({} queued recipients skipped)", campaignId, user.email(),
                skipped);
    }

    /**
     * A campaign cancelled while sending, by any path (the campaign page, HQ): its send stops in the same
     * transaction, so that nothing more leaves once the cancellation is committed.
     */
    @EventListener
    void onCampaignCancelled(CampaignTransitioned event) {
        if (event.to() == CampaignStatus.CANCELLED && event.from() == CampaignStatus.SENDING) {
            int skipped = stop(event.tenantId(), event.campaignId());
            if (skipped >= 0) {
                log.info("Send of campaign {} stopped: the campaign was cancelled by {} ({} queued recipients skipped)",
                        event.campaignId(), event.actor(), skipped);
            }
        }
    }

    /** Marks a running or paused send cancelled and skips what nobody will send; -1 when it was neither. */
    private int stop(UUID tenantId, UUID campaignId) {
        // no further chunk of recipients either (a chunk in flight finds the send cancelled and rolls back)
        int changed = jdbc.update("update campaign_send set state = 'CANCELLED', materialising = false, "
                + "finished_at = now(), updated_at = now() where tenant_id = ? and campaign_id = ? "
                + "and state in ('RUNNING', 'PAUSED')",
                tenantId, campaignId);
        if (changed == 0) {
            return -1;
        }
        // queued rows, and rows whose worker died (expired lease): nobody will send them any more; batches in
        // flight (live leases) finish and are counted by their worker
        int skipped = jdbc.update("update campaign_recipient set status = 'SKIPPED', last_error = 'cancelled', "
                + "lease_owner = null, lease_until = null where tenant_id = ? and campaign_id = ? "
                + "and (status = 'QUEUED' or (status = 'CLAIMED' and lease_until < now()))", tenantId, campaignId);
        jdbc.update("update campaign_send set skipped_count = skipped_count + ? where tenant_id = ? and campaign_id = ?",
                skipped, tenantId, campaignId);
        return skipped;
    }

    private ArchipelUser requireSteerer(UUID campaignId) {
        campaigns.get(campaignId);
        ArchipelUser user = CurrentUser.find().orElseThrow(() -> new AccessDeniedException("Sign in to steer a send"));
        if (!STEERERS.contains(user.role())) {
            throw new AccessDeniedException("Only branch managers and HQ admins or marketers steer a send");
        }
        return user;
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
