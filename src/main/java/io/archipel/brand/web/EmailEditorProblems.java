package io.archipel.brand.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.archipel.brand.EmailTemplateContent;
import io.archipel.brand.TemplateBlock;
import io.archipel.brand.TemplateProblem;
import org.springframework.context.MessageSource;

/**
 * The problems of a draft as the editor shows them: next to the field they concern (a "slot" per field, see
 * {@link #slot(String)}) and as a summary list linking to those fields. A slot key is made of the block id (letters,
 * digits, dashes: checked by the template service) and a field name, so it is safe in an HTML id.
 */
public final class EmailEditorProblems {

    private static final Pattern BLOCK_PATH = Pattern.compile("^blocks\\[([A-Za-z0-9-]{1,36})](?:\\.(.+))?$");

    /** One line of the summary: where (a label) and what, linking to {@code anchor}. */
    public record Item(String slot, String anchor, String where, String message) {
    }

    private final List<Item> items;
    private final Map<String, List<String>> bySlot;

    private EmailEditorProblems(List<Item> items) {
        this.items = List.copyOf(items);
        this.bySlot = new LinkedHashMap<>();
        for (Item i : items) {
            bySlot.computeIfAbsent(i.slot(), k -> new ArrayList<>()).add(i.message());
        }
    }

    public static EmailEditorProblems none() {
        return new EmailEditorProblems(List.of());
    }

    public static EmailEditorProblems of(List<TemplateProblem> problems, EmailTemplateContent content,
            MessageSource messages, Locale locale) {
        List<Item> items = new ArrayList<>();
        for (TemplateProblem p : problems) {
            String message = messages.getMessage(p.messageKey(), p.argsArray(), p.messageKey(), locale);
            String slot = slot(p.path());
            String where;
            String anchor;
            Matcher m = BLOCK_PATH.matcher(p.path());
            if (m.matches()) {
                String blockId = m.group(1);
                int index = content.indexOf(blockId);
                TemplateBlock block = index < 0 ? null : content.blocks().get(index);
                String blockName = block == null ? ""
                        : messages.getMessage("template.block." + block.type().name(), null, locale);
                where = messages.getMessage("emailEditor.problems.whereBlock", new Object[] {blockName, index + 1},
                        locale);
                anchor = slot.endsWith("-card") ? "block-" + blockId : "w-" + slot;
            } else if (p.path().startsWith("subject") || p.path().startsWith("preheader")) {
                String field = p.path().startsWith("subject") ? "subject" : "preheader";
                where = messages.getMessage("template.field." + field, null, locale);
                anchor = "w-" + slot;
            } else if (p.path().equals("blocks")) {
                where = messages.getMessage("emailEditor.blocks.title", null, locale);
                anchor = "block-list-title";
            } else {
                where = messages.getMessage("emailEditor.problems.whereTemplate", null, locale);
                anchor = null;
            }
            items.add(new Item(slot, anchor, where, message));
        }
        return new EmailEditorProblems(items);
    }

    /**
     * The slot of a problem path: {@code subject}, {@code subject-maxLength}, {@code b-<id>-<field>},
     * {@code b-<id>-maxLength|linkDomains|imageTag} for constraints, {@code b-<id>-card}, {@code blocks}, else
     * {@code general}.
     */
    public static String slot(String path) {
        if (path == null) {
            return "general";
        }
        switch (path) {
            case "subject", "preheader", "blocks" -> {
                return path;
            }
            case "subject.maxLength" -> {
                return "subject-maxLength";
            }
            case "preheader.maxLength" -> {
                return "preheader-maxLength";
            }
            default -> {
            }
        }
        Matcher m = BLOCK_PATH.matcher(path);
        if (!m.matches()) {
            return "general";
        }
        String id = m.group(1);
        String rest = m.group(2);
        if (rest == null) {
            return "b-" + id + "-card";
        }
        return switch (rest) {
            case "constraints", "constraints.maxLength" -> "b-" + id + "-maxLength";
            case "constraints.linkDomains" -> "b-" + id + "-linkDomains";
            case "constraints.imageTag" -> "b-" + id + "-imageTag";
            default -> rest.matches("[A-Za-z]{1,20}") ? "b-" + id + "-" + rest : "b-" + id + "-card";
        };
    }

    public List<Item> items() {
        return items;
    }

    public int count() {
        return items.size();
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    public boolean has(String slot) {
        return bySlot.containsKey(slot);
    }

    public List<String> messages(String slot) {
        return bySlot.getOrDefault(slot, List.of());
    }
}
