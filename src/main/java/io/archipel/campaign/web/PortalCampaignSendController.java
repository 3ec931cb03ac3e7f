package io.archipel.campaign.web;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.archipel.audience.SegmentService;
import io.archipel.audience.Segments;
import io.archipel.campaign.CampaignService;
import io.archipel.campaign.CampaignStatus;
import io.archipel.campaign.Campaigns;
import io.archipel.campaign.IllegalTransitionException;
import io.archipel.campaign.StaleCampaignException;
import io.archipel.campaign.TamperedCampaignException;
import io.archipel.shared.Flash;
import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.NetworkQueries;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Steps 3 and 4 of the wizard. "Audience": the segments the branch may use on the campaign's channel (HQ's and its
 * own) as radio cards, each with its live count (loaded after the page, one request per card), the chosen one saved at
 * once with htmx. "Schedule and submit": now or a date and time in the BRANCH's time zone, what happens next according
 * to the autonomy policy in force, then submit: refused submissions list what to fix with links back to the step and
 * field; accepted ones lead to the campaign's page.
 */
@Controller
@RequestMapping("/portal/campaigns/{campaignId}")
class PortalCampaignSendController {

    private final CampaignService campaigns;
    private final SegmentService segments;
    private final PortalCampaignPages pages;

    PortalCampaignSendController(CampaignService campaigns, SegmentService segments, PortalCampaignPages pages) {
        this.campaigns = campaigns;
        this.segments = segments;
        this.pages = pages;
    }

    // ---------------------------------------------------------------- step 3: audience

    @GetMapping("/audience")
    String audience(@PathVariable UUID campaignId, Model model, Locale locale, RedirectAttributes redirect) {
        Campaigns.Details d = pages.campaign(campaignId, model, locale);
        if (!d.status().editable()) {
            Flash.error(redirect, "campaign.portal.notEditable");
            return "redirect:/portal/campaigns/" + campaignId;
        }
        audiencePage(model, d, d.version(), d.summary().segmentId());
        return "portal/campaigns/audience";
    }

    /** The live count of one segment for the campaign's branch (fragment of a card). */
    @GetMapping("/audience/count")
    String count(@PathVariable UUID campaignId, @RequestParam(required = false) String segmentId, Model model) {
        Campaigns.Details d = campaigns.get(campaignId);
        UUID segment = PortalCampaignController.uuid(segmentId);
        if (segment == null || usable(d).stream().noneMatch(s -> s.id().equals(segment))) {
            throw new NotFoundException("Segment");
        }
        Long count;
        try {
            count = segments.count(segment, d.summary().branchId());
        } catch (Segments.InvalidSegmentException e) {
            count = null;
        }
        model.addAttribute("count", count);
        return "portal/campaigns/audience :: count";
    }

    /** Chooses the audience: htmx answers the summary of the choice; a plain post continues to step 4. */
    @PostMapping("/audience")
    String chooseAudience(@PathVariable UUID campaignId, @RequestParam(required = false) String segmentId,
            @RequestParam(required = false) String version, @RequestParam(required = false) String next,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model, Locale locale,
            HttpServletResponse response, RedirectAttributes redirect) {
        Campaigns.Details d = pages.campaign(campaignId, model, locale);
        UUID segment = PortalCampaignController.uuid(segmentId);
        if (segment == null) {
            if (htmx != null) {
                response.setHeader("HX-Reswap", "none");
                return "portal/campaigns/audience :: nothing";
            }
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("audienceError", "campaign.portal.audience.required");
            audiencePage(model, d, PortalCampaignContentController.number(version), d.summary().segmentId());
            return "portal/campaigns/audience";
        }
        long newVersion;
        try {
            newVersion = campaigns.setAudience(campaignId, PortalCampaignContentController.number(version), segment);
        } catch (TamperedCampaignException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            if (htmx != null) {
                response.setHeader("HX-Reswap", "none");
            }
            return "portal/campaigns/refused";
        } catch (StaleCampaignException | OptimisticLockingFailureException e) {
            model.addAttribute("stale", true);
            if (htmx != null) {
                return "portal/campaigns/audience :: stale";
            }
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            audiencePage(model, d, PortalCampaignContentController.number(version), segment);
            return "portal/campaigns/audience";
        } catch (IllegalTransitionException e) {
            Flash.error(redirect, "campaign.portal.notEditable");
            return "redirect:/portal/campaigns/" + campaignId;
        }
        if (htmx == null) {
            return "redirect:/portal/campaigns/" + campaignId + ("schedule".equals(next) ? "/schedule" : "/audience");
        }
        Campaigns.Details after = campaigns.get(campaignId);
        model.addAttribute("d", after);
        model.addAttribute("s", after.summary());
        model.addAttribute("version", newVersion);
        model.addAttribute("recipients", campaigns.recipients(campaignId));
        return "portal/campaigns/audience :: chosen";
    }

