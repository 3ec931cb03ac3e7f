package io.archipel.brand.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.archipel.brand.MergeField;
import io.archipel.brand.SmsLength;
import io.archipel.brand.SmsTemplateContent;
import io.archipel.brand.TemplateChannel;
import io.archipel.brand.TemplatePreviewer;
import io.archipel.brand.TemplateProblem;
import io.archipel.brand.TemplateRules;
import io.archipel.brand.TemplateService;
import io.archipel.brand.Templates;
import io.archipel.shared.Flash;
import io.archipel.tenancy.BranchService;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * HQ: the SMS template editor. The parts are edited in place and the form autosaves through htmx while the person
 * types; the answer to an autosave only swaps, out of band, what depends on the saved text (preview, length counter,
 * problems, lock version, saved indicator) and never the field being typed in. Structural actions (add, move,
 * remove a part, fixed text / editable zone) save and re-render the list of parts. Without JavaScript the form is a
 * plain form: Save and the part buttons submit it and come back with a redirect.
 */
@Controller
@RequestMapping("/hq/templates/{templateId}/sms")
class SmsTemplateEditorController {

    /** Links make no sense in an SMS (no unsubscribe page, no online view): only these fields are offered. */
    static final List<MergeField> SMS_FIELDS = List.of(MergeField.CONTACT_FIRST_NAME, MergeField.CONTACT_LAST_NAME,
            MergeField.BRANCH_NAME, MergeField.BRANCH_PHONE, MergeField.BRANCH_ADDRESS, MergeField.BRANCH_HOURS);

    private static final String VIEW = "hq/templates/sms/editor";

    private final TemplateService templates;
    private final TemplateRules rules;
    private final TemplatePreviewer previewer;
    private final BranchService branches;
    private final MessageSource messages;

    SmsTemplateEditorController(TemplateService templates, TemplateRules rules, TemplatePreviewer previewer,
            BranchService branches, MessageSource messages) {
        this.templates = templates;
        this.rules = rules;
        this.previewer = previewer;
        this.branches = branches;
        this.messages = messages;
    }

    /** Where the save indicator stands after a request. */
    enum SaveState { UNCHANGED, SAVED, STALE }

    /** The length figures of the previewed text, with the characters that force Unicode (if any). */
    public record Counter(SmsLength length, List<String> unicodeCharacters, int perSegment) {

        static Counter of(String text) {
            SmsLength length = SmsLength.of(text);
            Set<String> culprits = new LinkedHashSet<>();
            if (length.encoding() == SmsLength.Encoding.UCS_2) {
                text.codePoints().forEach(cp -> {
                    String c = new String(Character.toChars(cp));
                    if (culprits.size() < 6 && SmsLength.of(c).encoding() == SmsLength.Encoding.UCS_2) {
                        culprits.add(c);
                    }
                });
            }
            boolean gsm = length.encoding() == SmsLength.Encoding.GSM_7;
            int perSegment = length.segments() > 1 ? (gsm ? 153 : 67) : (gsm ? 160 : 70);
            return new Counter(length, List.copyOf(culprits), perSegment);
        }

        public boolean unicode() {
            return length.encoding() == SmsLength.Encoding.UCS_2;
        }
    }

    /** Problem messages by path ({@code parts[<id>]}, {@code parts[<id>].maxLength}, {@code optOut}, {@code parts}). */
    public record Problems(Map<String, List<String>> byPath) {

        public List<String> of(String path) {
            return byPath.getOrDefault(path, List.of());
        }

        public boolean has(String path) {
            return byPath.containsKey(path);
        }

        public int count() {
            return byPath.values().stream().mapToInt(List::size).sum();
        }

        public boolean isEmpty() {
            return byPath.isEmpty();
        }

        /** Every problem with the id of the field it belongs to (for the summary's links). */
        public List<Map.Entry<String, String>> all() {
            List<Map.Entry<String, String>> out = new ArrayList<>();
            byPath.forEach((path, list) -> list.forEach(m -> out.add(Map.entry(anchor(path), m))));
            return out;
        }

