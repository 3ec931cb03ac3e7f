package io.archipel.delivery.web;

import io.archipel.delivery.sandbox.MailSandbox;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Tells every page whether the mail sandbox runs (the HQ navigation then links to it). */
@ControllerAdvice
class MailSandboxModelAdvice {

    private final MailSandbox sandbox;

    MailSandboxModelAdvice(MailSandbox sandbox) {
        this.sandbox = sandbox;
    }

    @ModelAttribute("mailSandboxEnabled")
    boolean mailSandboxEnabled() {
        return sandbox.running();
    }
}