    private void audiencePage(Model model, Campaigns.Details d, long version, UUID chosen) {
        List<Segments.Segment> usable = usable(d);
        model.addAttribute("networkSegments", usable.stream().filter(Segments.Segment::network).toList());
        model.addAttribute("ownSegments", usable.stream().filter(s -> !s.network()).toList());
        model.addAttribute("chosen", chosen == null ? "" : chosen.toString());
        model.addAttribute("version", version);
        model.addAttribute("recipients", d.summary().segmentId() == null ? null : campaigns.recipients(d.id()));
        model.addAttribute("mayCreate", segments.branchSegmentsAllowed(d.summary().branchId()));
        model.addAttribute("step", "audience");
    }

    /** Segments the branch may use whose channel is the campaign's. */
    private List<Segments.Segment> usable(Campaigns.Details d) {
        String channel = d.template().channel().name();
        return segments.listForBranch(d.summary().branchId()).stream()
                .filter(s -> s.definition() == null || s.definition().channel() == null
                        || s.definition().channel().name().equals(channel))
                .toList();
    }

    // ---------------------------------------------------------------- step 4: schedule and submit

    @GetMapping("/schedule")
    String schedule(@PathVariable UUID campaignId, Model model, Locale locale, RedirectAttributes redirect) {
        Campaigns.Details d = pages.campaign(campaignId, model, locale);
        if (!d.status().editable()) {
            Flash.error(redirect, "campaign.portal.notEditable");
            return "redirect:/portal/campaigns/" + campaignId;
        }
        PortalCampaignViews views = pages.views(d, locale);
        Instant sendAt = d.summary().sendAt();
        schedulePage(model, d, d.version(), sendAt == null ? "now" : "later", views.inputDate(sendAt),
                views.inputTime(sendAt), Map.of(), locale);
        return "portal/campaigns/schedule";
    }

    /**
     * Saves the schedule, then ({@code action=submit}) submits. The date and time are read in the branch's zone; a
     * missing or past date keeps what was typed and says what is wrong.
     */
    @PostMapping("/schedule")
    String submit(@PathVariable UUID campaignId, @RequestParam(required = false) String when,
            @RequestParam(required = false) String sendDate, @RequestParam(required = false) String sendTime,
            @RequestParam(required = false) String version, @RequestParam(required = false) String action,
            Model model, Locale locale, HttpServletResponse response, RedirectAttributes redirect) {
        Campaigns.Details d = pages.campaign(campaignId, model, locale);
        PortalCampaignViews views = pages.views(d, locale);
        String mode = "later".equals(when) ? "later" : "now";
        String date = sendDate == null ? "" : sendDate.strip();
        String time = sendTime == null ? "" : sendTime.strip();
        Map<String, String> errors = new LinkedHashMap<>();
        Instant sendAt = null;
        if (mode.equals("later")) {
            LocalDate day = null;
            LocalTime at = null;
            try {
                day = date.isEmpty() ? null : LocalDate.parse(date);
            } catch (DateTimeException e) {
                errors.put("sendDate", "campaign.portal.schedule.badDate");
            }
            try {
                at = time.isEmpty() ? null : LocalTime.parse(time);
            } catch (DateTimeException e) {
                errors.put("sendTime", "campaign.portal.schedule.badTime");
            }
            if (day == null && !errors.containsKey("sendDate")) {
                errors.put("sendDate", "validation.required");
            }
            if (at == null && !errors.containsKey("sendTime")) {
                errors.put("sendTime", "validation.required");
            }
            if (errors.isEmpty()) {
                sendAt = LocalDateTime.of(day, at).atZone(views.zoneId()).toInstant();
                if (!sendAt.isAfter(Instant.now())) {
                    errors.put("sendDate", "campaign.portal.schedule.past");
                }
            }
        }
        if (!errors.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            schedulePage(model, d, PortalCampaignContentController.number(version), mode, date, time, errors, locale);
            return "portal/campaigns/schedule";
        }
        try {
            long v = campaigns.setSchedule(campaignId, PortalCampaignContentController.number(version), sendAt);
            if (!"submit".equals(action)) {
                Flash.success(redirect, "campaign.portal.schedule.saved");
                return "redirect:/portal/campaigns/" + campaignId + "/schedule";
            }
            Campaigns.Submitted submitted = campaigns.submit(campaignId, v);
            if (!submitted.accepted()) {
                Campaigns.Details after = pages.campaign(campaignId, model, locale);
                response.setStatus(422);
                model.addAttribute("refused", PortalCampaignChecks.of(submitted.problems(),
                        submitted.findings().stream().filter(f -> f.blocking()).toList(), after.template().email(),
                        after.template().sms(), pages.messages(), locale));
                schedulePage(model, after, after.version(), mode, date, time, Map.of(), locale);
                return "portal/campaigns/schedule";
            }
            Flash.success(redirect, switch (submitted.status()) {
                case IN_REVIEW -> "campaign.portal.submitted.review";
                case SCHEDULED -> "campaign.portal.submitted.scheduled";
                default -> "campaign.portal.submitted.approved";
            }, d.summary().name());
            return "redirect:/portal/campaigns/" + campaignId;
        } catch (IllegalArgumentException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            errors.put("sendDate", "campaign.portal.schedule.past");
            schedulePage(model, d, PortalCampaignContentController.number(version), mode, date, time, errors, locale);
            return "portal/campaigns/schedule";
        } catch (StaleCampaignException | OptimisticLockingFailureException e) {
            response.setStatus(HttpServletResponse.SC_CONFLICT);
            model.addAttribute("stale", true);
            Campaigns.Details fresh = pages.campaign(campaignId, model, locale);
            schedulePage(model, fresh, fresh.version(), mode, date, time, Map.of(), locale);
            return "portal/campaigns/schedule";
        } catch (IllegalTransitionException e) {
            Flash.error(redirect, "campaign.portal.notEditable");
            return "redirect:/portal/campaigns/" + campaignId;
        }
    }

