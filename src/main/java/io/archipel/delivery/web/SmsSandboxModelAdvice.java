package io.archipel.delivery.web;

import io.archipel.delivery.sms.SmsSandbox;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Tells every page whether the development SMS provider keeps SMS in the sandbox (the HQ navigation links to it). */
@ControllerAdvice
class SmsSandboxModelAdvice {

    private final SmsSandbox sandbox;

    SmsSandboxModelAdvice(SmsSandbox sandbox) {
        this.sandbox = sandbox;
    }

    @ModelAttribute("smsSandboxEnabled")
    boolean smsSandboxEnabled() {
        return sandbox.enabled();
    }
}
