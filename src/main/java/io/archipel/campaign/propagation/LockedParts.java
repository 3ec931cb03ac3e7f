package io.archipel.campaign.propagation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.archipel.brand.EmailTemplateContent;
import io.archipel.brand.LockableText;
import io.archipel.brand.SmsTemplateContent;
import io.archipel.brand.TemplateBlock;
import io.archipel.brand.Templates;

/**
 * What of a template version a campaign cannot change and must follow: the locked parts and the structure. Two
 * versions differ here when a locked block's content, a block's place in the order, a block added or removed, a block
 * locked or unlocked, a locked subject or preheader (its text, or becoming locked / editable), an SMS fixed part, the
 * SMS zones or the opt-out mention differ. Editable defaults and constraints are NOT part of it: a version changing only
 * those moves no campaign (the branch's work stands).
 */
public final class LockedParts {

    private LockedParts() {
    }

    /** Whether a campaign pinned to {@code from} has to follow {@code to}. Both of the same template. */
    public static boolean differ(Templates.Version from, Templates.Version to) {
        return !signature(from).equals(signature(to));
    }

    static List<Object> signature(Templates.Version v) {
        List<Object> out = new ArrayList<>();
        if (v.email() != null) {
            EmailTemplateContent e = v.email();
            out.add(text("subject", e.subject()));
            out.add(text("preheader", e.preheader()));
            for (TemplateBlock b : e.blocks()) {
                out.add(List.of(b.id(), b.type().name(), b.locked(), b.locked() ? b.content() : "editable"));
            }
        }
        if (v.sms() != null) {
            SmsTemplateContent s = v.sms();
            for (SmsTemplateContent.Part p : s.parts()) {
                out.add(List.of(p.id(), p.editable(), p.editable() ? "editable" : p.text()));
            }
            out.add(List.of("optOut", s.optOut()));
        }
        return out;
    }

    private static List<Object> text(String what, LockableText t) {
        return List.of(what, t.locked(), t.locked() ? Objects.toString(t.text(), "") : "editable");
    }
}
