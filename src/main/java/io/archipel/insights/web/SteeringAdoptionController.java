package io.archipel.insights.web;

import java.util.List;

import io.archipel.insights.steering.AdoptionService;
import io.archipel.shared.Flash;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Adoption and nudges: the three lists, then (HQ admins) a preview of the reminders and their sending. */
@Controller
class SteeringAdoptionController {

    static final int DEFAULT_DAYS = 30;

    private final AdoptionService adoption;

    SteeringAdoptionController(AdoptionService adoption) {
        this.adoption = adoption;
    }

    @GetMapping("/insights/adoption")
    String page(@RequestParam(required = false) String days, Model model) {
        Integer n = SteeringForms.integer(days);
        model.addAttribute("adoption", adoption.view(n == null ? DEFAULT_DAYS : n));
        model.addAttribute("admin", SteeringObjectiveController.isAdmin());
        return "insights/steering/adoption";
    }

    @PostMapping("/insights/adoption/preview")
    String preview(@RequestParam(name = "selected", required = false) List<String> selected,
            @RequestParam(required = false) String days, Model model, HttpServletResponse response,
            RedirectAttributes redirect) {
        if (selected == null || selected.isEmpty()) {
            Flash.error(redirect, "steering.adoption.nothingSelected");
            return "redirect:/insights/adoption" + (days == null ? "" : "?days=" + SteeringForms.integer(days));
        }
        AdoptionService.Plan plan = adoption.plan(selected);
        model.addAttribute("plan", plan);
        model.addAttribute("days", SteeringForms.integer(days));
        return "insights/steering/preview";
    }

    @PostMapping("/insights/adoption/remind")
    String remind(@RequestParam(name = "selected", required = false) List<String> selected,
            RedirectAttributes redirect) {
        if (selected == null || selected.isEmpty()) {
            Flash.error(redirect, "steering.adoption.nothingSelected");
            return "redirect:/insights/adoption";
        }
        AdoptionService.Sent sent = adoption.remind(selected);
        if (sent.skipped() > 0) {
            Flash.success(redirect, "steering.reminders.sentSkipped", sent.sent(), sent.skipped());
        } else {
            Flash.success(redirect, "steering.reminders.sent", sent.sent());
        }
        return "redirect:/insights/adoption";
    }
}
