package io.archipel.campaign.web;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.archipel.brand.TemplatePreviewer;
import io.archipel.brand.TemplatePreviewer.SampleContact;
import io.archipel.campaign.KitService;
import io.archipel.campaign.Kits;
import io.archipel.shared.Flash;
import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.NetworkQueries;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * HQ campaign kits on the branch portal: the kits waiting for the acting branch (a page, a section of step 1 of the
 * campaign wizard, a banner on the campaign list), starting a campaign from one (its content copied into a new
 * draft, then step 2) and saying "not for us". The rules (which kits a branch is offered, scope) are
 * {@link KitService}'s; another branch's or another tenant's kit answers 403 / 404 like the rest of the portal.
 */
@Controller
@RequestMapping("/portal/kits")
class PortalKitController {

    /** Where a dismissal came from, to go back there: step 1 of a new campaign, or the kits page. */
    static final String FROM_NEW_CAMPAIGN = "new";

    /**
     * A kit offered to the branch as a card shows it: the offer, its window in words ({@code windowKey} + args),
     * and the days left when it ends soon (-1 otherwise).
     */
    public record OfferCard(Kits.Offer offer, String windowKey, List<String> windowArgs, long daysLeft) {

        public String id() {
            return offer.kitId().toString();
        }

        public boolean endingSoon() {
            return daysLeft >= 0;
        }
    }

    private final KitService kits;
    private final PortalCampaignPages pages;
    private final TemplatePreviewer previewer;

    PortalKitController(KitService kits, PortalCampaignPages pages, TemplatePreviewer previewer) {
        this.kits = kits;
        this.pages = pages;
        this.previewer = previewer;
    }

    /** Every kit waiting for the acting branch. */
    @GetMapping
    String page(@RequestParam(required = false) UUID branchId, Model model, Locale locale) {
        NetworkQueries.BranchCard branch = pages.actingBranch(branchId, model);
        model.addAttribute("cards", branch == null ? List.of() : cards(branch, locale));
        return "portal/kits/list";
    }

    /** The kits section of step 1 of a new campaign; nothing at all when no kit is waiting. */
    @GetMapping("/choices")
    String choices(@RequestParam(required = false) UUID branchId, Model model, Locale locale) {
        NetworkQueries.BranchCard branch = pages.actingBranch(branchId, model);
        model.addAttribute("cards", branch == null ? List.of() : cards(branch, locale));
        return "portal/kits/parts :: choices";
    }

    /** The banner of the campaign list ("2 kits are waiting for you"); nothing at all when no kit is waiting. */
    @GetMapping("/waiting")
    String waiting(@RequestParam(required = false) UUID branchId, Model model) {
        NetworkQueries.BranchCard branch = pages.actingBranch(branchId, model);
        model.addAttribute("waiting", branch == null ? 0 : kits.offersFor(branch.id()).size());
        return "portal/kits/parts :: waiting";
    }

    /** A new draft of the branch with the kit's content, then its step 2. */
    @PostMapping("/{kitId}/start")
    String start(@PathVariable UUID kitId, @RequestParam(required = false) UUID branchId,
            @RequestParam(required = false) String name, @RequestParam(required = false) String from, Model model,
            Locale locale, HttpServletResponse response, RedirectAttributes redirect) {
        NetworkQueries.BranchCard branch = branchOrNotFound(branchId, model);
        java.util.Optional<Kits.Offer> offered = kits.offersFor(branch.id()).stream()
                .filter(o -> o.kitId().equals(kitId)).findFirst();
        if (offered.isEmpty()) {
            // already personalised (double click, old tab): back to that campaign rather than a 404
            UUID started = kits.campaignOf(kitId, branch.id()).orElseThrow(() -> new NotFoundException("Kit"));
            Flash.success(redirect, "kit.portal.alreadyStarted");
            return "redirect:/portal/campaigns/" + started;
        }
        Kits.Offer offer = offered.get();
        String clean = name == null ? "" : name.strip();
        if (clean.length() > KitService.MAX_NAME_LENGTH) {
            return refused(model, branch, kitId, "start", name, null, "kit.portal.name.tooLong",
                    KitService.MAX_NAME_LENGTH, from, locale, response);
        }
        String finalName = clean.isEmpty() ? offer.name() : clean;
        UUID campaignId = kits.start(kitId, branch.id(), finalName);
        Flash.success(redirect, "kit.portal.started", offer.name());
        return "redirect:/portal/campaigns/" + campaignId + "/content";
    }

