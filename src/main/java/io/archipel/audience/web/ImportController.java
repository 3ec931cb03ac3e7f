package io.archipel.audience.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.archipel.audience.ContactImportService;
import io.archipel.audience.ContactImports.ImportException;
import io.archipel.audience.ContactImports.Progress;
import io.archipel.audience.ContactImports.Staged;
import io.archipel.audience.ContactImports.Status;
import io.archipel.audience.CustomAttributeService;
import io.archipel.shared.Flash;
import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.NetworkQueries;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * CSV contact imports, for a branch manager (portal, the acting branch) and for HQ (one branch of the scope, or
 * several through a branch-code column): upload, preview and column mapping, progress (htmx polling), report and the
 * rejected rows as CSV. One controller and one set of fragments for both areas; only the list pages and the page
 * shells differ. Scope is checked by {@link ContactImportService}.
 */
@Controller
class ImportController {

    static final String PORTAL = "/portal/imports";
    static final String HQ = "/hq/imports";
    static final String MULTI = "multi";
    private static final int RECENT = 20;

    private final ContactImportService imports;
    private final CustomAttributeService attributes;
    private final NetworkQueries network;
    private final DataSize maxFileSize;

    ImportController(ContactImportService imports, CustomAttributeService attributes, NetworkQueries network,
            @Value("${spring.servlet.multipart.max-file-size:20MB}") DataSize maxUpload,
            @Value("${archipel.imports.max-file-size:200MB}") DataSize maxImport) {
        this.imports = imports;
        this.attributes = attributes;
        this.network = network;
        // the smaller of the servlet's upload limit and the import engine's own: what a user can really send
        this.maxFileSize = maxUpload.toBytes() <= maxImport.toBytes() ? maxUpload : maxImport;
    }

    /** Which area a request is in: its base path and its page shells. */
    private record Area(String base, String views, boolean hq) {

        static Area of(HttpServletRequest request) {
            return request.getRequestURI().startsWith(HQ) ? new Area(HQ, "hq/imports", true)
                    : new Area(PORTAL, "portal/imports", false);
        }
    }

    // ---------------------------------------------------------------- lists and upload

    @GetMapping(PORTAL)
    String portalList(@RequestParam(required = false) UUID branchId, Model model, Locale locale) {
        NetworkQueries.BranchCard branch = actingBranch(branchId, model);
        common(model, new Area(PORTAL, "portal/imports", false), locale, false);
        recent(model, branch == null ? List.of() : imports.recent(branch.id(), RECENT));
        return "portal/imports/list";
    }

    @PostMapping(PORTAL)
    String portalUpload(@RequestParam(required = false) UUID branchId,
            @RequestParam(required = false) MultipartFile file, Model model, Locale locale) {
        NetworkQueries.BranchCard branch = actingBranch(branchId, model);
        if (branch == null) {
            throw new NotFoundException("Branch");
        }
        String error = stageOrError(branch.id(), file, model);
        if (error == null) {
            return "redirect:" + PORTAL + "/" + model.getAttribute("stagedId") + "?branchId=" + branch.id();
        }
        return portalList(branch.id(), model, locale);
    }

    @GetMapping(HQ)
    String hqList(Model model, Locale locale) {
        common(model, new Area(HQ, "hq/imports", true), locale, false);
        model.addAttribute("destinations", network.visibleBranches().stream()
                .filter(NetworkQueries.BranchSummary::active).toList());
        recent(model, imports.recent(null, RECENT));
        if (!model.containsAttribute("destination")) {
            model.addAttribute("destination", "");
        }
        return "hq/imports/list";
    }

    @PostMapping(HQ)
    String hqUpload(@RequestParam(required = false) String destination,
            @RequestParam(required = false) MultipartFile file, Model model, Locale locale) {
        model.addAttribute("destination", destination == null ? "" : destination);
        UUID branchId = null;
        if (destination == null || destination.isBlank()) {
            model.addAttribute("destinationError", "import.page.upload.destination.required");
            return hqList(model, locale);
        }
        if (!MULTI.equals(destination)) {
            try {
                branchId = UUID.fromString(destination);
            } catch (IllegalArgumentException e) {
                model.addAttribute("destinationError", "import.page.upload.destination.required");
                return hqList(model, locale);
            }
        }
        if (stageOrError(branchId, file, model) == null) {
            return "redirect:" + HQ + "/" + model.getAttribute("stagedId");
        }
        return hqList(model, locale);
    }