    /** What happens next for the date being chosen (fragment, while the person picks "now" or a date). */
    @GetMapping("/schedule/next")
    String next(@PathVariable UUID campaignId, @RequestParam(required = false) String when,
            @RequestParam(required = false) String sendDate, @RequestParam(required = false) String sendTime,
            Model model, Locale locale) {
        Campaigns.Details d = pages.campaign(campaignId, model, locale);
        NetworkQueries.BranchCard branch = pages.branchOf(d);
        Instant at = null;
        if ("later".equals(when)) {
            try {
                at = LocalDateTime.of(LocalDate.parse(sendDate.strip()), LocalTime.parse(sendTime.strip()))
                        .atZone(PortalCampaignViews.zone(branch.timeZone())).toInstant();
            } catch (DateTimeException | NullPointerException e) {
                at = null;
            }
        }
        model.addAttribute("next", pages.whatHappensNext(d, branch, at, locale));
        model.addAttribute("policySource", pages.policySource(d, locale));
        return "portal/campaigns/schedule :: next-card";
    }

    private void schedulePage(Model model, Campaigns.Details d, long version, String mode, String date, String time,
            Map<String, String> errors, Locale locale) {
        NetworkQueries.BranchCard branch = pages.branchOf(d);
        PortalCampaignViews views = new PortalCampaignViews(branch.timeZone(), locale);
        model.addAttribute("version", version);
        model.addAttribute("mode", mode);
        model.addAttribute("sendDate", date);
        model.addAttribute("sendTime", time);
        model.addAttribute("errors", errors);
        model.addAttribute("views", views);
        model.addAttribute("step", "schedule");
        Instant preview = null;
        if ("later".equals(mode) && errors.isEmpty()) {
            try {
                preview = LocalDateTime.of(LocalDate.parse(date), LocalTime.parse(time)).atZone(views.zoneId())
                        .toInstant();
            } catch (DateTimeException | NullPointerException e) {
                preview = null;
            }
        }
        model.addAttribute("next", pages.whatHappensNext(d, branch, preview, locale));
        model.addAttribute("policySource", pages.policySource(d, locale));
        model.addAttribute("recipients", d.summary().segmentId() == null ? null : campaigns.recipients(d.id()));
        // steering: what the campaign would use of the branch's send budget (null without budget)
        model.addAttribute("budget", campaigns.budgetEstimate(d.id(), preview).orElse(null));
        if (!model.containsAttribute("refused")) {
            model.addAttribute("checks", pages.checks(d, locale));
        }
        model.addAttribute("resubmission", d.status() == CampaignStatus.CHANGES_REQUESTED);
    }
}
