package io.archipel.audience.web.segments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.archipel.audience.Contacts.StaleContactException;
import io.archipel.audience.SegmentService;
import io.archipel.audience.Segments.InvalidSegmentException;
import io.archipel.audience.Segments.Problem;
import io.archipel.audience.Segments.Segment;
import io.archipel.shared.AccessDeniedInScopeException;
import io.archipel.shared.Flash;
import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.NetworkQueries;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A branch's segments: HQ's (read-only) and its own, each with the branch's live count; the same editor as HQ for
 * its own segments when its territory allows branches to create them. The acting branch comes from {@code ?branchId=}.
 */
@Controller
@RequestMapping("/portal/segments")
class PortalSegmentController {

    static final String BASE = "/portal/segments";

    private final SegmentService segments;
    private final SegmentPages pages;
    private final NetworkQueries network;
    private final MessageSource messages;

    PortalSegmentController(SegmentService segments, SegmentPages pages, NetworkQueries network,
            MessageSource messages) {
        this.segments = segments;
        this.pages = pages;
        this.network = network;
        this.messages = messages;
    }

    @GetMapping
    String list(@RequestParam(required = false) UUID branchId, Model model, Locale locale) {
        NetworkQueries.BranchCard branch = actingBranch(branchId, model);
        model.addAttribute("ui", new BuilderView(segments.fields(), List.of(), messages, locale));
        if (branch == null) {
            return "portal/segments/list";
        }
        List<Segment> all = segments.listForBranch(branch.id());
        Map<UUID, Long> counts = new LinkedHashMap<>();
        for (Segment s : all) {
            try {
                counts.put(s.id(), segments.count(s.definition(), branch.id()));
            } catch (InvalidSegmentException e) {
                counts.put(s.id(), null);
            }
        }
        model.addAttribute("networkSegments", all.stream().filter(Segment::network).toList());
        model.addAttribute("ownSegments", all.stream().filter(s -> !s.network()).toList());
        model.addAttribute("counts", counts);
        model.addAttribute("allowed", segments.branchSegmentsAllowed(branch.id()));
        return "portal/segments/list";
    }

    @GetMapping("/new")
    String newForm(@RequestParam(required = false) UUID branchId, Model model, Locale locale) {
        NetworkQueries.BranchCard branch = allowedBranch(branchId, model);
        return editor(model, SegmentForm.blank(), null, null, branch, List.of(), locale);
    }

    @PostMapping
    String create(@RequestParam(required = false) UUID branchId, @ModelAttribute("segment") SegmentForm form,
            Model model, Locale locale, RedirectAttributes redirect) {
        NetworkQueries.BranchCard branch = allowedBranch(branchId, model);
        form.compact();
        List<Problem> problems = new ArrayList<>();
        var draft = form.toDraft(problems);
        if (problems.isEmpty()) {
            try {
                UUID id = segments.create(branch.id(), draft);
                Flash.success(redirect, "segments.created", form.getName());
                return "redirect:" + BASE + "/" + id;
            } catch (InvalidSegmentException e) {
                problems = e.problems();
            }
        }
        return editor(model, form, null, null, branch, problems, locale);
    }

    /** An own segment opens in the editor; an HQ segment is shown read-only with the acting branch's count. */
    @GetMapping("/{segmentId}")
    String show(@PathVariable UUID segmentId, @RequestParam(required = false) UUID branchId, Model model,
            Locale locale) {
        Segment s = segments.get(segmentId);
        if (s.network() || !segments.mayEdit(s.ownerBranchId())) {
            // HQ's segments, and the branch's own once its territory no longer allows them, are shown read-only
            NetworkQueries.BranchCard branch = s.network() ? actingBranch(branchId, model) : ownerBranch(s, model);
            if (branch == null) {
                throw new NotFoundException("Branch");
            }
            model.addAttribute("s", s);
            model.addAttribute("ui", new BuilderView(segments.fields(), List.of(), messages, locale));
            Long count;
            try {
                count = segments.count(s.definition(), branch.id());
            } catch (InvalidSegmentException e) {
                count = null;
            }
            model.addAttribute("count", count);
            return "portal/segments/view";
        }
        NetworkQueries.BranchCard branch = ownerBranch(s, model);
        return editor(model, SegmentForm.of(s), null, s, branch, List.of(), locale);
    }

