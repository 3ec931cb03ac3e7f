package io.archipel.campaign.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.archipel.brand.TemplateChannel;
import io.archipel.campaign.CampaignContents;
import io.archipel.campaign.CampaignService;
import io.archipel.campaign.CampaignStatus;
import io.archipel.campaign.Campaigns;
import io.archipel.campaign.Policies;
import io.archipel.campaign.ReviewRouting;
import io.archipel.tenancy.NetworkQueries;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * What the pages of the branch's campaign wizard share: the acting branch (and the branch switcher), the campaign with
 * its branch (scope checked by the services: 404 for another tenant's campaign, 403 outside the caller's branches),
 * the checks of its content, and the plain-words summary of what happens after submitting.
 */
@Component
public class PortalCampaignPages {

    /** A line of "what happens next": an icon, a message, and whether it warns. */
    public record NextLine(String icon, String message, boolean warning) {
    }

    private final CampaignService campaigns;
    private final NetworkQueries network;
    private final MessageSource messages;
    private final ReviewRouting routing;

    PortalCampaignPages(CampaignService campaigns, NetworkQueries network, MessageSource messages,
            ReviewRouting routing) {
        this.campaigns = campaigns;
        this.network = network;
        this.messages = messages;
        this.routing = routing;
    }

    /** The branch the manager acts for: the one asked for (403/404 outside their scope), or their first one. */
    NetworkQueries.BranchCard actingBranch(UUID branchId, Model model) {
        NetworkQueries.BranchCard branch = network.actingBranch(branchId).orElse(null);
        model.addAttribute("myBranches", network.visibleBranches());
        model.addAttribute("branch", branch);
        return branch;
    }

    /** A campaign of the caller's branches, with its branch and the page attributes every campaign page uses. */
    Campaigns.Details campaign(UUID campaignId, Model model, Locale locale) {
        Campaigns.Details details = campaigns.get(campaignId);
        NetworkQueries.BranchCard branch = network.branch(details.summary().branchId());
        model.addAttribute("d", details);
        model.addAttribute("s", details.summary());
        model.addAttribute("branch", branch);
        model.addAttribute("myBranches", network.visibleBranches());
        model.addAttribute("views", new PortalCampaignViews(branch.timeZone(), locale));
        model.addAttribute("email", details.template().channel() == TemplateChannel.EMAIL);
        return details;
    }

    MessageSource messages() {
        return messages;
    }

    NetworkQueries.BranchCard branchOf(Campaigns.Details details) {
        return network.branch(details.summary().branchId());
    }

    PortalCampaignViews views(Campaigns.Details details, Locale locale) {
        return new PortalCampaignViews(network.branch(details.summary().branchId()).timeZone(), locale);
    }

    /** The checks of the campaign as saved: the template's constraints (and audience), then the compliance rules. */
    PortalCampaignChecks checks(Campaigns.Details details, Locale locale) {
        var template = details.template();
        return PortalCampaignChecks.of(campaigns.problems(details.id()), campaigns.findings(details.id()),
                template.email(), template.sms(), messages, locale);
    }