    /** Stages the upload; on success puts "stagedId" in the model and answers null, else the error key (in the model). */
    private String stageOrError(UUID branchId, MultipartFile file, Model model) {
        String error;
        Object[] args = new Object[0];
        if (file == null || file.isEmpty()) {
            error = file == null || file.getOriginalFilename() == null || file.getOriginalFilename().isBlank()
                    ? "import.page.upload.file.required" : "import.page.upload.file.empty";
        } else {
            try (InputStream in = file.getInputStream()) {
                Staged staged = imports.stage(branchId, file.getOriginalFilename(), in);
                model.addAttribute("stagedId", staged.importId());
                return null;
            } catch (ImportException e) {
                error = e.messageKey();
                args = e.args() == null ? new Object[0] : e.args();
            } catch (IOException e) {
                error = "import.page.upload.file.unreadable";
            }
        }
        model.addAttribute("uploadError", error);
        model.addAttribute("uploadErrorArgs", args);
        return error;
    }

    // ---------------------------------------------------------------- one import

    @GetMapping({PORTAL + "/{importId}", HQ + "/{importId}"})
    String detail(@PathVariable UUID importId, HttpServletRequest request, Model model, Locale locale) {
        Area area = Area.of(request);
        Progress progress = imports.progress(importId);
        if (progress.status() == Status.STAGED) {
            Staged staged = imports.staged(importId);
            if (!model.containsAttribute("mapping")) {
                model.addAttribute("mapping", ImportMappingForm.of(staged.suggested(), staged.header().size()));
            }
            model.addAttribute("staged", staged);
        } else if (progress.status().finished()) {
            model.addAttribute("report", imports.report(importId));
            // a small file is often done before the page after "Start" loads: the report says more than "started"
            if ("import.page.started".equals(model.getAttribute("flashSuccess"))) {
                model.asMap().remove("flashSuccess");
                model.asMap().remove("flashArgs");
            }
        }
        page(model, area, progress, locale);
        return area.views() + "/detail";
    }

    @PostMapping({PORTAL + "/{importId}/start", HQ + "/{importId}/start"})
    String start(@PathVariable UUID importId, @ModelAttribute("mapping") ImportMappingForm form,
            BindingResult result, HttpServletRequest request, Model model, Locale locale,
            RedirectAttributes redirect) {
        Area area = Area.of(request);
        Staged staged = imports.staged(importId);
        int columns = staged.header().size();
        if (form.consentMapped() && (form.getLawfulBasis() == null || form.getLawfulBasis().isBlank())) {
            result.rejectValue("lawfulBasis", "import.page.lawfulBasis.required");
        } else if (form.getLawfulBasis() != null && form.getLawfulBasis().strip().length() > 2000) {
            result.rejectValue("lawfulBasis", "validation.tooLong");
        }
        if (!result.hasErrors()) {
            try {
                Progress started = imports.start(importId, form.toMapping(columns));
                Flash.success(redirect, "import.page.started", staged.fileName());
                return "redirect:" + url(area, started);
            } catch (ImportException e) {
                if (e.messageKey().startsWith("import.failure.mapping.lawfulBasis")) {
                    result.rejectValue("lawfulBasis", e.messageKey(), e.args(), e.messageKey());
                } else {
                    result.reject(e.messageKey(), e.args(), e.messageKey());
                }
            } catch (IllegalStateException e) {
                // started meanwhile (another tab): show where it stands
                return "redirect:" + url(area, imports.progress(importId));
            }
        }
        model.addAttribute("staged", staged);
        page(model, area, imports.progress(importId), locale);
        return area.views() + "/detail";
    }

