package io.archipel.delivery.web;

import java.util.UUID;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The send's progress card on HQ's network campaign page (loaded and polled by htmx) and its controls: pause, resume
 * and cancel, for HQ admins and marketers (scope checked by the services: 404 for another tenant, 403 outside
 * the user's scope).
 */
@Controller
@RequestMapping("/hq/campaigns/{campaignId}/delivery")
class ProgressHqController {

    private final ProgressViews views;

    ProgressHqController(ProgressViews views) {
        this.views = views;
    }

    @GetMapping
    String card(@PathVariable UUID campaignId, Model model) {
        return views.card(campaignId, "/hq/campaigns/" + campaignId, model);
    }

    @PostMapping("/pause")
    String pause(@PathVariable UUID campaignId, RedirectAttributes redirect) {
        views.steer(campaignId, "pause", redirect);
        return "redirect:/hq/campaigns/" + campaignId;
    }

    @PostMapping("/resume")
    String resume(@PathVariable UUID campaignId, RedirectAttributes redirect) {
        views.steer(campaignId, "resume", redirect);
        return "redirect:/hq/campaigns/" + campaignId;
    }

    @PostMapping("/cancel")
    String cancel(@PathVariable UUID campaignId, RedirectAttributes redirect) {
        views.steer(campaignId, "cancel", redirect);
        return "redirect:/hq/campaigns/" + campaignId;
    }
}
