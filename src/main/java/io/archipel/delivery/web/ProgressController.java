package io.archipel.delivery.web;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The send's progress card on the campaign page (loaded and polled by htmx) and its controls: pause, resume and
 * cancel. The same card on the branch portal's page (the branch's managers) and on HQ's network campaign page (HQ
 * admins and marketers: URL security); scope is checked by the services (404 for another tenant, 403 for another
 * branch or outside the user's scope).
 */
@Controller
@RequestMapping({"/portal/campaigns/{campaignId}/delivery", "/hq/campaigns/{campaignId}/delivery"})
class ProgressController {

    private final ProgressViews views;

    ProgressController(ProgressViews views) {
        this.views = views;
    }

    @GetMapping
    String card(@PathVariable UUID campaignId, HttpServletRequest request, Model model) {
        return views.card(campaignId, campaignPage(request, campaignId), model);
    }

    @PostMapping("/pause")
    String pause(@PathVariable UUID campaignId, HttpServletRequest request, RedirectAttributes redirect) {
        views.steer(campaignId, "pause", redirect);
        return "redirect:" + campaignPage(request, campaignId);
    }

    @PostMapping("/resume")
    String resume(@PathVariable UUID campaignId, HttpServletRequest request, RedirectAttributes redirect) {
        views.steer(campaignId, "resume", redirect);
        return "redirect:" + campaignPage(request, campaignId);
    }

    @PostMapping("/cancel")
    String cancel(@PathVariable UUID campaignId, HttpServletRequest request, RedirectAttributes redirect) {
        views.steer(campaignId, "cancel", redirect);
        return "redirect:" + campaignPage(request, campaignId);
    }

    /** The campaign page of the area the request came from (/portal or /hq). */
    private static String campaignPage(HttpServletRequest request, UUID campaignId) {
        String area = request.getRequestURI().startsWith(request.getContextPath() + "/hq/") ? "/hq" : "/portal";
        return area + "/campaigns/" + campaignId;
    }
}
