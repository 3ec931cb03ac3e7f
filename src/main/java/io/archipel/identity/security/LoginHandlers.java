package io.archipel.identity.security;

import java.io.IOException;

import io.archipel.identity.ArchipelUser;
import io.archipel.identity.LoginRecorder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.AccountExpiredException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.stereotype.Component;

/** After login: each persona lands in its own area; failures say why, in words the login page translates. */
@Component
class LoginHandlers implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

    private final LoginThrottle throttle;
    private final LoginRecorder recorder;

    LoginHandlers(LoginThrottle throttle, LoginRecorder recorder) {
        this.throttle = throttle;
        this.recorder = recorder;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
            Authentication authentication) throws IOException {
        ArchipelUser user = (ArchipelUser) authentication.getPrincipal();
        throttle.recordSuccess(user.email());
        recorder.recordLogin(user);
        response.sendRedirect(request.getContextPath() + user.role().landingPath());
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException {
        String email = request.getParameter("username");
        String reason;
        if (exception instanceof LockedException || throttle.isLocked(email)) {
            reason = "locked";
        } else if (exception instanceof AccountExpiredException) {
            reason = "suspended";
        } else if (exception instanceof DisabledException) {
            reason = "disabled";
        } else {
            reason = throttle.recordFailure(email) ? "locked" : "bad";
        }
        request.getSession().setAttribute("archipel.login.email", email == null ? "" : email.trim());
        response.sendRedirect(request.getContextPath() + "/login?error=" + reason);
    }
}
