package io.archipel.insights.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

import io.archipel.identity.CurrentUser;
import io.archipel.identity.Role;
import io.archipel.insights.Steering;
import io.archipel.insights.SteeringQueries;
import io.archipel.insights.steering.ObjectiveService;
import io.archipel.insights.steering.SteeringStore;
import io.archipel.shared.Flash;
import io.archipel.tenancy.TerritoryService;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Objectives: the list for everyone in /insights (their scope), the forms and archiving for HQ admins (the service
 * checks the role too).
 */
@Controller
class SteeringObjectiveController {

    private final SteeringQueries queries;
    private final ObjectiveService objectives;
    private final TerritoryService territories;

    SteeringObjectiveController(SteeringQueries queries, ObjectiveService objectives, TerritoryService territories) {
        this.queries = queries;
        this.objectives = objectives;
        this.territories = territories;
    }

    /** What the form posts, as typed. */
    public static class ObjectiveFormData {
        private String territoryId;
        private String metric;
        private String target;
        private String periodStart;
        private String periodEnd;
        private String sponsorId;
        private String note;
        private Long version;

        public String getTerritoryId() { return territoryId; }
        public void setTerritoryId(String v) { territoryId = v; }
        public String getMetric() { return metric; }
        public void setMetric(String v) { metric = v; }
        public String getTarget() { return target; }
        public void setTarget(String v) { target = v; }
        public String getPeriodStart() { return periodStart; }
        public void setPeriodStart(String v) { periodStart = v; }
        public String getPeriodEnd() { return periodEnd; }
        public void setPeriodEnd(String v) { periodEnd = v; }
        public String getSponsorId() { return sponsorId; }
        public void setSponsorId(String v) { sponsorId = v; }
        public String getNote() { return note; }
        public void setNote(String v) { note = v; }
        public Long getVersion() { return version; }
        public void setVersion(Long v) { version = v; }

        static ObjectiveFormData of(SteeringStore.ObjectiveRow r) {
            ObjectiveFormData f = new ObjectiveFormData();
            f.territoryId = r.territoryId().toString();
            f.metric = r.metric().name();
            f.target = r.target().stripTrailingZeros().toPlainString();
            f.periodStart = r.periodStart().toString();
            f.periodEnd = r.periodEnd().toString();
            f.sponsorId = r.sponsorId() == null ? "" : r.sponsorId().toString();
            f.note = r.note();
            f.version = r.version();
            return f;
        }

        ObjectiveService.ObjectiveForm parse(BindingResult errors) {
            UUID territory = SteeringForms.uuid(territoryId);
            Steering.Metric m = SteeringForms.enumValue(Steering.Metric.class, metric);
            BigDecimal t = SteeringForms.decimal(target);
            if (t == null && target != null && !target.isBlank()) {
                errors.rejectValue("target", "steering.objective.target.invalid");
            }
            if (SteeringForms.uuid(sponsorId) == null) {
                errors.rejectValue("sponsorId", "validation.required");
            }
            LocalDate start = SteeringForms.date(periodStart);
            LocalDate end = SteeringForms.date(periodEnd);
            return new ObjectiveService.ObjectiveForm(territory, m, t, start, end, SteeringForms.uuid(sponsorId), note);
        }
    }

    @GetMapping("/insights/objectives")
    String list(@RequestParam(required = false) String archived, Model model) {
        boolean showArchived = "true".equals(archived);
        LocalDate today = SteeringQueries.today();
        model.addAttribute("objectives", queries.visibleObjectives(showArchived, today));
        model.addAttribute("showArchived", showArchived);
        model.addAttribute("today", today);
        model.addAttribute("admin", isAdmin());
        return "insights/steering/objectives";
    }

    @GetMapping("/insights/objectives/new")
    String newForm(Model model) {
        ObjectiveService.requireAdminForPages();
        ObjectiveFormData f = new ObjectiveFormData();
        LocalDate today = SteeringQueries.today();
        f.setPeriodStart(today.withDayOfMonth(1).toString());
        f.setPeriodEnd(today.withDayOfMonth(1).plusMonths(3).minusDays(1).toString());
        model.addAttribute("objectiveForm", f);
        return form(model, null);
    }

    @PostMapping("/insights/objectives")
    String create(@ModelAttribute("objectiveForm") ObjectiveFormData f, BindingResult errors, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        ObjectiveService.ObjectiveForm form = f.parse(errors);
        objectives.problems(form).forEach((field, key) -> reject(errors, field, key));
        try {
            if (!errors.hasErrors()) {
                objectives.create(form);
                Flash.success(redirect, "steering.objective.created");
                return "redirect:/insights/objectives";
            }
        } catch (ObjectiveService.InvalidObjectiveException e) {
            e.problems().forEach((field, key) -> reject(errors, field, key));
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return form(model, null);
    }

    @GetMapping("/insights/objectives/{objectiveId}/edit")
    String editForm(@PathVariable UUID objectiveId, Model model) {
        ObjectiveService.requireAdminForPages();
        model.addAttribute("objectiveForm", ObjectiveFormData.of(objectives.load(objectiveId)));
        return form(model, objectiveId);
    }

    @PostMapping("/insights/objectives/{objectiveId}")
    String update(@PathVariable UUID objectiveId, @ModelAttribute("objectiveForm") ObjectiveFormData f,
            BindingResult errors, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        objectives.load(objectiveId);
        ObjectiveService.ObjectiveForm form = f.parse(errors);
        objectives.problems(form).forEach((field, key) -> reject(errors, field, key));
        try {
            if (!errors.hasErrors()) {
                objectives.update(objectiveId, f.getVersion() == null ? -1 : f.getVersion(), form);
                Flash.success(redirect, "steering.objective.saved");
                return "redirect:/insights/objectives";
            }
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        } catch (ObjectiveService.InvalidObjectiveException e) {
            e.problems().forEach((field, key) -> reject(errors, field, key));
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        } catch (OptimisticLockingFailureException e) {
            errors.reject("validation.stale");
            response.setStatus(HttpServletResponse.SC_CONFLICT);
        }
        return form(model, objectiveId);
    }

    @PostMapping("/insights/objectives/{objectiveId}/archive")
    String archive(@PathVariable UUID objectiveId, @RequestParam(required = false) String restore,
            RedirectAttributes redirect) {
        boolean back = "true".equals(restore);
        objectives.archive(objectiveId, !back);
        Flash.success(redirect, back ? "steering.objective.restored" : "steering.objective.archived");
        return back ? "redirect:/insights/objectives?archived=true" : "redirect:/insights/objectives";
    }

    private static void reject(BindingResult errors, String field, String key) {
        if (!errors.hasFieldErrors(field)) {
            errors.rejectValue(field, key);
        }
    }

    private String form(Model model, UUID objectiveId) {
        model.addAttribute("objectiveId", objectiveId);
        model.addAttribute("territories", territories.visibleTree());
        model.addAttribute("metrics", Steering.Metric.values());
        model.addAttribute("sponsors", objectives.sponsors());
        return "insights/steering/objective-form";
    }

    static boolean isAdmin() {
        return CurrentUser.find().map(u -> u.role() == Role.HQ_ADMIN).orElse(false);
    }
}