    /** In plain words: who reviews the campaign and when, what happens without an answer, when it is sent. */
    List<NextLine> whatHappensNext(Campaigns.Details details, NetworkQueries.BranchCard branch, Instant sendAt,
            Locale locale) {
        List<NextLine> lines = new ArrayList<>();
        Policies.Effective effective = details.policy();
        PortalCampaignViews views = new PortalCampaignViews(branch.timeZone(), locale);
        Policies.Policy policy = effective == null ? null : effective.policy();
        boolean review = true;
        if (policy != null) {
            // a campaign sent back for changes always goes to review again
            review = details.status() == CampaignStatus.CHANGES_REQUESTED || switch (policy.review()) {
                case ALWAYS -> true;
                case NEVER -> false;
                case WHEN_FREE_TEXT_CHANGED -> CampaignContents.freeTextChanged(details.template(), details.content());
            };
            if (policy.channels() != null && !policy.channels().isEmpty()
                    && !policy.channels().contains(details.template().channel())) {
                lines.add(new NextLine("bi-exclamation-triangle", msg("campaign.portal.next.channelClosed", locale,
                        msg("template.channel." + details.template().channel().name(), locale)), true));
            }
            if (policy.review() == Policies.ReviewMode.WHEN_FREE_TEXT_CHANGED
                    && details.status() != CampaignStatus.CHANGES_REQUESTED) {
                lines.add(new NextLine("bi-pencil-square", msg(review ? "campaign.portal.next.changedText"
                        : "campaign.portal.next.keptText", locale), false));
            }
        }
        if (review) {
            int hours = policy == null ? 48 : policy.deadlineHours();
            ReviewRouting.Coverage coverage = policy != null
                    && policy.reviewer() == Policies.Reviewer.TERRITORY_VALIDATORS ? routing.validatorsOf(branch.id())
                    : null;
            if (coverage != null && coverage.any()) {
                String territories = validatorTerritories(branch, coverage);
                lines.add(new NextLine("bi-people", territories.isEmpty()
                        ? msg("campaign.portal.next.reviewValidators", locale, hours)
                        : msg("campaign.portal.next.reviewTerritory", locale, territories, hours), false));
            } else if (coverage != null) {
                lines.add(new NextLine("bi-building", msg("campaign.portal.next.reviewHqNoValidator", locale, hours),
                        false));
            } else {
                lines.add(new NextLine("bi-building", msg("campaign.portal.next.reviewHq", locale, hours), false));
            }
            if (policy != null && policy.onExpiry() != null) {
                lines.add(new NextLine("bi-alarm", msg(policy.onExpiry() == Policies.ExpiryAction.AUTO_APPROVE
                        ? "campaign.portal.next.expiryApprove" : "campaign.portal.next.expiryEscalate", locale),
                        false));
            }
        } else {
            lines.add(new NextLine("bi-lightning-charge", msg("campaign.portal.next.noReview", locale), false));
        }
        if (sendAt == null) {
            lines.add(new NextLine("bi-send", msg(review ? "campaign.portal.next.sendWhenApproved"
                    : "campaign.portal.next.sendNow", locale), false));
        } else {
            lines.add(new NextLine("bi-calendar-event", msg("campaign.portal.next.sendOn", locale,
                    views.longDate(sendAt), views.time(sendAt), views.zoneId().getId()), false));
        }
        if (policy != null && policy.maxSendsPerWeek() != null) {
            lines.add(new NextLine("bi-speedometer2", msg("campaign.portal.next.maxPerWeek", locale,
                    policy.maxSendsPerWeek()), false));
        }
        return lines;
    }

    /** The names of the territories whose validators cover the branch, nearest last (from the branch's trail). */
    private static String validatorTerritories(NetworkQueries.BranchCard branch, ReviewRouting.Coverage coverage) {
        return branch.trail().stream().filter(c -> coverage.territoryIds().contains(c.id()))
                .map(NetworkQueries.Crumb::name).collect(java.util.stream.Collectors.joining(" / "));
    }

    /** Where a policy comes from, in words. */
    String policySource(Campaigns.Details details, Locale locale) {
        Policies.Effective effective = details.policy();
        if (effective == null || effective.source() == null) {
            return "";
        }
        return switch (effective.source()) {
            case NETWORK_DEFAULT -> msg("campaign.portal.policy.network", locale);
            case TEMPLATE -> msg("campaign.portal.policy.template", locale);
            case TERRITORY -> msg("campaign.portal.policy.territory", locale,
                    effective.territoryName() == null ? "" : effective.territoryName());
        };
    }

    /** Where a campaign's pages start: the step to continue with while it is editable, else its page. */
    static String continueUrl(Campaigns.Summary s) {
        if (s.status() == CampaignStatus.DRAFT || s.status() == CampaignStatus.CHANGES_REQUESTED) {
            return "/portal/campaigns/" + s.id() + "/content";
        }
        return "/portal/campaigns/" + s.id();
    }

    private String msg(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }
}
