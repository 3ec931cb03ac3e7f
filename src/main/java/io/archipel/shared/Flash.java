package io.archipel.shared;

import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * One-shot messages shown by the layout after a redirect (fragments/flash.html): a message key and its arguments.
 */
public final class Flash {

    private Flash() {
    }

    public static void success(RedirectAttributes redirect, String messageKey, Object... args) {
        put(redirect, "flashSuccess", messageKey, args);
    }

    public static void error(RedirectAttributes redirect, String messageKey, Object... args) {
        put(redirect, "flashError", messageKey, args);
    }

    private static void put(RedirectAttributes redirect, String kind, String messageKey, Object... args) {
        redirect.addFlashAttribute(kind, messageKey);
        if (args.length > 0) {
            redirect.addFlashAttribute("flashArgs", args);
        }
    }
}
