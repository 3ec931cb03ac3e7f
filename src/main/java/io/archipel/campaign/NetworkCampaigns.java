package io.archipel.campaign;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.archipel.brand.TemplateChannel;
import io.archipel.campaign.gallery.GalleryStore;
import io.archipel.identity.ArchipelUser;
import io.archipel.identity.CurrentUser;
import io.archipel.identity.Role;
import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TerritoryService;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * HQ's list of the network's campaigns: every campaign of the branches the caller sees
 * ({@link BranchService#visibleBranches()}), newest first, filtered and paged. HQ admins, HQ marketers and executives
 * read it; other roles get {@link AccessDeniedException}. A territory or branch filter outside the caller's scope is
 * refused like everywhere (404 unknown, 403 outside the scope).
 */
@Service
public class NetworkCampaigns {

    public static final int PAGE_SIZE = 25;
    private static final Set<Role> READERS = Set.of(Role.HQ_ADMIN, Role.HQ_MARKETER, Role.EXECUTIVE);

    /** What to list; every field may be null (blank text = no text filter); {@code page} counts from 0. */
    public record Filter(CampaignStatus status, UUID territoryId, UUID branchId, UUID templateId,
            TemplateChannel channel, String text, int page) {

        public static Filter all() {
            return new Filter(null, null, null, null, null, null, 0);
        }
    }

    /** What the list shows of a campaign (a narrow view: the list does not need a whole {@link Campaigns.Summary}). */
    public record Campaign(UUID id, UUID branchId, String branchCode, String branchName, String name,
            TemplateChannel channel, CampaignStatus status, UUID templateId, String templateName,
            int templateVersion) {
    }

    /**
     * A campaign of the list ({@code summary}), its branch's territory, when it was created and sent (null until
     * SENT), and whether it is in the gallery.
     */
    public record Row(Campaign summary, String territoryName, Instant createdAt, Instant sentAt, boolean featured) {
    }

    /** One page of rows; {@code page} counts from 0. */
    public record Page(List<Row> rows, int page, int size, long total) {

        public int pages() {
            return (int) Math.max(1, (total + size - 1) / size);
        }

        public boolean hasPrevious() {
            return page > 0;
        }

        public boolean hasNext() {
            return page + 1 < pages();
        }

        public long first() {
            return total == 0 ? 0 : (long) page * size + 1;
        }

        public long last() {
            return Math.min(total, (long) (page + 1) * size);
        }
    }

    /** A template the listed campaigns use (for the filter). */
    public record TemplateOption(UUID id, String name, TemplateChannel channel) {
    }

    private final GalleryStore store;
    private final BranchService branches;
    private final TerritoryService territories;

    NetworkCampaigns(GalleryStore store, BranchService branches, TerritoryService territories) {
        this.store = store;
        this.branches = branches;
        this.territories = territories;
    }

    @Transactional(readOnly = true)
    public Page list(Filter filter) {
        requireReader();
        Filter f = filter == null ? Filter.all() : filter;
        int page = Math.max(0, f.page());
        UUID[] visible = visible(f.branchId());
        String path = null;
        if (f.territoryId() != null) {
            territories.get(f.territoryId()); // 404 / 403
            path = store.territoryPath(TenantContext.require(), f.territoryId())
                    .orElseThrow(() -> new NotFoundException("Territory"));
        }
        if (visible.length == 0) {
            return new Page(List.of(), 0, PAGE_SIZE, 0);
        }
        long[] total = {0};
        List<Row> rows = store.campaigns(TenantContext.require(), visible, f.status(), path, f.templateId(),
                f.channel(), f.text(), page * PAGE_SIZE, PAGE_SIZE, total).stream()
                .map(r -> new Row(new Campaign(r.id(), r.branchId(), r.branchCode(), r.branchName(), r.name(),
                        r.channel(), r.status(), r.templateId(), r.templateName(), r.templateVersion()),
                        r.territoryName(), r.createdAt(), r.sentAt(), r.featured())).toList();
        if (rows.isEmpty() && page > 0 && total[0] > 0) {
            // past the last page (the list shrank): show the last one
            return list(new Filter(f.status(), f.territoryId(), f.branchId(), f.templateId(), f.channel(), f.text(),
                    (int) ((total[0] - 1) / PAGE_SIZE)));
        }
        return new Page(rows, page, PAGE_SIZE, total[0]);
    }

    /** Templates of the campaigns the caller sees. */
    @Transactional(readOnly = true)
    public List<TemplateOption> templates() {
        requireReader();
        UUID[] visible = visible(null);
        if (visible.length == 0) {
            return List.of();
        }
        return store.campaignTemplates(TenantContext.require(), visible).stream()
                .map(t -> new TemplateOption(t.id(), t.name(), t.channel())).toList();
    }

    private UUID[] visible(UUID branchId) {
        if (branchId != null) {
            return new UUID[] {branches.get(branchId).id()}; // 404 / 403
        }
        return branches.visibleBranches().stream().map(BranchService.BranchView::id).toArray(UUID[]::new);
    }

    private static void requireReader() {
        Role role = CurrentUser.find().map(ArchipelUser::role).orElse(null);
        if (role == null || !READERS.contains(role)) {
            throw new AccessDeniedException("Only HQ and executives list the network's campaigns");
        }
    }
}
