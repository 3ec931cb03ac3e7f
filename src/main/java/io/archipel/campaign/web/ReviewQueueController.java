package io.archipel.campaign.web;

import java.util.List;

import io.archipel.tenancy.NetworkQueries;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The validators' queue of campaigns waiting for review, cut to their scope. Campaigns do not exist yet: the queue is
 * empty until the campaign workflow fills it.
 */
@Controller
class ReviewQueueController {

    private final NetworkQueries network;

    ReviewQueueController(NetworkQueries network) {
        this.network = network;
    }

    @GetMapping("/hq/reviews")
    String queue(Model model) {
        model.addAttribute("reviews", List.of());
        model.addAttribute("reviewScope", network.scopeSummary());
        return "hq/reviews/queue";
    }
}
