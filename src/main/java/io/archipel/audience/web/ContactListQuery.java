package io.archipel.audience.web;

import java.util.UUID;

import io.archipel.audience.Contacts.ConsentState;
import io.archipel.audience.Contacts.Filter;
import io.archipel.audience.Contacts.Page;
import org.springframework.ui.Model;
import org.springframework.web.util.UriComponentsBuilder;

/** The search and filters of a contact list as request parameters, and the links to the neighbouring pages. */
record ContactListQuery(String q, String email, String sms, String tier, String tag) {

    Filter filter() {
        return new Filter(blank(q), state(email), state(sms), blank(tier), blank(tag));
    }

    boolean filtered() {
        Filter f = filter();
        return f.query() != null || f.emailConsent() != null || f.smsConsent() != null || f.loyaltyTier() != null
                || f.tag() != null;
    }

    void addTo(Model model, String base, UUID branchId, Page page) {
        model.addAttribute("page", page);
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("emailFilter", state(email) == null ? "" : email);
        model.addAttribute("smsFilter", state(sms) == null ? "" : sms);
        model.addAttribute("tier", tier == null ? "" : tier);
        model.addAttribute("tag", tag == null ? "" : tag);
        model.addAttribute("filtered", filtered());
        model.addAttribute("nextUrl", page.nextCursor() == null ? null : url(base, branchId, page.nextCursor()));
        model.addAttribute("previousUrl", page.previousCursor() == null ? null
                : url(base, branchId, page.previousCursor()));
    }

    private String url(String base, UUID branchId, String cursor) {
        UriComponentsBuilder b = UriComponentsBuilder.fromPath(base);
        if (branchId != null) {
            b.queryParam("branchId", branchId);
        }
        add(b, "q", q);
        add(b, "email", state(email) == null ? null : email);
        add(b, "sms", state(sms) == null ? null : sms);
        add(b, "tier", tier);
        add(b, "tag", tag);
        b.queryParam("cursor", cursor);
        return b.encode().build().toUriString();
    }

    private static void add(UriComponentsBuilder b, String name, String value) {
        if (value != null && !value.isBlank()) {
            b.queryParam(name, value.strip());
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static ConsentState state(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return ConsentState.valueOf(s.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