        /** The id of the field a problem path points at. */
        public static String anchor(String path) {
            if (path.startsWith("parts[") && path.contains("]")) {
                String id = path.substring(6, path.indexOf(']'));
                return "part-" + id + (path.endsWith(".maxLength") ? "-max" : "-text");
            }
            return "optOut".equals(path) ? "sms-optout" : "sms-parts";
        }
    }

    @GetMapping
    String editor(@PathVariable UUID templateId, @RequestParam(required = false) UUID branchId, Model model) {
        Templates.Details details = templates.get(templateId);
        if (details.channel() != TemplateChannel.SMS) {
            return "redirect:/hq/templates/" + templateId;
        }
        SmsEditorForm form = SmsEditorForm.of(details.sms(), details.version(), visible(branchId));
        fill(model, details, form, rules.check(details.sms()), SaveState.UNCHANGED);
        return VIEW;
    }

    /** The preview panel (phone + counter) of the saved draft for another branch. */
    @GetMapping("/preview")
    String preview(@PathVariable UUID templateId, @RequestParam(required = false) UUID branchId, Model model,
            @RequestHeader(name = "HX-Request", required = false) String htmx) {
        Templates.Details details = templates.get(templateId);
        if (details.channel() != TemplateChannel.SMS || htmx == null) {
            return "redirect:" + editorUrl(templateId, visible(branchId));
        }
        SmsEditorForm form = SmsEditorForm.of(details.sms(), details.version(), visible(branchId));
        fill(model, details, form, rules.check(details.sms()), SaveState.UNCHANGED);
        return VIEW + " :: preview-response";
    }

    /** Save: an autosave (htmx) answers with out-of-band swaps; a plain submit redirects. */
    @PostMapping
    String save(@PathVariable UUID templateId, @ModelAttribute("smsForm") SmsEditorForm form,
            @RequestParam(defaultValue = "false") boolean overwrite,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model,
            RedirectAttributes redirect, HttpServletResponse response) {
        return change(templateId, form, overwrite, null, htmx != null, model, redirect, response);
    }

    /**
     * A structural change, then save: {@code op} is {@code addFixed}, {@code addZone}, {@code up:<partId>},
     * {@code down:<partId>}, {@code remove:<partId>} or {@code toggle:<partId>} (the fixed / editable switch changed:
     * the form already carries the new state, so just save and show the part with its new settings).
     */
    @PostMapping("/parts")
    String parts(@PathVariable UUID templateId, @ModelAttribute("smsForm") SmsEditorForm form,
            @RequestParam(required = false) String op,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model,
            RedirectAttributes redirect, HttpServletResponse response) {
        return change(templateId, form, false, op == null ? "" : op, htmx != null, model, redirect, response);
    }

    private String change(UUID templateId, SmsEditorForm form, boolean overwrite, String op, boolean htmx,
            Model model, RedirectAttributes redirect, HttpServletResponse response) {
        Templates.Details details = templates.get(templateId);
        if (details.channel() != TemplateChannel.SMS) {
            String overview = "/hq/templates/" + templateId;
            if (htmx) {
                response.setHeader("HX-Redirect", overview);
                return null;
            }
            return "redirect:" + overview;
        }
        form.tidy();
        form.setBranchId(visible(form.getBranchId()));
        String focus = op == null ? null : apply(form, op);
        model.addAttribute("focusId", focus);
        SmsTemplateContent content = form.toContent();
        Long version = overwrite ? Long.valueOf(details.version()) : form.getVersion();
        SaveState state;
        List<TemplateProblem> problems;
        try {
            if (version == null) {
                throw new OptimisticLockingFailureException("no version");
            }
            Templates.DraftSaved saved = templates.saveSmsDraft(templateId, version, content);
            form.setVersion(saved.version());
            problems = saved.problems();
            state = SaveState.SAVED;
        } catch (OptimisticLockingFailureException e) {
            problems = rules.check(content);
            Templates.Details current = templates.get(templateId);
            if (content.equals(current.sms())) {
                // e.g. Save clicked while the autosave of the same text was on its way: nothing is lost
                form.setVersion(current.version());
                state = SaveState.SAVED;
            } else {
                state = SaveState.STALE;
            }
        }
        if (!htmx && state == SaveState.SAVED) {
            Flash.success(redirect, "sms.flash.saved");
            String url = editorUrl(templateId, form.getBranchId());
            return "redirect:" + (focus == null ? url : url + "#" + focus);
        }
        fill(model, templates.get(templateId), form, problems, state);
        if (!htmx) {
            return VIEW;
        }
        return op == null ? VIEW + " :: autosave-response" : VIEW + " :: parts-response";
    }

