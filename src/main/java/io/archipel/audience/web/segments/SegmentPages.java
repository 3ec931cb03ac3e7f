package io.archipel.audience.web.segments;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.archipel.audience.Contacts.Channel;
import io.archipel.audience.SegmentService;
import io.archipel.audience.Segments.Definition;
import io.archipel.audience.Segments.InvalidSegmentException;
import io.archipel.audience.Segments.NetworkCount;
import io.archipel.audience.Segments.Problem;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * What the HQ and portal segment editors share: preparing the builder (structural actions, problems by path) and the
 * live count (the network with per-branch figures for HQ, one branch for the portal).
 */
@Component
class SegmentPages {

    /** Branches listed under the network count. */
    static final int TOP_BRANCHES = 8;

    private final SegmentService segments;
    private final MessageSource messages;

    SegmentPages(SegmentService segments, MessageSource messages) {
        this.segments = segments;
        this.messages = messages;
    }

    /** Adds what the editor needs: the form (with {@code action} applied), the builder view, the channels. */
    void editor(Model model, SegmentForm form, String action, Locale locale) {
        form.compact();
        form.apply(action);
        model.addAttribute("segment", form);
        model.addAttribute("channels", Channel.values());
        model.addAttribute("maxDepth", SegmentForm.MAX_DEPTH);
        model.addAttribute("ui", new BuilderView(segments.fields(), List.of(), messages, locale));
    }

    /** The problems of the posted definition: what cannot be expressed, else the service's check. */
    List<Problem> problems(SegmentForm form, Definition[] out) {
        List<Problem> problems = new ArrayList<>();
        Definition d = form.toDefinition(problems);
        out[0] = d;
        if (problems.isEmpty()) {
            problems.addAll(segments.check(d));
        }
        return problems;
    }

    /**
     * The count panel: problems instead of a number when the definition is invalid (also marked next to the
     * conditions by the builder), else the count for the branch, or the network's with its top branches.
     */
    void count(Model model, SegmentForm form, UUID branchId, List<Problem> known, Locale locale) {
        form.compact();
        Definition[] d = new Definition[1];
        List<Problem> problems = problems(form, d);
        if (known != null && !known.isEmpty()) {
            problems = known;
        }
        if (problems.isEmpty()) {
            try {
                if (branchId != null) {
                    model.addAttribute("branchCount", segments.count(d[0], branchId));
                } else {
                    NetworkCount n = segments.countInScope(d[0]);
                    model.addAttribute("networkCount", n);
                    // branches with at least one contact in the segment, largest first
                    List<io.archipel.audience.Segments.BranchCount> reached = n.branches().stream()
                            .filter(b -> b.contacts() > 0).toList();
                    model.addAttribute("topBranches", reached.stream().limit(TOP_BRANCHES).toList());
                    model.addAttribute("moreBranches", Math.max(0, reached.size() - TOP_BRANCHES));
                }
            } catch (InvalidSegmentException e) {
                problems = e.problems();
            }
        }
        model.addAttribute("countUi", new BuilderView(segments.fields(), problems, messages, locale));
        model.addAttribute("countChannel", d[0].channel());
    }
}
