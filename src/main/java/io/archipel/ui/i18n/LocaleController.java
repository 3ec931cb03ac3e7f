package io.archipel.ui.i18n;

import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.LocaleResolver;

/** The header's language switch. A POST (it changes a saved preference) that returns to the page it came from. */
@Controller
class LocaleController {

    private final LocaleResolver localeResolver;

    LocaleController(LocaleResolver localeResolver) {
        this.localeResolver = localeResolver;
    }

    @PostMapping("/locale")
    String switchLanguage(@RequestParam String lang, @RequestParam(defaultValue = "/") String returnTo,
            HttpServletRequest request, HttpServletResponse response) {
        Locale locale = ArchipelLocaleResolver.supportedOrNull(lang);
        if (locale != null) {
            localeResolver.setLocale(request, response, locale);
            if (request.getSession(false) != null && SecurityContextHolder.getContext().getAuthentication() != null) {
                // the principal changed inside the JDBC session: store it again so every instance sees it
                request.getSession().setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
                        SecurityContextHolder.getContext());
            }
        }
        return "redirect:" + safeLocalPath(returnTo);
    }

    /** Only paths of this site: never an open redirect. */
    static String safeLocalPath(String path) {
        if (path == null || !path.startsWith("/") || path.startsWith("//") || path.contains("\\")
                || path.contains("\r") || path.contains("\n")) {
            return "/";
        }
        return path;
    }
}
