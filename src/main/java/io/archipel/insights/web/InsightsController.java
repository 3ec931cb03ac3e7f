package io.archipel.insights.web;

import java.util.UUID;

import io.archipel.tenancy.NetworkQueries;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/** Executives' read-only view of the network they steer, limited to their scope. */
@Controller
class InsightsController {

    private final NetworkQueries network;

    InsightsController(NetworkQueries network) {
        this.network = network;
    }

    static final int SEARCH_LIMIT = 20;

    /** The overview; with {@code q} it also lists matching branches (htmx asks for that list alone as you type). */
    @GetMapping("/insights")
    String overview(@RequestParam(required = false) String q,
            @RequestHeader(value = "HX-Request", required = false) String htmx, Model model) {
        String query = q == null ? "" : q.trim();
        model.addAttribute("q", query);
        model.addAttribute("hits", network.searchBranches(query, SEARCH_LIMIT));
        if (htmx != null) {
            return "insights/overview :: branch-results";
        }
        model.addAttribute("snapshot", network.snapshot());
        return "insights/overview";
    }

    @GetMapping("/insights/territories/{territoryId}")
    String territory(@PathVariable UUID territoryId, Model model) {
        model.addAttribute("detail", network.territory(territoryId));
        return "insights/territory";
    }
}
