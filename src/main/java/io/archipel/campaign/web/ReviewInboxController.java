package io.archipel.campaign.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.archipel.campaign.CampaignService;
import io.archipel.campaign.Campaigns;
import io.archipel.shared.Flash;
import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.NetworkQueries;
import io.archipel.tenancy.TerritoryService;
import io.archipel.tenancy.TerritoryService.TerritoryView;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The validators' inbox ({@code /hq/reviews}): campaigns waiting for the caller's decision, soonest deadline first,
 * filterable by territory and lateness, with a bulk "Approve selected". The engine decides who may review what
 * ({@link CampaignService#reviewQueue()}); this page only narrows that list.
 */
@Controller
class ReviewInboxController {

    private final CampaignService campaigns;
    private final TerritoryService territories;
    private final NetworkQueries network;
    private final MessageSource messages;

    ReviewInboxController(CampaignService campaigns, TerritoryService territories,
            NetworkQueries network, MessageSource messages) {
        this.campaigns = campaigns;
        this.territories = territories;
        this.network = network;
        this.messages = messages;
    }

    /** A row of the inbox. */
    public record Row(Campaigns.Summary campaign, String territoryName, String submitted, String submittedFull,
            ReviewViews.Deadline deadline, boolean escalated) {
    }

    /** A territory in the filter, indented by depth. */
    public record TerritoryOption(UUID id, String label) {
    }

    @GetMapping("/hq/reviews")
    String inbox(@RequestParam(required = false) UUID territoryId,
            @RequestParam(required = false, defaultValue = "false") boolean overdue,
            @RequestHeader(value = "HX-Request", required = false) String htmx, Model model, Locale locale) {
        List<TerritoryView> tree = territories.visibleTree();
        Map<UUID, TerritoryView> byId = new HashMap<>();
        tree.forEach(t -> byId.put(t.id(), t));
        TerritoryView within = null;
        if (territoryId != null) {
            within = byId.get(territoryId);
            if (within == null) {
                throw new NotFoundException("Territory");
            }
        }
        Map<UUID, UUID> territoryOfBranch = new HashMap<>();
        network.visibleBranches().forEach(b -> territoryOfBranch.put(b.id(), b.territoryId()));

        Instant now = Instant.now();
        List<Campaigns.Summary> queue = campaigns.reviewQueue();
        List<Row> rows = new ArrayList<>();
        for (Campaigns.Summary c : queue) {
            TerritoryView t = byId.get(territoryOfBranch.get(c.branchId()));
            if (within != null && (t == null || !t.path().startsWith(within.path()))) {
                continue;
            }
            ReviewViews.Deadline deadline = ReviewViews.deadline(c.reviewDueAt(), now, messages, locale);
            if (overdue && !deadline.overdue()) {
                continue;
            }
            rows.add(new Row(c, t == null ? "" : t.name(), relative(c.updatedAt(), now, locale),
                    ReviewViews.dateTime(c.updatedAt(), messages, locale), deadline, c.escalated()));
        }
        model.addAttribute("rows", rows);
        model.addAttribute("waiting", queue.size());
        model.addAttribute("overdueCount", queue.stream().filter(c -> c.reviewDueAt() != null
                && c.reviewDueAt().isBefore(now)).count());
        model.addAttribute("filtered", within != null || overdue);
        model.addAttribute("territoryId", territoryId);
        model.addAttribute("overdue", overdue);
        model.addAttribute("territoryOptions", tree.stream().map(t -> new TerritoryOption(t.id(),
                "\u00a0\u00a0".repeat(Math.max(0, t.depth() - 1)) + t.name())).toList());
        model.addAttribute("reviewScope", network.scopeSummary());
        return htmx != null ? "hq/reviews/queue :: results" : "hq/reviews/queue";
    }

    /** Approves every checked campaign the caller may still approve; the others are reported, not failed. */
    @PostMapping("/hq/reviews/approve-selected")
    String approveSelected(@RequestParam(name = "campaignIds", required = false) List<UUID> campaignIds,
            RedirectAttributes redirect) {
        List<UUID> ids = campaignIds == null ? List.of() : campaignIds.stream().filter(Objects::nonNull).distinct()
                .toList();
        if (ids.isEmpty()) {
            Flash.error(redirect, "review.bulk.none");
            return "redirect:/hq/reviews";
        }
        int approved = campaigns.approveAll(ids);
        if (approved == ids.size()) {
            Flash.success(redirect, "review.bulk.approved", approved);
        } else {
            Flash.error(redirect, "review.bulk.partly", approved, ids.size() - approved);
        }
        return "redirect:/hq/reviews";
    }

    private String relative(Instant at, Instant now, Locale locale) {
        if (at == null) {
            return "";
        }
        java.time.Duration ago = java.time.Duration.between(at, now);
        if (ago.toMinutes() < 1) {
            return messages.getMessage("review.time.justNow", null, locale);
        }
        return messages.getMessage("review.time.ago", new Object[] {ReviewViews.duration(ago, messages, locale)},
                locale);
    }
}
