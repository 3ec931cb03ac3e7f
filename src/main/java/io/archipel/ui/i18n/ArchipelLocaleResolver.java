package io.archipel.ui.i18n;

import java.util.Collections;
import java.util.List;
import java.util.Locale;

import io.archipel.identity.CurrentUser;
import io.archipel.identity.LoginRecorder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;

/**
 * Language: the signed-in user's saved choice, else the cookie set by the header switch, else the browser's first
 * supported language (French first for a French browser), else English.
 */
class ArchipelLocaleResolver extends CookieLocaleResolver {

    static final List<Locale> SUPPORTED = List.of(Locale.FRENCH, Locale.ENGLISH);

    private final LoginRecorder recorder;

    ArchipelLocaleResolver(LoginRecorder recorder) {
        super("archipel-lang");
        this.recorder = recorder;
        setDefaultLocaleFunction(ArchipelLocaleResolver::fromBrowser);
    }

    static Locale fromBrowser(HttpServletRequest request) {
        if (request.getHeader("Accept-Language") != null) {
            for (Locale wanted : Collections.list(request.getLocales())) {
                for (Locale supported : SUPPORTED) {
                    if (supported.getLanguage().equals(wanted.getLanguage())) {
                        return supported;
                    }
                }
            }
        }
        return Locale.ENGLISH;
    }

    static Locale supportedOrNull(String tag) {
        if (tag == null) {
            return null;
        }
        String language = Locale.forLanguageTag(tag).getLanguage();
        return SUPPORTED.stream().filter(l -> l.getLanguage().equals(language)).findFirst().orElse(null);
    }

    @Override
    public Locale resolveLocale(HttpServletRequest request) {
        return CurrentUser.find().map(u -> supportedOrNull(u.locale())).orElseGet(() -> super.resolveLocale(request));
    }

    @Override
    public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
        super.setLocale(request, response, locale);
        CurrentUser.find().ifPresent(user -> recorder.saveLocale(user, locale.getLanguage()));
    }
}
