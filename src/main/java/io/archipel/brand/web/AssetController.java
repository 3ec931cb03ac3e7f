package io.archipel.brand.web;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.archipel.brand.AssetLibrary;
import io.archipel.brand.AssetLibrary.AssetView;
import io.archipel.brand.AssetLibrary.UploadOutcome;
import io.archipel.shared.Flash;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.RequestContextUtils;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** HQ admins and marketers: the tenant's image library (upload, search, rename, tag, delete). */
@Controller
@RequestMapping("/hq/assets")
class AssetController {

    static final String OUTCOMES = "uploadOutcomes";

    private final AssetLibrary library;

    AssetController(AssetLibrary library) {
        this.library = library;
    }

    @GetMapping
    String library(@RequestParam(required = false) String q, @RequestParam(required = false) String tag,
            @RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        String query = q == null ? "" : q.strip();
        String tagFilter = tag == null || tag.isBlank() ? null : tag.strip().toLowerCase(java.util.Locale.ROOT);
        model.addAttribute("assets", library.search(query, tagFilter));
        model.addAttribute("tags", library.tags());
        model.addAttribute("q", query);
        model.addAttribute("tag", tagFilter);
        model.addAttribute("filtered", !query.isEmpty() || tagFilter != null);
        model.addAttribute("total", library.count());
        return htmx != null ? "hq/assets/library :: results" : "hq/assets/library";
    }

    @PostMapping
    String upload(@RequestParam(name = "files", required = false) List<MultipartFile> files,
            RedirectAttributes redirect) {
        List<UploadOutcome> outcomes = new ArrayList<>();
        if (files != null) {
            for (MultipartFile file : files) {
                if (file.isEmpty() && (file.getOriginalFilename() == null || file.getOriginalFilename().isBlank())) {
                    continue; // the empty part a browser sends when no file was chosen
                }
                outcomes.add(library.upload(file.getOriginalFilename(), file.getSize(), file::getBytes));
            }
        }
        if (outcomes.isEmpty()) {
            Flash.error(redirect, "assets.upload.none");
        } else {
            redirect.addFlashAttribute(OUTCOMES, outcomes);
        }
        return "redirect:/hq/assets";
    }

    @GetMapping("/{assetId}")
    String detail(@PathVariable UUID assetId, Model model) {
        AssetView asset = library.get(assetId);
        return detail(model, asset, AssetForm.of(asset), null);
    }

    @PostMapping("/{assetId}")
    String update(@PathVariable UUID assetId, @ModelAttribute("assetForm") AssetForm form, BindingResult result,
            Model model, RedirectAttributes redirect) {
        AssetView asset = library.get(assetId);
        List<String> tags = AssetLibrary.parseTags(form.getTags());
        String name = form.getName() == null ? "" : form.getName().strip();
        if (name.isEmpty()) {
            result.rejectValue("name", "validation.required");
        } else if (name.length() > AssetLibrary.MAX_NAME_LENGTH) {
            result.rejectValue("name", "assets.name.tooLong", new Object[] {AssetLibrary.MAX_NAME_LENGTH}, null);
        }
        if (tags.size() > AssetLibrary.MAX_TAGS) {
            result.rejectValue("tags", "assets.tags.tooMany", new Object[] {AssetLibrary.MAX_TAGS}, null);
        } else if (tags.stream().anyMatch(t -> t.length() > AssetLibrary.MAX_TAG_LENGTH)) {
            result.rejectValue("tags", "assets.tags.tooLong", new Object[] {AssetLibrary.MAX_TAG_LENGTH}, null);
        }
        if (form.getVersion() == null) {
            result.reject("validation.stale");
        }
        if (!result.hasErrors()) {
            try {
                library.update(assetId, form.getVersion(), name, tags);
                Flash.success(redirect, "assets.updated", name);
                return "redirect:/hq/assets/" + assetId;
            } catch (OptimisticLockingFailureException e) {
                result.reject("validation.stale");
            }
        }
        return detail(model, asset, form, result);
    }

    @PostMapping("/{assetId}/delete")
    String delete(@PathVariable UUID assetId, RedirectAttributes redirect) {
        try {
            String name = library.delete(assetId);
            Flash.success(redirect, "assets.deleted", name);
            return "redirect:/hq/assets";
        } catch (AssetLibrary.AssetInUseException e) {
            Flash.error(redirect, "assets.delete.inUse", e.usages());
            return "redirect:/hq/assets/" + assetId;
        }
    }

    private String detail(Model model, AssetView asset, AssetForm form, BindingResult result) {
        model.addAttribute("asset", asset);
        model.addAttribute("assetForm", form);
        if (result != null) {
            model.addAttribute(BindingResult.MODEL_KEY_PREFIX + "assetForm", result);
        }
        model.addAttribute("usageCount", library.usageCount(asset.id()));
        model.addAttribute("zone", java.time.ZoneId.of("Europe/Paris"));
        String origin = ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
        model.addAttribute("absoluteUrl", origin + asset.summary().publicUrl());
        return "hq/assets/detail";
    }

    /**
     * A request bigger than the servlet's multipart limits never reaches the controller: it gets the same friendly
     * refusal as a single oversized file.
     */
    @ControllerAdvice
    static class UploadLimitAdvice {

        @ExceptionHandler(MaxUploadSizeExceededException.class)
        String tooLarge(HttpServletRequest request) {
            if (!request.getRequestURI().startsWith("/hq/assets")) {
                // another upload form (contact imports): back to it with a plain message
                RequestContextUtils.getOutputFlashMap(request).put("flashError", "upload.tooLarge");
                return "redirect:" + request.getRequestURI();
            }
            RequestContextUtils.getOutputFlashMap(request).put(OUTCOMES, List.of(new UploadOutcome("",
                    AssetLibrary.UploadStatus.REFUSED, "assets.refused.request-too-large", null, null)));
            return "redirect:/hq/assets";
        }
    }
}
