package io.archipel.campaign.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.archipel.brand.EmailTemplateContent;
import io.archipel.brand.SmsTemplateContent;
import io.archipel.brand.TemplateBlock;
import io.archipel.brand.TemplateProblem;
import io.archipel.campaign.Compliance;
import org.springframework.context.MessageSource;

/**
 * What the checks found in a branch's campaign, as the wizard shows it: each line next to the field it concerns (a
 * "slot" per field: {@code subject}, {@code preheader}, {@code b-<blockId>-<field>}, {@code b-<blockId>},
 * {@code s-<partId>}, {@code audience}, {@code schedule}, {@code general}) and in a summary linking to that field, on the
 * step where it can be fixed. Constraint problems of the template and blocking compliance findings must be fixed
 * before submitting; compliance warnings are advice.
 * <p>Paths come in two notations ({@code blocks[id].field} from the template rules, {@code blocks.id.field} and
 * {@code sms.id} elsewhere): both are understood. Ids end up in HTML ids, so anything but letters, digits, dashes and
 * underscores is dropped from them.
 */
public final class PortalCampaignChecks {

    private static final Pattern BLOCK = Pattern.compile("^blocks(?:\\[([^\\]]+)]|\\.([^.\\[\\]]+))(?:\\.(.+))?$");
    private static final Pattern PART = Pattern.compile("^(?:parts\\[([^\\]]+)]|parts\\.(.+)|sms\\.(.+))$");

    public enum Step { CONTENT, AUDIENCE, SCHEDULE }

    /** One line: where it is (label), what (message), whether it blocks, and the anchor of the field on its step. */
    public record Item(String slot, String anchor, Step step, String where, String message, boolean blocking) {
    }

    private final List<Item> items;
    private final Map<String, List<Item>> bySlot = new LinkedHashMap<>();

    private PortalCampaignChecks(List<Item> items) {
        this.items = List.copyOf(items);
        for (Item i : items) {
            bySlot.computeIfAbsent(i.slot(), k -> new ArrayList<>()).add(i);
        }
    }

    static PortalCampaignChecks none() {
        return new PortalCampaignChecks(List.of());
    }

    /**
     * The problems (always blocking) and the compliance findings of a campaign; {@code email} or {@code sms} is the
     * template version's content (for the names of blocks), the other one null.
     */
    static PortalCampaignChecks of(List<TemplateProblem> problems, List<Compliance.Finding> findings,
            EmailTemplateContent email, SmsTemplateContent sms, MessageSource messages, Locale locale) {
        List<Item> items = new ArrayList<>();
        for (TemplateProblem p : problems == null ? List.<TemplateProblem>of() : problems) {
            items.add(item(p.path(), messages.getMessage(p.messageKey(), p.argsArray(), p.messageKey(), locale), true,
                    email, sms, messages, locale));
        }
        for (Compliance.Finding f : findings == null ? List.<Compliance.Finding>of() : findings) {
            Object[] args = f.args() == null ? new Object[0] : f.args().toArray();
            items.add(item(f.path(), messages.getMessage(f.messageKey(), args, f.messageKey(), locale),
                    f.severity() == Compliance.Severity.BLOCKING, email, sms, messages, locale));
        }
        // blocking first, then warnings; each group in the order of the content
        List<Item> sorted = new ArrayList<>(items.stream().filter(Item::blocking).toList());
        sorted.addAll(items.stream().filter(i -> !i.blocking()).toList());
        return new PortalCampaignChecks(sorted);
    }

    private static Item item(String path, String message, boolean blocking, EmailTemplateContent email,
            SmsTemplateContent sms, MessageSource messages, Locale locale) {
        String p = path == null ? "" : path.strip();
        Matcher block = BLOCK.matcher(p);
        Matcher part = PART.matcher(p);
        if (p.equals("subject") || p.equals("preheader")) {
            return new Item(p, "w-" + p, Step.CONTENT, messages.getMessage("template.field." + p, null, locale),
                    message, blocking);
        }
        if (block.matches()) {
            String id = safe(block.group(1) != null ? block.group(1) : block.group(2));
            String field = block.group(3) == null ? null : safe(block.group(3));
            String where = messages.getMessage("campaign.portal.checks.general", null, locale);
            if (email != null) {
                int index = email.indexOf(id);
                TemplateBlock b = index < 0 ? null : email.blocks().get(index);
                if (b != null) {
                    where = messages.getMessage("campaign.portal.checks.whereBlock", new Object[] {
                            messages.getMessage("template.block." + b.type().name(), null, locale), index + 1},
                            locale);
                }
            }
            String slot = field == null || field.isEmpty() ? "b-" + id : "b-" + id + "-" + field;
            String anchor = field == null || field.isEmpty() ? "block-" + id : "w-" + slot;
            return new Item(slot, anchor, Step.CONTENT, where, message, blocking);
        }
        if (part.matches()) {
            String id = safe(part.group(1) != null ? part.group(1) : part.group(2) != null ? part.group(2)
                    : part.group(3));
            int number = 0;
            if (sms != null) {
                int n = 0;
                for (SmsTemplateContent.Part x : sms.parts()) {
                    if (x.editable()) {
                        n++;
                    }
                    if (safe(x.id()).equals(id)) {
                        number = n;
                    }
                }
            }
            String where = messages.getMessage("campaign.portal.checks.wherePart", new Object[] {Math.max(number, 1)},
                    locale);
            return new Item("s-" + id, "w-s-" + id, Step.CONTENT, where, message, blocking);
        }
        if (p.equals("parts") || p.equals("optOut") || p.equals("sms")) {
            return new Item("sms", "sms-preview-title", Step.CONTENT,
                    messages.getMessage("campaign.portal.checks.whereMessage", null, locale), message, blocking);
        }
        if (p.startsWith("audience") || p.startsWith("segment")) {
            return new Item("audience", "audience-title", Step.AUDIENCE,
                    messages.getMessage("campaign.portal.step.audience", null, locale), message, blocking);
        }
        if (p.startsWith("sendAt") || p.startsWith("schedule")) {
            return new Item("schedule", "schedule-title", Step.SCHEDULE,
                    messages.getMessage("campaign.portal.step.schedule", null, locale), message, blocking);
        }
        return new Item("general", null, Step.CONTENT,
                messages.getMessage("campaign.portal.checks.general", null, locale), message, blocking);
    }

    /** Keeps the characters that are safe in an HTML id. */
    public static String safe(String id) {
        return id == null ? "" : id.replaceAll("[^A-Za-z0-9_-]", "");
    }

    public List<Item> items() {
        return items;
    }

    public int blockingCount() {
        return (int) items.stream().filter(Item::blocking).count();
    }

    public int warningCount() {
        return items.size() - blockingCount();
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    public boolean has(String slot) {
        return bySlot.containsKey(slot);
    }

    /** Whether the slot holds something that must be fixed (not only warnings). */
    public boolean blocks(String slot) {
        return bySlot.getOrDefault(slot, List.of()).stream().anyMatch(Item::blocking);
    }

    public List<Item> at(String slot) {
        return bySlot.getOrDefault(slot, List.of());
    }

    /** Lines that belong to no field shown on the content step (audience, schedule, general). */
    public List<Item> elsewhere() {
        return items.stream().filter(i -> i.step() != Step.CONTENT || i.slot().equals("general")).toList();
    }
}