    /** Applies a structural operation; returns the id of the element to focus afterwards (or null). */
    private static String apply(SmsEditorForm form, String op) {
        List<SmsEditorPart> parts = form.getParts();
        if ("addFixed".equals(op) || "addZone".equals(op)) {
            if (parts.size() >= SmsTemplateContent.MAX_PARTS) {
                return null;
            }
            SmsEditorPart part = SmsEditorPart.fresh("addZone".equals(op));
            parts.add(part);
            return "part-" + part.getId() + "-text";
        }
        int colon = op.indexOf(':');
        if (colon < 0) {
            return null; // the switch: nothing to move, the part is shown again with its settings
        }
        String action = op.substring(0, colon);
        int i = form.indexOf(op.substring(colon + 1));
        if (i < 0) {
            return null;
        }
        String id = parts.get(i).getId();
        switch (action) {
            case "up" -> {
                if (i > 0) {
                    Collections.swap(parts, i, i - 1);
                }
                return i - 1 <= 0 ? "part-" + id + "-down" : "part-" + id + "-up";
            }
            case "down" -> {
                if (i < parts.size() - 1) {
                    Collections.swap(parts, i, i + 1);
                }
                return i + 1 >= parts.size() - 1 ? "part-" + id + "-up" : "part-" + id + "-down";
            }
            case "toggle" -> {
                return "part-" + id + "-editable";
            }
            case "remove" -> {
                parts.remove(i);
                return "sms-add-fixed";
            }
            default -> {
                return null;
            }
        }
    }

    private void fill(Model model, Templates.Details details, SmsEditorForm form, List<TemplateProblem> problems,
            SaveState state) {
        Locale locale = LocaleContextHolder.getLocale();
        SmsTemplateContent content = form.toContent();
        String text = previewer.previewSms(content, form.getBranchId(),
                TemplatePreviewer.SampleContact.defaults(locale), locale);
        model.addAttribute("details", details);
        model.addAttribute("smsForm", form);
        model.addAttribute("problems", problems(problems, locale));
        model.addAttribute("previewText", text);
        model.addAttribute("counter", Counter.of(text));
        model.addAttribute("sample", TemplatePreviewer.SampleContact.defaults(locale));
        model.addAttribute("branches", branches.visibleBranches());
        model.addAttribute("previewBranch", form.getBranchId() == null ? null : branches.get(form.getBranchId()));
        model.addAttribute("smsFields", SMS_FIELDS);
        model.addAttribute("saveState", state.name());
        model.addAttribute("maxParts", SmsTemplateContent.MAX_PARTS);
        model.addAttribute("zones", form.getParts().stream().filter(SmsEditorPart::isEditable).count());
    }

    private Problems problems(List<TemplateProblem> problems, Locale locale) {
        Map<String, List<String>> byPath = new LinkedHashMap<>();
        for (TemplateProblem p : problems) {
            String message = messages.getMessage(p.messageKey(), p.argsArray(), p.messageKey(), locale);
            byPath.computeIfAbsent(p.path(), k -> new ArrayList<>()).add(message);
        }
        return new Problems(byPath);
    }

    /** A branch the person may see, or null (the sample branch). */
    private UUID visible(UUID branchId) {
        if (branchId == null) {
            return null;
        }
        return branches.visibleBranches().stream().anyMatch(b -> b.id().equals(branchId)) ? branchId : null;
    }

    private static String editorUrl(UUID templateId, UUID branchId) {
        return UriComponentsBuilder.fromPath("/hq/templates/{templateId}/sms")
                .queryParamIfPresent("branchId", java.util.Optional.ofNullable(branchId))
                .buildAndExpand(templateId).toUriString();
    }
}
