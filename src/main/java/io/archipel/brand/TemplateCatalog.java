package io.archipel.brand;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import io.archipel.brand.templates.TemplateStore;
import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TenantContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a branch may use: published, not archived templates whose availability includes the branch (whole network,
 * or a pilot group containing the branch or one of its territories) on the branch's today. The branch must be in
 * the caller's scope; a template not available to it does not exist for it ({@link NotFoundException}).
 */
@Service
public class TemplateCatalog {

    private final TemplateStore store;
    private final BranchService branches;

    TemplateCatalog(TemplateStore store, BranchService branches) {
        this.store = store;
        this.branches = branches;
    }

    @Transactional(readOnly = true)
    public List<Templates.Available> availableTo(UUID branchId, TemplateChannel channel) {
        BranchService.BranchView branch = branches.get(branchId);
        String path = branches.territoryPath(branchId);
        LocalDate today = LocalDate.now(zone(branch.timeZone()));
        return store.published(TenantContext.require(), channel).stream()
                .filter(p -> p.availability().includes(branchId, path) && p.availability().openOn(today))
                .map(TemplateStore.Published::available)
                .toList();
    }

    /** The latest version of a template the branch may use now. */
    @Transactional(readOnly = true)
    public Templates.Version latestFor(UUID branchId, UUID templateId) {
        Templates.Available available = availableTo(branchId, null).stream()
                .filter(a -> a.templateId().equals(templateId)).findFirst()
                .orElseThrow(() -> new NotFoundException("Template"));
        return store.version(TenantContext.require(), available.versionId()).orElseThrow();
    }

    private static ZoneId zone(String timeZone) {
        try {
            return ZoneId.of(timeZone);
        } catch (RuntimeException e) {
            return ZoneId.of("Europe/Paris");
        }
    }
}
