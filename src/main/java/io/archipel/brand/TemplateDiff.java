package io.archipel.brand;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/** "What changed" between two versions of a template, as history lines. */
final class TemplateDiff {

    private TemplateDiff() {
    }

    static List<TemplateChange> email(EmailTemplateContent before, EmailTemplateContent after) {
        List<TemplateChange> changes = new ArrayList<>();
        lockable("subject", before.subject(), after.subject(), changes);
        lockable("preheader", before.preheader(), after.preheader(), changes);
        Map<String, TemplateBlock> old = before.blocks().stream()
                .collect(Collectors.toMap(TemplateBlock::id, Function.identity(), (a, b) -> a));
        Map<String, TemplateBlock> now = after.blocks().stream()
                .collect(Collectors.toMap(TemplateBlock::id, Function.identity(), (a, b) -> a));
        for (TemplateBlock b : after.blocks()) {
            TemplateBlock was = old.get(b.id());
            String type = "#template.block." + b.type().name();
            if (was == null) {
                changes.add(TemplateChange.of("template.change.blockAdded", type));
                continue;
            }
            if (was.locked() != b.locked()) {
                changes.add(TemplateChange.of(b.locked() ? "template.change.blockLocked"
                        : "template.change.blockUnlocked", type));
            }
            if (!was.content().equals(b.content())) {
                changes.add(TemplateChange.of("template.change.blockContent", type));
            }
            if (!b.locked() && !was.constraints().equals(b.constraints())) {
                changes.add(TemplateChange.of("template.change.blockConstraints", type));
            }
        }
        for (TemplateBlock b : before.blocks()) {
            if (!now.containsKey(b.id())) {
                changes.add(TemplateChange.of("template.change.blockRemoved", "#template.block." + b.type().name()));
            }
        }
        List<String> oldOrder = before.blocks().stream().map(TemplateBlock::id).filter(now::containsKey).toList();
        List<String> newOrder = after.blocks().stream().map(TemplateBlock::id).filter(old::containsKey).toList();
        if (!oldOrder.equals(newOrder)) {
            changes.add(TemplateChange.of("template.change.blocksReordered"));
        }
        return changes;
    }

    static List<TemplateChange> sms(SmsTemplateContent before, SmsTemplateContent after) {
        List<TemplateChange> changes = new ArrayList<>();
        if (!before.parts().equals(after.parts())) {
            long editableBefore = before.parts().stream().filter(SmsTemplateContent.Part::editable).count();
            long editableAfter = after.parts().stream().filter(SmsTemplateContent.Part::editable).count();
            changes.add(TemplateChange.of(editableBefore == editableAfter ? "template.change.smsText"
                    : "template.change.smsZones", String.valueOf(editableAfter)));
        }
        if (!before.optOut().equals(after.optOut())) {
            changes.add(TemplateChange.of("template.change.optOut", after.optOut()));
        }
        return changes;
    }

    /** Availability lines; {@code before} null when first published (then it says who gets it). */
    static List<TemplateChange> availability(Availability before, Availability after) {
        List<TemplateChange> changes = new ArrayList<>();
        boolean audienceChanged = before == null || before.audience() != after.audience()
                || !before.territoryIds().equals(after.territoryIds()) || !before.branchIds().equals(after.branchIds());
        if (audienceChanged) {
            changes.add(after.pilot()
                    ? TemplateChange.of("template.change.audiencePilot", String.valueOf(after.territoryIds().size()),
                            String.valueOf(after.branchIds().size()))
                    : TemplateChange.of("template.change.audienceNetwork"));
        }
        if ((before == null && (after.from() != null || after.until() != null)) || (before != null
                && (!Objects.equals(before.from(), after.from()) || !Objects.equals(before.until(), after.until())))) {
            changes.add(TemplateChange.of("template.change.dates", after.from() == null ? "—" : after.from().toString(),
                    after.until() == null ? "—" : after.until().toString()));
        }
        return changes;
    }

    private static void lockable(String what, LockableText before, LockableText after, List<TemplateChange> out) {
        String label = "#template.field." + what;
        if (!before.text().equals(after.text())) {
            out.add(TemplateChange.of("template.change.text", label, after.text()));
        }
        if (before.locked() != after.locked()) {
            out.add(TemplateChange.of(after.locked() ? "template.change.locked" : "template.change.unlocked", label));
        }
        if (!after.locked() && (before.required() != after.required()
                || !Objects.equals(before.maxLength(), after.maxLength()))) {
            out.add(TemplateChange.of("template.change.textConstraints", label));
        }
    }
}
