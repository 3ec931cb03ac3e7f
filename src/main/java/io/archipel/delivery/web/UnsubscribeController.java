package io.archipel.delivery.web;

import java.util.Locale;

import io.archipel.delivery.TrackingTokens;
import io.archipel.delivery.TrackingTokens.Purpose;
import io.archipel.delivery.TrackingTokens.Token;
import io.archipel.delivery.unsubscribe.Unsubscribes;
import io.archipel.shared.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;

/**
 * The unsubscribe link of sent mail ({@code /u/{token}}) and the recipient's preference page
 * ({@code /u/{token}/preferences}). No account, no session, no CSRF token: the signed token is the authority. GET
 * never changes anything (mail scanners prefetch links); POST unsubscribes, either from the page's button or as an
 * RFC 8058 one-click POST sent by the mail client ({@code List-Unsubscribe=One-Click}, answered with a short 200).
 * Pages are in the network's language ({@code ?lang=en|fr} switches) with its logo or name.
 */
@Controller
class UnsubscribeController {

    private final TrackingTokens tokens;
    private final Unsubscribes unsubscribes;

    UnsubscribeController(TrackingTokens tokens, Unsubscribes unsubscribes) {
        this.tokens = tokens;
        this.unsubscribes = unsubscribes;
    }

    @GetMapping("/u/{token}")
    String page(@PathVariable String token, @RequestParam(required = false) String lang, HttpServletRequest request,
            Model model) {
        prepare(token, lang, request, model);
        return "recipient/unsubscribe";
    }

    @PostMapping("/u/{token}")
    Object unsubscribe(@PathVariable String token, @RequestParam(required = false) String lang,
            @RequestParam(name = "List-Unsubscribe", required = false) String oneClick, HttpServletRequest request,
            Model model) {
        Token t = verified(token);
        if (!unsubscribes.unsubscribe(t)) {
            throw new NotFoundException("Recipient");
        }
        if ("One-Click".equalsIgnoreCase(oneClick == null ? null : oneClick.strip())) {
            return ResponseEntity.ok()
                    .contentType(new MediaType(MediaType.TEXT_PLAIN, java.nio.charset.StandardCharsets.UTF_8))
                    .header(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue()).body("Unsubscribed.\n");
        }
        prepare(token, lang, request, model);
        return "recipient/unsubscribed";
    }

    /** The network's colour for the recipient pages (CSP allows no inline style): a tiny stylesheet per token. */
    @GetMapping(value = "/u/{token}/brand.css", produces = "text/css")
    ResponseEntity<String> brandStylesheet(@PathVariable String token) {
        Token t = verified(token);
        String css = unsubscribes.accentColour(t).map(c -> ".recipient-page{--recipient-accent:" + c + "}\n"
                + ".recipient-page .btn-primary{--bs-btn-bg:" + c + ";--bs-btn-border-color:" + c
                + ";--bs-btn-hover-bg:" + c + ";--bs-btn-hover-border-color:" + c + ";--bs-btn-active-bg:" + c
                + ";--bs-btn-active-border-color:" + c + ";--bs-btn-disabled-bg:" + c
                + ";--bs-btn-disabled-border-color:" + c + "}\n.recipient-page .recipient-card a{color:" + c + "}\n"
                + ".recipient-page .form-check-input:checked{background-color:" + c + ";border-color:" + c + "}\n"
                + ".recipient-page .recipient-card{border-top:4px solid " + c + "}\n").orElse("");
        return ResponseEntity.ok().contentType(new MediaType("text", "css", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CACHE_CONTROL, CacheControl.maxAge(java.time.Duration.ofHours(1)).cachePrivate()
                        .getHeaderValue()).body(css);
    }

    @GetMapping("/u/{token}/preferences")
    String preferences(@PathVariable String token, @RequestParam(required = false) String lang,
            HttpServletRequest request, Model model) {
        prepare(token, lang, request, model);
        return "recipient/preferences";
    }

    @PostMapping("/u/{token}/preferences")
    String savePreferences(@PathVariable String token, @RequestParam(required = false) String lang,
            @RequestParam(required = false) String email, @RequestParam(required = false) String sms,
            HttpServletRequest request, Model model) {
        // checkboxes: present ("true") when ticked, absent otherwise; the token is checked before anything else
        Token t = verified(token);
        if (!unsubscribes.savePreferences(t, "true".equals(email), "true".equals(sms))) {
            throw new NotFoundException("Recipient");
        }
        prepare(token, lang, request, model);
        model.addAttribute("saved", true);
        return "recipient/preferences";
    }

    private Token verified(String token) {
        return tokens.verify(token, Purpose.UNSUBSCRIBE).orElseThrow(() -> new NotFoundException("Recipient"));
    }

    private void prepare(String token, String lang, HttpServletRequest request, Model model) {
        Unsubscribes.Recipient recipient = unsubscribes.find(verified(token))
                .orElseThrow(() -> new NotFoundException("Recipient"));
        Locale locale = "en".equals(lang) ? Locale.ENGLISH : "fr".equals(lang) ? Locale.FRENCH
                : "en".equals(recipient.locale().getLanguage()) ? Locale.ENGLISH : Locale.FRENCH;
        // the page's language for this request only (no cookie: these pages keep no state)
        request.setAttribute(CookieLocaleResolver.LOCALE_REQUEST_ATTRIBUTE_NAME, locale);
        model.addAttribute("recipient", recipient);
        model.addAttribute("token", token);
        model.addAttribute("lang", locale.getLanguage());
        model.addAttribute("selfPath", request.getRequestURI().substring(request.getContextPath().length()));
    }
}