    /** "Not for us": the kit leaves the branch's list; HQ sees it ignored, with the reason. */
    @PostMapping("/{kitId}/dismiss")
    String dismiss(@PathVariable UUID kitId, @RequestParam(required = false) UUID branchId,
            @RequestParam(required = false) String reason, @RequestParam(required = false) String from, Model model,
            Locale locale, HttpServletResponse response, RedirectAttributes redirect) {
        NetworkQueries.BranchCard branch = branchOrNotFound(branchId, model);
        Kits.Offer offer = offer(kitId, branch);
        String clean = reason == null ? "" : reason.strip();
        if (clean.length() > KitService.MAX_REASON_LENGTH) {
            return refused(model, branch, kitId, "dismiss", null, reason, "kit.portal.reason.tooLong",
                    KitService.MAX_REASON_LENGTH, from, locale, response);
        }
        kits.dismiss(kitId, branch.id(), clean.isEmpty() ? null : clean);
        Flash.success(redirect, "kit.portal.dismissed", offer.name());
        return FROM_NEW_CAMPAIGN.equals(from) ? "redirect:/portal/campaigns/new?branchId=" + branch.id()
                : "redirect:/portal/kits?branchId=" + branch.id();
    }

    // ------------------------------------------------------------------------------------------------------------

    private NetworkQueries.BranchCard branchOrNotFound(UUID branchId, Model model) {
        NetworkQueries.BranchCard branch = pages.actingBranch(branchId, model);
        if (branch == null) {
            throw new NotFoundException("Branch");
        }
        return branch;
    }

    /** The kit as offered to the branch: 404 when it is not (unknown, another tenant's, used, dismissed, over). */
    private Kits.Offer offer(UUID kitId, NetworkQueries.BranchCard branch) {
        return kits.offersFor(branch.id()).stream().filter(o -> o.kitId().equals(kitId)).findFirst()
                .orElseThrow(() -> new NotFoundException("Kit"));
    }

    /** The kits page again, the refused form open with what was typed and the message next to the field. */
    private String refused(Model model, NetworkQueries.BranchCard branch, UUID kitId, String form, String name,
            String reason, String errorKey, int max, String from, Locale locale, HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("cards", cards(branch, locale));
        model.addAttribute("failedKit", kitId.toString());
        model.addAttribute("failedForm", form);
        model.addAttribute("typedName", name == null ? "" : name);
        model.addAttribute("typedReason", reason == null ? "" : reason);
        model.addAttribute("formError", errorKey);
        model.addAttribute("formErrorMax", max);
        model.addAttribute("from", FROM_NEW_CAMPAIGN.equals(from) ? FROM_NEW_CAMPAIGN : "");
        return "portal/kits/list";
    }

    private List<OfferCard> cards(NetworkQueries.BranchCard branch, Locale locale) {
        LocalDate today = LocalDate.now(PortalCampaignViews.zone(branch.timeZone()));
        // the subject as the branch's customers will read it (branch details, sample contact), like template cards
        var merge = previewer.mergeValues(branch.id(), SampleContact.defaults(locale), locale);
        return kits.offersFor(branch.id()).stream().map(o -> card(new Kits.Offer(o.kitId(), o.name(), o.brief(),
                o.templateId(), o.templateName(), o.channel(), o.windowStart(), o.windowEnd(), o.segmentName(),
                o.headline() == null ? null : TemplatePreviewer.fill(o.headline(), merge)), today, locale)).toList();
    }

    /** The window in words in the branch's calendar: "until 14 May", "from 3 to 14 May", and the days left. */
    static OfferCard card(Kits.Offer o, LocalDate today, Locale locale) {
        LocalDate start = o.windowStart();
        LocalDate end = o.windowEnd();
        long daysLeft = end == null ? -1 : ChronoUnit.DAYS.between(today, end);
        if (daysLeft > 3) {
            daysLeft = -1;
        }
        if (start != null && start.isAfter(today)) {
            return end == null ? new OfferCard(o, "kit.portal.window.from", List.of(date(start, today, locale)), -1)
                    : new OfferCard(o, "kit.portal.window.range",
                            List.of(date(start, today, locale), date(end, today, locale)), -1);
        }
        if (end == null) {
            return new OfferCard(o, "kit.portal.window.open", List.of(), -1);
        }
        return new OfferCard(o, "kit.portal.window.until", List.of(date(end, today, locale)), daysLeft);
    }

    /** "14 May" this year, "14 May 2027" another year (in the reader's language). */
    static String date(LocalDate date, LocalDate today, Locale locale) {
        String pattern = date.getYear() == today.getYear() ? "d MMMM" : "d MMMM yyyy";
        return DateTimeFormatter.ofPattern(pattern, locale).format(date);
    }
}
