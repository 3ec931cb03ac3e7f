package io.archipel.ui.web;

import io.archipel.identity.ArchipelUser;
import io.archipel.identity.CurrentUser;
import io.archipel.identity.Role;
import io.archipel.identity.UserDirectory;
import io.archipel.tenancy.NetworkQueries;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The headquarters' home: who is here, how big the network is, and where to go next. */
@Controller
class HqOverviewController {

    private final NetworkQueries network;
    private final UserDirectory users;

    HqOverviewController(NetworkQueries network, UserDirectory users) {
        this.network = network;
        this.users = users;
    }

    @GetMapping("/hq")
    String overview(Model model) {
        ArchipelUser user = CurrentUser.require();
        if (user.role() == Role.VALIDATOR) {
            // validators work from their review queue; the overview is for HQ admins and marketers
            return "redirect:/hq/reviews";
        }
        model.addAttribute("firstName", firstName(user.displayName()));
        model.addAttribute("snapshot", network.snapshot());
        model.addAttribute("isAdmin", user.role() == Role.HQ_ADMIN);
        if (user.role() == Role.HQ_ADMIN) {
            model.addAttribute("activeUsers", users.countActiveUsers());
        }
        return "hq/overview";
    }

    static String firstName(String displayName) {
        if (displayName == null || displayName.isBlank()) {
            return "";
        }
        String trimmed = displayName.trim();
        int space = trimmed.indexOf(' ');
        return space > 0 ? trimmed.substring(0, space) : trimmed;
    }
}
