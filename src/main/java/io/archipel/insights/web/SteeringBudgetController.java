package io.archipel.insights.web;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.archipel.insights.Steering;
import io.archipel.insights.SteeringQueries;
import io.archipel.insights.steering.BudgetService;
import io.archipel.insights.steering.ObjectiveService;
import io.archipel.shared.Flash;
import io.archipel.tenancy.NetworkQueries;
import io.archipel.tenancy.ScopeType;
import io.archipel.tenancy.TerritoryService;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Budgets: consumption by territory for a period, branch budgets, the over-budget policy, and setting budgets. */
@Controller
class SteeringBudgetController {

    private final SteeringQueries queries;
    private final BudgetService budgets;
    private final NetworkQueries network;
    private final TerritoryService territories;

    SteeringBudgetController(SteeringQueries queries, BudgetService budgets, NetworkQueries network,
            TerritoryService territories) {
        this.queries = queries;
        this.budgets = budgets;
        this.network = network;
        this.territories = territories;
    }

    /** A territory's line in the consumption table. */
    record TerritoryRow(NetworkQueries.TerritoryNode node, Steering.TerritoryBudget budget) {
    }

    @GetMapping("/insights/budgets")
    String overview(@RequestParam(required = false) String territoryId, @RequestParam(required = false) String period,
            @RequestParam(required = false) String day, Model model) {
        Steering.PeriodKind kind = SteeringForms.enumValue(Steering.PeriodKind.class, period);
        if (kind == null) {
            kind = Steering.PeriodKind.MONTH;
        }
        LocalDate date = SteeringForms.date(day);
        if (date == null) {
            date = SteeringQueries.today();
        }
        List<NetworkQueries.TerritoryNode> roots = network.snapshot().roots();
        UUID selected = SteeringForms.uuid(territoryId);
        if (selected == null && !roots.isEmpty()) {
            selected = roots.get(0).id();
        }
        model.addAttribute("period", kind);
        model.addAttribute("day", date);
        model.addAttribute("periods", Steering.PeriodKind.values());
        model.addAttribute("territories", territories.visibleTree());
        model.addAttribute("settings", budgets.settings());
        model.addAttribute("admin", SteeringObjectiveController.isAdmin());
        model.addAttribute("tenantWide", network.scopeSummary().type() == ScopeType.TENANT);
        model.addAttribute("selected", selected);
        if (selected != null) {
            NetworkQueries.TerritoryDetail detail = network.territory(selected);
            model.addAttribute("detail", detail);
            model.addAttribute("summary", queries.budget(selected, kind, date));
            List<TerritoryRow> rows = new ArrayList<>();
            for (NetworkQueries.TerritoryNode child : detail.node().children()) {
                rows.add(new TerritoryRow(child, queries.budget(child.id(), kind, date)));
            }
            model.addAttribute("rows", rows);
            model.addAttribute("branchBudgets", budgets.branchBudgets(selected, kind, date));
        }
        return "insights/steering/budgets";
    }

    @PostMapping("/insights/budgets/policy")
    String policy(@RequestParam(required = false) String policy, RedirectAttributes redirect) {
        budgets.savePolicy(SteeringForms.enumValue(Steering.OverBudgetPolicy.class, policy));
        Flash.success(redirect, "steering.budgets.policy.saved");
        return "redirect:/insights/budgets";
    }

    @PostMapping("/insights/budgets/{budgetId}/delete")
    String delete(@PathVariable UUID budgetId, RedirectAttributes redirect) {
        Steering.BranchBudget b = budgets.get(budgetId);
        budgets.delete(budgetId);
        Flash.success(redirect, "steering.budgets.deleted");
        return "redirect:/insights/budgets?period=" + b.periodKind().name() + "&day=" + b.periodStart();
    }

    /** What the budget form posts, as typed. */
    public static class BudgetFormData {
        private String target = "BRANCH";
        private String branchId;
        private String territoryId;
        private String periodKind = "MONTH";
        private String periodDay;
        private String kind = "AMOUNT";
        private String amount;
        private String emailUnitCost;
        private String smsUnitCost;
        private String quota;

