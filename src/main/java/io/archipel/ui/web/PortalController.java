package io.archipel.ui.web;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.archipel.tenancy.NetworkQueries;
import io.archipel.tenancy.NetworkQueries.BranchCard;
import io.archipel.tenancy.NetworkQueries.BranchSummary;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** The branch portal's home: the manager's branch, their scope, and (soon) their campaigns and contacts. */
@Controller
class PortalController {

    private final NetworkQueries network;

    PortalController(NetworkQueries network) {
        this.network = network;
    }

    @GetMapping("/portal")
    String home(Model model, Locale locale) {
        List<BranchSummary> mine = network.visibleBranches();
        model.addAttribute("myBranches", mine);
        if (!mine.isEmpty()) {
            show(network.branch(mine.get(0).id()), model, locale);
        }
        return "portal/home";
    }

    @GetMapping("/portal/branches/{branchId}")
    String branch(@PathVariable UUID branchId, Model model, Locale locale) {
        // checked first: 404 for an unknown id, 403 outside the manager's branches
        show(network.branch(branchId), model, locale);
        model.addAttribute("myBranches", network.visibleBranches());
        return "portal/home";
    }

    private static void show(BranchCard branch, Model model, Locale locale) {
        model.addAttribute("branch", branch);
        String country = branch.countryCode() == null ? "" : new Locale("", branch.countryCode()).getDisplayCountry(locale);
        model.addAttribute("countryName", country.isBlank() ? branch.countryCode() : country);
    }
}
