package io.archipel.brand.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.archipel.brand.AssetLibrary;
import io.archipel.brand.BlockType;
import io.archipel.brand.EmailPreviewResponse;
import io.archipel.brand.EmailTemplateContent;
import io.archipel.brand.RichTextSanitizer;
import io.archipel.brand.TemplateBlock;
import io.archipel.brand.TemplateChannel;
import io.archipel.brand.TemplatePreviewer;
import io.archipel.brand.TemplatePreviewer.SampleContact;
import io.archipel.brand.TemplateService;
import io.archipel.brand.Templates;
import io.archipel.shared.Flash;
import io.archipel.tenancy.BranchService;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * HQ: the block editor of an e-mail template. The whole editor is one form. With htmx, field edits autosave (the
 * answer swaps only the version, the saved state, the status and the problems, never the field being typed in) and
 * structural actions (add, move, duplicate, remove) answer the re-rendered block list; both trigger
 * {@code template-saved}, on which the preview reloads. Without JavaScript the same form saves with a normal submit
 * and a redirect back. The preview is the saved draft, served into a sandboxed iframe with its own CSP.
 * <p>Posted values are data. A value that does not bind (an unknown block type, a version that is not a number) is
 * left out rather than refused: a block without a type is dropped, a save without a version is treated as stale.
 */
@Controller
@RequestMapping("/hq/templates/{templateId}/email")
class EmailTemplateEditorController {

    static final ZoneId DISPLAY_ZONE = ZoneId.of("Europe/Paris");
    static final String SAVED_EVENT = "template-saved";

    private static final Map<String, String> ICONS = new java.util.HashMap<>(Map.ofEntries(
            Map.entry("HEADER", "bi-window-desktop"),
            Map.entry("HERO_IMAGE", "bi-image"),
            Map.entry("HEADING", "bi-type-h1"),
            Map.entry("RICH_TEXT", "bi-text-paragraph"),
            Map.entry("IMAGE", "bi-card-image"),
            Map.entry("BUTTON", "bi-hand-index-thumb"),
            Map.entry("OFFER", "bi-ticket-perforated"),
            Map.entry("BRANCH_CARD", "bi-shop"),
            Map.entry("DIVIDER", "bi-dash-lg"),
            Map.entry("SOCIAL_LINKS", "bi-share"),
            Map.entry("LEGAL_FOOTER", "bi-shield-check")));

    private final TemplateService templates;
    private final TemplatePreviewer previewer;
    private final AssetLibrary assets;
    private final BranchService branches;
    private final RichTextSanitizer sanitizer;
    private final MessageSource messages;

    EmailTemplateEditorController(TemplateService templates, TemplatePreviewer previewer, AssetLibrary assets,
            BranchService branches, RichTextSanitizer sanitizer, MessageSource messages) {
        this.templates = templates;
        this.previewer = previewer;
        this.assets = assets;
        this.branches = branches;
        this.sanitizer = sanitizer;
        this.messages = messages;
    }

    @InitBinder("editor")
    void binder(WebDataBinder binder) {
        binder.setAutoGrowCollectionLimit(EmailTemplateContent.MAX_BLOCKS * 2 + 2);
    }

    @GetMapping
    String editor(@PathVariable UUID templateId, Model model) {
        Templates.Details template = templates.get(templateId);
        if (template.channel() != TemplateChannel.EMAIL) {
            return "redirect:/hq/templates/" + templateId;
        }
        page(model, template, template.email(), template.version(),
                EmailEditorProblems.of(templates.problems(templateId), template.email(), messages, locale()));
        return "hq/templates/email/editor";
    }