        public String getTarget() { return target; }
        public void setTarget(String v) { target = v; }
        public String getBranchId() { return branchId; }
        public void setBranchId(String v) { branchId = v; }
        public String getTerritoryId() { return territoryId; }
        public void setTerritoryId(String v) { territoryId = v; }
        public String getPeriodKind() { return periodKind; }
        public void setPeriodKind(String v) { periodKind = v; }
        public String getPeriodDay() { return periodDay; }
        public void setPeriodDay(String v) { periodDay = v; }
        public String getKind() { return kind; }
        public void setKind(String v) { kind = v; }
        public String getAmount() { return amount; }
        public void setAmount(String v) { amount = v; }
        public String getEmailUnitCost() { return emailUnitCost; }
        public void setEmailUnitCost(String v) { emailUnitCost = v; }
        public String getSmsUnitCost() { return smsUnitCost; }
        public void setSmsUnitCost(String v) { smsUnitCost = v; }
        public String getQuota() { return quota; }
        public void setQuota(String v) { quota = v; }

        BudgetService.BudgetForm parse(BindingResult errors) {
            boolean territory = "TERRITORY".equals(target);
            UUID branch = territory ? null : SteeringForms.uuid(branchId);
            UUID terr = territory ? SteeringForms.uuid(territoryId) : null;
            if (territory && terr == null) {
                errors.rejectValue("territoryId", "validation.required");
            } else if (!territory && branch == null) {
                errors.rejectValue("branchId", "validation.required");
            }
            Steering.BudgetKind k = SteeringForms.enumValue(Steering.BudgetKind.class, kind);
            Integer q = SteeringForms.integer(quota);
            if (k == Steering.BudgetKind.QUOTA && q == null) {
                errors.rejectValue("quota", "steering.budget.quota.invalid");
            }
            return new BudgetService.BudgetForm(branch, terr,
                    SteeringForms.enumValue(Steering.PeriodKind.class, periodKind), SteeringForms.date(periodDay), k,
                    SteeringForms.decimal(amount), SteeringForms.decimal(emailUnitCost),
                    SteeringForms.decimal(smsUnitCost), q);
        }
    }

    @GetMapping("/insights/budgets/new")
    String newForm(@RequestParam(required = false) String branchId, @RequestParam(required = false) String territoryId,
            Model model) {
        ObjectiveService.requireAdminForPages();
        BudgetFormData f = new BudgetFormData();
        f.setPeriodDay(SteeringQueries.today().toString());
        f.setEmailUnitCost("0.01");
        f.setSmsUnitCost("0.08");
        if (territoryId != null && SteeringForms.uuid(territoryId) != null) {
            f.setTarget("TERRITORY");
            f.setTerritoryId(territoryId);
        }
        if (branchId != null && SteeringForms.uuid(branchId) != null) {
            f.setBranchId(branchId);
        }
        model.addAttribute("budgetForm", f);
        return form(model);
    }

    @PostMapping("/insights/budgets")
    String set(@ModelAttribute("budgetForm") BudgetFormData f, BindingResult errors, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        BudgetService.BudgetForm form = f.parse(errors);
        budgets.problems(form).forEach((field, key) -> reject(errors, f, field, key));
        try {
            if (!errors.hasErrors()) {
                int n = budgets.set(form);
                Flash.success(redirect, "steering.budgets.saved", n);
                return "redirect:/insights/budgets?period=" + form.periodKind().name() + "&day=" + form.periodDay()
                        + (form.territoryId() != null ? "&territoryId=" + form.territoryId() : "");
            }
        } catch (BudgetService.InvalidBudgetException e) {
            e.problems().forEach((field, key) -> reject(errors, f, field, key));
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return form(model);
    }

    private static void reject(BindingResult errors, BudgetFormData f, String field, String key) {
        String name = field.equals("target") ? ("TERRITORY".equals(f.getTarget()) ? "territoryId" : "branchId")
                : field;
        if (!errors.hasFieldErrors(name)) {
            errors.rejectValue(name, key);
        }
    }

    private String form(Model model) {
        model.addAttribute("territories", territories.visibleTree());
        model.addAttribute("branches", network.visibleBranches().stream()
                .filter(NetworkQueries.BranchSummary::active).toList());
        model.addAttribute("periods", Steering.PeriodKind.values());
        model.addAttribute("settings", budgets.settings());
        return "insights/steering/budget-form";
    }
}
