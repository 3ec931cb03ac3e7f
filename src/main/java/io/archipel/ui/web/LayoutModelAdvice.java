package io.archipel.ui.web;

import io.archipel.identity.ArchipelUser;
import io.archipel.identity.CurrentUser;
import io.archipel.tenancy.TenantDirectory;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every page's layout needs: who is signed in, their network, and where they are (for the active nav item). */
@ControllerAdvice
class LayoutModelAdvice {

    private final TenantDirectory tenants;

    LayoutModelAdvice(TenantDirectory tenants) {
        this.tenants = tenants;
    }

    @ModelAttribute("currentPath")
    String currentPath(HttpServletRequest request) {
        // on an error dispatch, the page the person asked for (so the language switch returns there)
        Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String uri = original instanceof String s ? s : request.getRequestURI();
        return uri.startsWith(request.getContextPath()) ? uri.substring(request.getContextPath().length()) : uri;
    }

    @ModelAttribute("currentUser")
    ArchipelUser currentUser() {
        return CurrentUser.find().orElse(null);
    }

    @ModelAttribute("tenantName")
    String tenantName() {
        return CurrentUser.find().filter(u -> u.tenantId() != null)
                .flatMap(u -> tenants.name(u.tenantId())).orElse(null);
    }
}