    /** Autosave (htmx) or the plain save button (PRG). */
    @PostMapping
    String save(@PathVariable UUID templateId, @ModelAttribute("editor") EmailEditorForm form, BindingResult binding,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        Templates.Details template = templates.get(templateId);
        if (template.channel() != TemplateChannel.EMAIL) {
            return "redirect:/hq/templates/" + templateId;
        }
        EmailTemplateContent content = form.toContent();
        try {
            Templates.DraftSaved saved = templates.saveEmailDraft(templateId, version(form), content);
            if (htmx == null) {
                Flash.success(redirect, "emailEditor.saved");
                return "redirect:/hq/templates/" + templateId + "/email";
            }
            savedParts(model, templateId, saved);
            response.setHeader("HX-Trigger-After-Settle", SAVED_EVENT);
            return "hq/templates/email/parts :: saved";
        } catch (OptimisticLockingFailureException e) {
            return stale(model, template, content, form, htmx, response);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage()); // beyond any editor's limits
        }
    }

    /**
     * A structural change: {@code op} is {@code add:<TYPE>}, {@code up:<blockId>}, {@code down:<blockId>},
     * {@code duplicate:<blockId>} or {@code remove:<blockId>}, applied to the content as posted (so nothing typed
     * is lost), then saved.
     */
    @PostMapping("/blocks")
    String structure(@PathVariable UUID templateId, @ModelAttribute("editor") EmailEditorForm form,
            BindingResult binding, @RequestParam(required = false) String op,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model,
            HttpServletResponse response, RedirectAttributes redirect) {
        Templates.Details template = templates.get(templateId);
        if (template.channel() != TemplateChannel.EMAIL) {
            return "redirect:/hq/templates/" + templateId;
        }
        EmailTemplateContent posted = form.toContent();
        EmailTemplateContent changed = apply(posted, op);
        try {
            Templates.DraftSaved saved = templates.saveEmailDraft(templateId, version(form), changed);
            Templates.Details after = templates.get(templateId);
            String focus = focus(posted, after.email(), op);
            if (htmx == null) {
                Flash.success(redirect, "emailEditor.saved");
                return "redirect:/hq/templates/" + templateId + "/email" + (focus == null ? "" : "#" + focus);
            }
            page(model, after, after.email(), saved.version(),
                    EmailEditorProblems.of(saved.problems(), after.email(), messages, locale()));
            model.addAttribute("focusId", focus);
            savedParts(model, templateId, saved);
            response.setHeader("HX-Trigger-After-Settle", SAVED_EVENT);
            return "hq/templates/email/parts :: structural";
        } catch (OptimisticLockingFailureException e) {
            if (htmx != null) {
                response.setHeader("HX-Reswap", "none");
            }
            return stale(model, template, posted, form, htmx, response);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    /** The saved draft as the sample contact of a branch (or of a sample branch) would get it, for the iframe. */
    @GetMapping("/preview")
    ResponseEntity<String> preview(@PathVariable UUID templateId,
            @RequestParam(required = false) UUID branchId, @RequestParam(required = false) String width) {
        return EmailPreviewResponse.of(render(templateId, branchId).html());
    }

    /** The plain-text part of the same preview. */
    @GetMapping("/preview/text")
    String previewText(@PathVariable UUID templateId, @RequestParam(required = false) UUID branchId, Model model) {
        model.addAttribute("previewText", render(templateId, branchId).text());
        return "hq/templates/email/parts :: text";
    }

    // ------------------------------------------------------------------------------------------------------------

    private io.archipel.brand.PrecompiledEmail.Rendered render(UUID templateId, UUID branchId) {
        Templates.Details template = templates.get(templateId);
        if (template.channel() != TemplateChannel.EMAIL) {
            throw new io.archipel.shared.NotFoundException("E-mail template");
        }
        Locale locale = locale();
        return previewer.previewEmail(template.email(), branchId, SampleContact.defaults(locale), locale);
    }

    private static EmailTemplateContent apply(EmailTemplateContent content, String op) {
        if (op == null || op.indexOf(':') < 0) {
            return content;
        }
        String verb = op.substring(0, op.indexOf(':'));
        String arg = op.substring(op.indexOf(':') + 1);
        return switch (verb) {
            case "add" -> blockType(arg) == null || content.blocks().size() >= EmailTemplateContent.MAX_BLOCKS
                    ? content : content.withBlockAdded(blockType(arg), -1, locale().getLanguage());
            case "up" -> content.withBlockMoved(arg, -1);
            case "down" -> content.withBlockMoved(arg, 1);
            case "duplicate" -> content.blocks().size() >= EmailTemplateContent.MAX_BLOCKS ? content
                    : content.withBlockDuplicated(arg);
            case "remove" -> content.withBlockRemoved(arg);
            default -> content;
        };
    }

    private static BlockType blockType(String name) {
        for (BlockType t : BlockType.values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** The element to focus after a structural change (a new block, the moved block's button, the next block). */
    private static String focus(EmailTemplateContent before, EmailTemplateContent after, String op) {
        if (op == null || op.indexOf(':') < 0) {
            return null;
        }
        String verb = op.substring(0, op.indexOf(':'));
        String arg = op.substring(op.indexOf(':') + 1);
        switch (verb) {
            case "add", "duplicate" -> {
                Set<String> old = new HashSet<>();
                before.blocks().forEach(b -> old.add(b.id()));
                return after.blocks().stream().map(TemplateBlock::id).filter(id -> !old.contains(id))
                        .findFirst().map(id -> "block-" + id).orElse(null);
            }
            case "up", "down" -> {
                int at = after.indexOf(arg);
                if (at < 0) {
                    return null;
                }
                boolean stillPossible = verb.equals("up") ? at > 0 : at < after.blocks().size() - 1;
                return stillPossible ? "b-" + arg + "-" + verb : "block-" + arg;
            }
            case "remove" -> {
                int at = before.indexOf(arg);
                if (after.blocks().isEmpty() || at < 0) {
                    return "block-list-title";
                }
                return "block-" + after.blocks().get(Math.min(at, after.blocks().size() - 1)).id();
            }
            default -> {
                return null;
            }
        }
    }

    private String stale(Model model, Templates.Details template, EmailTemplateContent typed, EmailEditorForm form,
            String htmx, HttpServletResponse response) {
        model.addAttribute("stale", true);
        if (htmx != null) {
            model.addAttribute("template", template);
            model.addAttribute("savedAt", savedAt(template.draftUpdatedAt()));
            return "hq/templates/email/parts :: stale";
        }
        response.setStatus(HttpServletResponse.SC_CONFLICT);
        page(model, template, typed, form.getVersion() == null ? template.version() : form.getVersion(),
                EmailEditorProblems.none());
        return "hq/templates/email/editor";
    }

    private static long version(EmailEditorForm form) {
        // no version: the save cannot be checked against concurrent edits, so it is refused as stale
        return form.getVersion() == null ? -1 : form.getVersion();
    }

    private void savedParts(Model model, UUID templateId, Templates.DraftSaved saved) {
        Templates.Details after = templates.get(templateId);
        model.addAttribute("template", after);
        model.addAttribute("version", saved.version());
        model.addAttribute("savedAt", savedAt(after.draftUpdatedAt()));
        model.addAttribute("problems", EmailEditorProblems.of(saved.problems(), after.email(), messages, locale()));
    }

    private void page(Model model, Templates.Details template, EmailTemplateContent content, long version,
            EmailEditorProblems problems) {
        model.addAttribute("template", template);
        model.addAttribute("content", display(content));
        model.addAttribute("version", version);
        model.addAttribute("problems", problems);
        model.addAttribute("savedAt", savedAt(template.draftUpdatedAt()));
        model.addAttribute("blockTypes", BlockType.values());
        model.addAttribute("icons", ICONS);
        List<AssetLibrary.AssetSummary> images = assets.images(null);
        Map<String, AssetLibrary.AssetSummary> imagesById = new java.util.HashMap<>();
        images.forEach(i -> imagesById.put(i.id().toString(), i));
        model.addAttribute("images", images);
        model.addAttribute("imagesById", imagesById);
        model.addAttribute("tags", assets.tags());
        model.addAttribute("branches", branches.visibleBranches().stream().filter(BranchService.BranchView::active)
                .toList());
        model.addAttribute("maxBlocks", EmailTemplateContent.MAX_BLOCKS);
    }

    /** Rich text as the editor shows it: sanitized even when it comes back unsaved from a post. */
    private EmailTemplateContent display(EmailTemplateContent content) {
        return content.withBlocks(content.blocks().stream().map(b -> {
            if (b.type() != BlockType.RICH_TEXT) {
                return b;
            }
            Map<String, String> values = new java.util.LinkedHashMap<>(b.content());
            values.computeIfPresent("html", (k, v) -> sanitizer.sanitize(v, RichTextSanitizer.Options.richText()));
            return b.withContent(values);
        }).toList());
    }

    private String savedAt(Instant at) {
        if (at == null) {
            return null;
        }
        var local = at.atZone(DISPLAY_ZONE);
        String pattern = local.toLocalDate().equals(LocalDate.now(DISPLAY_ZONE))
                ? messages.getMessage("emailEditor.timePattern", null, "HH:mm", locale())
                : messages.getMessage("emailEditor.dateTimePattern", null, "dd/MM HH:mm", locale());
        return DateTimeFormatter.ofPattern(pattern, locale()).format(local);
    }

    private static Locale locale() {
        return LocaleContextHolder.getLocale();
    }
}
