package io.archipel.insights.web;

import java.util.UUID;

import io.archipel.tenancy.NetworkQueries;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** Executives' read-only view of the network they steer, limited to their scope. */
@Controller
class InsightsController {

    private final NetworkQueries network;

    InsightsController(NetworkQueries network) {
        this.network = network;
    }

    @GetMapping("/insights")
    String overview(Model model) {
        model.addAttribute("snapshot", network.snapshot());
        return "insights/overview";
    }

    @GetMapping("/insights/territories/{territoryId}")
    String territory(@PathVariable UUID territoryId, Model model) {
        model.addAttribute("detail", network.territory(territoryId));
        return "insights/territory";
    }
}