    @PostMapping("/{segmentId}")
    String update(@PathVariable UUID segmentId, @ModelAttribute("segment") SegmentForm form, Model model,
            Locale locale, RedirectAttributes redirect) {
        Segment s = ownSegment(segmentId);
        NetworkQueries.BranchCard branch = ownerBranch(s, model);
        form.compact();
        List<Problem> problems = new ArrayList<>();
        var draft = form.toDraft(problems);
        if (problems.isEmpty()) {
            try {
                segments.update(segmentId, form.getVersion(), draft);
                Flash.success(redirect, "segments.updated", form.getName());
                return "redirect:" + BASE + "/" + segmentId;
            } catch (InvalidSegmentException e) {
                problems = e.problems();
            } catch (StaleContactException e) {
                model.addAttribute("stale", true);
            }
        }
        return editor(model, form, null, s, branch, problems, locale);
    }

    @PostMapping("/{segmentId}/delete")
    String delete(@PathVariable UUID segmentId, RedirectAttributes redirect) {
        Segment s = ownSegment(segmentId);
        segments.delete(segmentId);
        Flash.success(redirect, "segments.deleted", s.name());
        return "redirect:" + BASE + "?branchId=" + s.ownerBranchId();
    }

    @PostMapping("/builder")
    String builder(@RequestParam(required = false) UUID branchId, @ModelAttribute("segment") SegmentForm form,
            @RequestParam(required = false) String action, @RequestParam(required = false) UUID segmentId,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model, Locale locale) {
        Segment existing = segmentId == null ? null : ownSegment(segmentId);
        NetworkQueries.BranchCard branch = existing == null ? requireBranch(branchId, model)
                : ownerBranch(existing, model);
        String view = editor(model, form, action, existing, branch, List.of(), locale);
        return htmx != null ? "hq/segments/builder :: builder-response" : view;
    }

    @PostMapping("/count")
    String count(@RequestParam(required = false) UUID branchId, @ModelAttribute("segment") SegmentForm form,
            Model model, Locale locale) {
        NetworkQueries.BranchCard branch = requireBranch(branchId, model);
        pages.count(model, form, branch.id(), null, locale);
        model.addAttribute("segment", form);
        return "hq/segments/builder :: count-response";
    }

    private String editor(Model model, SegmentForm form, String action, Segment existing,
            NetworkQueries.BranchCard branch, List<Problem> problems, Locale locale) {
        pages.editor(model, form, action, locale);
        pages.count(model, form, branch.id(), problems, locale);
        model.addAttribute("existing", existing);
        model.addAttribute("base", BASE);
        model.addAttribute("bq", "?branchId=" + branch.id());
        model.addAttribute("branch", branch);
        return "portal/segments/editor";
    }

    private Segment ownSegment(UUID segmentId) {
        Segment s = segments.get(segmentId);
        if (s.network()) {
            throw new AccessDeniedInScopeException("HQ segments are read-only in the portal");
        }
        return s;
    }

    private NetworkQueries.BranchCard ownerBranch(Segment s, Model model) {
        NetworkQueries.BranchCard branch = network.branch(s.ownerBranchId());
        model.addAttribute("myBranches", network.visibleBranches());
        model.addAttribute("branch", branch);
        return branch;
    }

    private NetworkQueries.BranchCard allowedBranch(UUID branchId, Model model) {
        NetworkQueries.BranchCard branch = requireBranch(branchId, model);
        if (!segments.branchSegmentsAllowed(branch.id())) {
            throw new AccessDeniedInScopeException("branch segments are not allowed for " + branch.code());
        }
        return branch;
    }

    private NetworkQueries.BranchCard requireBranch(UUID branchId, Model model) {
        NetworkQueries.BranchCard branch = actingBranch(branchId, model);
        if (branch == null) {
            throw new NotFoundException("Branch");
        }
        return branch;
    }

    private NetworkQueries.BranchCard actingBranch(UUID branchId, Model model) {
        NetworkQueries.BranchCard branch = network.actingBranch(branchId).orElse(null);
        model.addAttribute("myBranches", network.visibleBranches());
        model.addAttribute("branch", branch);
        return branch;
    }
}