    /** The progress card for htmx polling; once the import is finished, the report in its place (polling stops). */
    @GetMapping({PORTAL + "/{importId}/progress", HQ + "/{importId}/progress"})
    String progress(@PathVariable UUID importId, HttpServletRequest request, HttpServletResponse response, Model model,
            Locale locale) {
        Area area = Area.of(request);
        Progress progress = imports.progress(importId);
        if (progress.status() == Status.STAGED) {
            // not started (the mapping was never confirmed, or the file was discarded and staged again): there is
            // no progress to poll; htmx follows HX-Redirect to the import's own page, a plain GET the redirect
            requireArea(area, progress);
            response.setHeader("HX-Redirect", url(area, progress));
            return "redirect:" + url(area, progress);
        }
        if (progress.status().finished()) {
            model.addAttribute("report", imports.report(importId));
            model.addAttribute("oob", true);
        }
        page(model, area, progress, locale);
        return "portal/imports/parts :: progress";
    }

    @PostMapping({PORTAL + "/{importId}/cancel", HQ + "/{importId}/cancel"})
    String cancel(@PathVariable UUID importId, HttpServletRequest request, RedirectAttributes redirect) {
        Area area = Area.of(request);
        Progress before = imports.progress(importId);
        requireArea(area, before);
        Progress after = before.status().finished() ? before : imports.cancel(importId);
        if (before.status() == Status.STAGED) {
            Flash.success(redirect, "import.page.discarded", after.fileName());
        } else if (!before.status().finished()) {
            Flash.success(redirect, "import.page.cancelRequested", after.fileName());
        }
        return "redirect:" + url(area, after);
    }

    @GetMapping({PORTAL + "/{importId}/rejected.csv", HQ + "/{importId}/rejected.csv"})
    void rejected(@PathVariable UUID importId, HttpServletRequest request, Locale locale,
            HttpServletResponse response) throws IOException {
        Progress progress = imports.progress(importId);
        requireArea(Area.of(request), progress);
        String name = progress.fileName() == null ? "import" : progress.fileName().replaceFirst("(?i)\\.(csv|txt)$", "");
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename(name + "-rejected.csv", java.nio.charset.StandardCharsets.UTF_8).build().toString());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        imports.writeRejectedRows(importId, locale, response.getOutputStream());
    }

    // ---------------------------------------------------------------- helpers

    /** The recent imports; while one is queued or running, the list refreshes itself (htmx) to show its %. */
    private static void recent(Model model, List<Progress> recent) {
        model.addAttribute("imports", recent);
        model.addAttribute("polling", recent.stream()
                .anyMatch(p -> p.status() == Status.QUEUED || p.status() == Status.RUNNING));
    }

    private void page(Model model, Area area, Progress progress, Locale locale) {
        requireArea(area, progress);
        common(model, area, locale, progress.branchId() == null);
        model.addAttribute("progress", progress);
        model.addAttribute("importUrl", url(area, progress));
        model.addAttribute("importPath", area.base() + "/" + progress.importId());
        if (!area.hq()) {
            model.addAttribute("branch", network.branch(progress.branchId()));
            model.addAttribute("myBranches", network.visibleBranches());
        }
    }

    /** A multi-branch import is an HQ thing: the portal does not show it. */
    private static void requireArea(Area area, Progress progress) {
        if (!area.hq() && progress.branchId() == null) {
            throw new NotFoundException("Import");
        }
    }

    private void common(Model model, Area area, Locale locale, boolean multiBranch) {
        model.addAttribute("area", area.hq() ? "hq" : "portal");
        model.addAttribute("base", area.base());
        model.addAttribute("maxFileSize", maxFileSize.toBytes());
        model.addAttribute("maxFileSizeMb", maxFileSize.toMegabytes());
        model.addAttribute("views", new ImportViews(locale, attributes.list(), multiBranch));
    }

    private static String url(Area area, Progress p) {
        return area.base() + "/" + p.importId() + (area.hq() || p.branchId() == null ? "" : "?branchId=" + p.branchId());
    }

    private NetworkQueries.BranchCard actingBranch(UUID branchId, Model model) {
        NetworkQueries.BranchCard branch = network.actingBranch(branchId).orElse(null);
        model.addAttribute("myBranches", network.visibleBranches());
        model.addAttribute("branch", branch);
        return branch;
    }
}
