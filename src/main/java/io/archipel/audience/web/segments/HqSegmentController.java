package io.archipel.audience.web.segments;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.archipel.audience.Contacts.StaleContactException;
import io.archipel.audience.SegmentService;
import io.archipel.audience.Segments.InvalidSegmentException;
import io.archipel.audience.Segments.Problem;
import io.archipel.audience.Segments.Segment;
import io.archipel.shared.Flash;
import io.archipel.shared.NotFoundException;
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
 * HQ segments: the list with network counts, the editor (rule builder, live count across the caller's scope), and
 * the territory policy that lets branches create their own segments.
 */
@Controller
@RequestMapping("/hq/segments")
class HqSegmentController {

    static final String BASE = "/hq/segments";

    private final SegmentService segments;
    private final SegmentPages pages;
    private final MessageSource messages;

    HqSegmentController(SegmentService segments, SegmentPages pages, MessageSource messages) {
        this.segments = segments;
        this.pages = pages;
        this.messages = messages;
    }

    @GetMapping
    String list(Model model, Locale locale) {
        // counts are not taken here: across a network of millions of contacts each one takes seconds, so every row
        // asks for its own (reach below) once the page is shown
        model.addAttribute("segments", segments.listNetwork());
        model.addAttribute("ui", new BuilderView(segments.fields(), List.of(), messages, locale));
        return "hq/segments/list";
    }

    /** The list's count cell of one segment: its reachable contacts across the caller's scope. */
    @GetMapping("/{segmentId}/reach")
    String reach(@PathVariable UUID segmentId, Model model) {
        Segment s = networkSegment(segmentId);
        Long count;
        try {
            count = segments.countInScope(s.definition()).total();
        } catch (InvalidSegmentException e) {
            count = null; // a rule on an attribute HQ removed since: the editor explains it
        }
        model.addAttribute("s", s);
        model.addAttribute("count", count);
        return "hq/segments/reach :: reach";
    }

    @GetMapping("/new")
    String newForm(Model model, Locale locale) {
        return editor(model, SegmentForm.blank(), null, null, List.of(), locale);
    }

    @PostMapping
    String create(@ModelAttribute("segment") SegmentForm form, Model model, Locale locale,
            RedirectAttributes redirect) {
        form.compact();
        List<Problem> problems = new ArrayList<>();
        var draft = form.toDraft(problems);
        if (problems.isEmpty()) {
            try {
                UUID id = segments.create(null, draft);
                Flash.success(redirect, "segments.created", form.getName());
                return "redirect:" + BASE + "/" + id;
            } catch (InvalidSegmentException e) {
                problems = e.problems();
            }
        }
        return editor(model, form, null, null, problems, locale);
    }

    @GetMapping("/{segmentId}")
    String edit(@PathVariable UUID segmentId, Model model, Locale locale) {
        Segment s = networkSegment(segmentId);
        return editor(model, SegmentForm.of(s), null, s, List.of(), locale);
    }

    @PostMapping("/{segmentId}")
    String update(@PathVariable UUID segmentId, @ModelAttribute("segment") SegmentForm form, Model model,
            Locale locale, RedirectAttributes redirect) {
        Segment s = networkSegment(segmentId);
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
        return editor(model, form, null, s, problems, locale);
    }

    @PostMapping("/{segmentId}/delete")
    String delete(@PathVariable UUID segmentId, RedirectAttributes redirect) {
        Segment s = networkSegment(segmentId);
        segments.delete(segmentId);
        Flash.success(redirect, "segments.deleted", s.name());
        return "redirect:" + BASE;
    }

    @GetMapping("/policy")
    String policy(Model model) {
        model.addAttribute("policies", segments.branchSegmentPolicies());
        return "hq/segments/policy";
    }

    /** Sets a territory's permission: {@code allowed} is true, false or inherit. */
    @PostMapping("/policy/{territoryId}")
    String setPolicy(@PathVariable UUID territoryId, @RequestParam(required = false) String allowed,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model,
            RedirectAttributes redirect) {
        Boolean value = "true".equals(allowed) ? Boolean.TRUE : "false".equals(allowed) ? Boolean.FALSE : null;
        segments.setBranchSegmentsAllowed(territoryId, value);
        String name = segments.branchSegmentPolicies().stream().filter(p -> p.territoryId().equals(territoryId))
                .map(p -> p.territoryName()).findFirst().orElse("");
        if (htmx != null) {
            model.addAttribute("policies", segments.branchSegmentPolicies());
            model.addAttribute("savedTerritory", territoryId);
            model.addAttribute("savedName", name);
            return "hq/segments/policy :: table";
        }
        Flash.success(redirect, "segments.policy.saved", name);
        return "redirect:" + BASE + "/policy";
    }

    /** Structural actions of the builder (add/remove a condition or group, a field or operator changed). */
    @PostMapping("/builder")
    String builder(@ModelAttribute("segment") SegmentForm form, @RequestParam(required = false) String action,
            @RequestParam(required = false) UUID segmentId,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model, Locale locale) {
        Segment existing = segmentId == null ? null : networkSegment(segmentId);
        String view = editor(model, form, action, existing, List.of(), locale);
        return htmx != null ? "hq/segments/builder :: builder-response" : view;
    }

    @PostMapping("/count")
    String count(@ModelAttribute("segment") SegmentForm form, Model model, Locale locale) {
        pages.count(model, form, null, null, locale);
        model.addAttribute("segment", form);
        return "hq/segments/builder :: count-response";
    }

    private String editor(Model model, SegmentForm form, String action, Segment existing, List<Problem> problems,
            Locale locale) {
        pages.editor(model, form, action, locale);
        pages.count(model, form, null, problems, locale);
        model.addAttribute("existing", existing);
        model.addAttribute("base", BASE);
        model.addAttribute("bq", "");
        model.addAttribute("branch", null);
        return "hq/segments/editor";
    }

    /** An HQ segment (a branch's own segment is not edited from HQ). */
    private Segment networkSegment(UUID segmentId) {
        Segment s = segments.get(segmentId);
        if (!s.network()) {
            throw new NotFoundException("Segment");
        }
        return s;
    }
}
