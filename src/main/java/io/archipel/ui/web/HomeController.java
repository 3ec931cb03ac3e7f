package io.archipel.ui.web;

import io.archipel.identity.CurrentUser;
import jakarta.servlet.http.HttpSession;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

@Controller
class HomeController {

    /** The root sends each person to their own area, or to the login page. */
    @GetMapping("/")
    String home() {
        return CurrentUser.find().map(u -> "redirect:" + u.role().landingPath()).orElse("redirect:/login");
    }

    @GetMapping("/login")
    String login(@RequestParam(required = false) String error, HttpSession session, Model model) {
        if (CurrentUser.find().isPresent()) {
            return home();
        }
        if (error != null) {
            String reason = switch (error) {
                case "locked", "suspended", "disabled" -> error;
                default -> "bad";
            };
            model.addAttribute("loginError", "login.error." + reason);
            Object email = session.getAttribute("archipel.login.email");
            model.addAttribute("email", email == null ? "" : email);
        }
        return "login";
    }
}
