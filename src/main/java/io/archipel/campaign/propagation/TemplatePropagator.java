package io.archipel.campaign.propagation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.archipel.brand.TemplateChange;
import io.archipel.brand.TemplateRules;
import io.archipel.brand.TemplateService;
import io.archipel.brand.Templates;
import io.archipel.campaign.CampaignContentRules;
import io.archipel.campaign.CampaignContents;
import io.archipel.campaign.CampaignStatus;
import io.archipel.campaign.Campaigns;
import io.archipel.campaign.Compliance;
import io.archipel.campaign.ComplianceService;
import io.archipel.campaign.TemplateUpdates.Line;
import io.archipel.campaign.TemplateUpdates.Outcome;
import io.archipel.campaign.TemplateUpdates.Reason;
import io.archipel.tenancy.TenantContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Moves the campaigns in progress of a template to its latest version when that version's locked parts or structure
 * differ from the campaign's ({@link LockedParts}); see docs/propagation.md for the rules. Trusted system code: each
 * campaign is handled in its own transaction of its tenant (system context), locked {@code FOR UPDATE SKIP LOCKED}
 * and checked again against {@code campaign_template_update} under the lock, so the listener, the sweep and several
 * instances never handle a campaign twice for a version. The branch is told by e-mail once the move is committed.
 */
@Component
public class TemplatePropagator {

    /** Statuses that follow a new version (never SENDING, SENT, CANCELLED). */
    static final Set<CampaignStatus> IN_PROGRESS = Set.of(CampaignStatus.DRAFT, CampaignStatus.CHANGES_REQUESTED,
            CampaignStatus.IN_REVIEW, CampaignStatus.APPROVED, CampaignStatus.SCHEDULED);
    private static final String IN_PROGRESS_SQL = "('DRAFT', 'CHANGES_REQUESTED', 'IN_REVIEW', 'APPROVED', "
            + "'SCHEDULED')";
    /** History lines about availability say nothing to a campaign. */
    private static final Set<String> NOT_CONTENT = Set.of("template.change.first", "template.change.audienceNetwork",
            "template.change.audiencePilot", "template.change.dates");

    private static final Logger log = LoggerFactory.getLogger(TemplatePropagator.class);

    /** One campaign handled (MOVED or KEPT), to tell its branch after the commit. */
    public record Handled(UUID tenantId, UUID campaignId, Outcome outcome) {
    }

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final UpdateStore store;
    private final TemplateService templates;
    private final TemplateRules rules;
    private final ComplianceService compliance;
    private final PropagationNotices notices;
    private final TransactionTemplate newTransaction;
    private final TransactionTemplate read;

    TemplatePropagator(JdbcTemplate jdbc, JsonMapper json, UpdateStore store, TemplateService templates,
            TemplateRules rules, ComplianceService compliance, PropagationNotices notices,
            PlatformTransactionManager txManager) {
        this.jdbc = jdbc;
        this.json = json;
        this.store = store;
        this.templates = templates;
        this.rules = rules;
        this.compliance = compliance;
        this.notices = notices;
        this.newTransaction = new TransactionTemplate(txManager);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.read = new TransactionTemplate(txManager);
        this.read.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.read.setReadOnly(true);
    }

    /**
     * Handles every campaign in progress of the template that is not on its latest version and was not handled for
     * it yet; tells each branch concerned. Returns what moved or was kept (not what was left unchanged).
     */
    public List<Handled> propagate(UUID tenantId, UUID templateId) {
        List<UUID[]> pending = new ArrayList<>();
        TenantContext.runAsSystem(tenantId, () -> pending.addAll(read.execute(s -> jdbc.query(
                "select c.id, latest.id from campaign c join lateral (select v.id from template_version v "
                        + "where v.tenant_id = c.tenant_id and v.template_id = c.template_id order by v.number desc "
                        + "limit 1) latest on true where c.tenant_id = ? and c.template_id = ? and c.status in "
                        + IN_PROGRESS_SQL + " and c.template_version_id <> latest.id and not exists (select 1 from "
                        + "campaign_template_update u where u.tenant_id = c.tenant_id and u.campaign_id = c.id "
                        + "and u.to_version_id = latest.id and (u.outcome <> 'KEPT' or c.status not in "
                        + "('DRAFT', 'CHANGES_REQUESTED'))) order by c.id",
                (rs, i) -> new UUID[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)}, tenantId,
                templateId))));
        List<Handled> handled = new ArrayList<>();
        Map<UUID, Templates.Version> versions = new HashMap<>();
        for (UUID[] p : pending) {
            Handled[] one = {null};
            try {
                TenantContext.runAsSystem(tenantId, () -> one[0] = newTransaction.execute(s -> handle(tenantId,
                        p[0], p[1], versions)));
            } catch (RuntimeException e) {
                log.warn("Campaign {} not moved to template version {}: {}", p[0], p[1], e.toString());
                continue;
            }
            if (one[0] != null) {
                handled.add(one[0]);
                notices.tell(one[0]);
            }
        }
        return handled;
    }

    /** The campaign's template, when it is in progress and behind (after a review sent it back, for instance). */
    public List<Handled> propagateCampaign(UUID tenantId, UUID campaignId) {
        List<UUID> template = new ArrayList<>();
        TenantContext.runAsSystem(tenantId, () -> template.addAll(read.execute(s -> jdbc.queryForList(
                "select template_id from campaign where tenant_id = ? and id = ?", UUID.class, tenantId,
                campaignId))));
        return template.isEmpty() ? List.of() : propagate(tenantId, template.get(0));
    }

    /**
     * The sweep: every template (all tenants) with a campaign that should have followed its latest version and was
     * not handled for it (the publication committed but the listener did not run, a campaign created on the
     * previous version while it was being published, a kept campaign sent back to its branch). Returns how many
     * campaigns moved or were kept.
     */
    public int sweep() {
        List<UUID[]> due = read.execute(s -> jdbc.query("select tenant_id, template_id from "
                + "archipel_pending_template_updates(100)", (rs, i) -> new UUID[] {rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class)}));
        int n = 0;
        for (UUID[] d : due == null ? List.<UUID[]>of() : due) {
            try {
                n += propagate(d[0], d[1]).size();
            } catch (RuntimeException e) {
                log.warn("Template {} of network {} not propagated: {}", d[1], d[0], e.toString());
            }
        }
        return n;
    }

    private record Row(UUID id, UUID templateId, UUID versionId, CampaignStatus status, Campaigns.Content content) {
    }

    /** One campaign, in its own transaction of its tenant; null when there is nothing (more) to do or tell. */
    private Handled handle(UUID tenantId, UUID campaignId, UUID latestId, Map<UUID, Templates.Version> versions) {
        List<Row> rows = jdbc.query("select id, template_id, template_version_id, status, content from campaign "
                + "where tenant_id = ? and id = ? and status in " + IN_PROGRESS_SQL + " for update skip locked",
                (rs, i) -> new Row(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class), CampaignStatus.valueOf(rs.getString(4)), readContent(rs.getString(5))),
                tenantId, campaignId);
        if (rows.isEmpty() || rows.get(0).versionId().equals(latestId)) {
            return null; // gone, finished, locked by another worker, or already there
        }
        Row row = rows.get(0);
        boolean editable = row.status().editable();
        List<Outcome> done = editable ? List.of(Outcome.MOVED, Outcome.UNCHANGED)
                : List.of(Outcome.MOVED, Outcome.KEPT, Outcome.UNCHANGED);
        if (store.handled(tenantId, campaignId, latestId, done)) {
            return null;
        }
        // published versions never change: read once per propagation
        Templates.Version from = versions.computeIfAbsent(row.versionId(), templates::version);
        Templates.Version to = versions.computeIfAbsent(latestId, templates::version);
        if (!LockedParts.differ(from, to)) {
            store.insert(tenantId, new UpdateStore.NewUpdate(campaignId, row.templateId(), from.id(), to.id(),
                    Outcome.UNCHANGED, row.status(), List.of(), null, List.of(), List.of()));
            return null;
        }
        CampaignContents.CarriedOver carried = CampaignContents.carryOver(from, to, row.content());
        List<Line> dropped = dropped(from, row.content(), carried.dropped());
        List<TemplateChange> changes = changes(row.templateId(), from.number(), to.number());
        Reason reason = null;
        List<Line> details = List.of();
        if (!editable) {
            List<Line> problems = problems(to, carried.content());
            List<Line> blocking = blockingFindings(tenantId, to, carried.content());
            if (!dropped.isEmpty()) {
                reason = Reason.DROPPED;
            } else if (!problems.isEmpty()) {
                reason = Reason.CONSTRAINTS;
                details = problems;
            } else if (!blocking.isEmpty()) {
                reason = Reason.COMPLIANCE;
                details = blocking;
            }
        }
        Outcome outcome = reason == null ? Outcome.MOVED : Outcome.KEPT;
        if (!store.insert(tenantId, new UpdateStore.NewUpdate(campaignId, row.templateId(), from.id(), to.id(),
                outcome, row.status(), dropped, reason, details, changes))) {
            return null;
        }
        if (outcome == Outcome.MOVED) {
            jdbc.update("update campaign set template_version_id = ?, content = ?::jsonb, updated_at = now(), "
                    + "updated_by = 'system', version = version + 1 where tenant_id = ? and id = ?", to.id(),
                    writeContent(carried.content()), tenantId, campaignId);
        }
        return new Handled(tenantId, campaignId, outcome);
    }

    /** The branch's values the target no longer accepts, named for people, with the branch's text. */
    private static List<Line> dropped(Templates.Version from, Campaigns.Content content, List<String> paths) {
        List<Line> out = new ArrayList<>();
        for (Campaigns.Change change : CampaignContents.changes(from, content)) {
            if (paths.contains(change.path())) {
                out.add(new Line(change.path(), change.label(), blockType(from, change.path()),
                        List.of(change.after() == null ? "" : change.after())));
            }
        }
        return out;
    }

    private static String blockType(Templates.Version v, String path) {
        if (!path.startsWith("blocks[") || v.email() == null) {
            return null;
        }
        String id = path.substring(path.indexOf('[') + 1, path.indexOf(']'));
        return v.email().block(id).map(b -> "template.block." + b.type().name()).orElse(null);
    }

    /** The "what changed" lines of the versions after {@code fromNumber} up to {@code toNumber}, oldest first. */
    private List<TemplateChange> changes(UUID templateId, int fromNumber, int toNumber) {
        List<Templates.Version> versions = new ArrayList<>(templates.versions(templateId));
        versions.sort((a, b) -> Integer.compare(a.number(), b.number()));
        List<TemplateChange> out = new ArrayList<>();
        for (Templates.Version v : versions) {
            if (v.number() > fromNumber && v.number() <= toNumber) {
                v.changes().stream().filter(c -> !NOT_CONTENT.contains(c.messageKey()))
                        .filter(c -> !out.contains(c)).forEach(out::add);
            }
        }
        return out;
    }

    /** What the branch's values break on the target (as the wizard's checks, without the audience). */
    private List<Line> problems(Templates.Version t, Campaigns.Content c) {
        return CampaignContentRules.contentProblems(rules, t, c).stream().map(p -> new Line(p.path(), p.messageKey(),
                blockType(t, p.path()), p.args().stream().map(a -> a == null ? "" : a.toString()).toList())).toList();
    }

    private List<Line> blockingFindings(UUID tenantId, Templates.Version t, Campaigns.Content c) {
        List<Compliance.Finding> findings = compliance.check(t, c);
        return findings.stream().filter(Compliance.Finding::blocking)
                .map(f -> new Line(f.path(), f.messageKey(), blockType(t, f.path() == null ? "" : f.path()),
                        f.args()))
                .toList();
    }



    private String writeContent(Campaigns.Content c) {
        return c.toJson(json);
    }

    private Campaigns.Content readContent(String text) {
        return Campaigns.Content.fromJson(json, text);
    }
}
