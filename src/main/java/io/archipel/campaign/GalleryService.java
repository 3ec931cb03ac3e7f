package io.archipel.campaign;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.archipel.brand.AssetLibrary;
import io.archipel.brand.BlockField;
import io.archipel.brand.BlockType;
import io.archipel.brand.EmailTemplateContent;
import io.archipel.brand.SmsTemplateContent;
import io.archipel.brand.TemplateBlock;
import io.archipel.brand.TemplateCatalog;
import io.archipel.brand.TemplatePreviewer;
import io.archipel.brand.TemplateService;
import io.archipel.brand.Templates;
import io.archipel.campaign.gallery.GalleryStore;
import io.archipel.identity.ArchipelUser;
import io.archipel.identity.CurrentUser;
import io.archipel.identity.Role;
import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TenantContext;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The network gallery: HQ features SENT campaigns of branches with a note on why they worked; branches browse them and
 * reuse one as a draft of their own.
 * <p>
 * <b>Who sees what.</b> Featuring, changing the note and removing are for HQ admins and marketers whose scope covers
 * the campaign's branch ({@link CampaignService#get} checks it: 404 unknown / another tenant's, 403 outside the
 * scope; other roles {@link AccessDeniedException}). The gallery is the network's shared shelf: {@link #entries} and
 * {@link #entry} show every FEATURED campaign to every user of the tenant, branch managers included, even when its
 * branch is outside their scope. This is the only way a campaign of another branch is readable, only while it is
 * featured, and only what the gallery shows (content, names, HQ's note): never its audience, comments or timeline.
 * A campaign that is not featured is unknown here (404).
 * <p>
 * <b>Reuse</b> copies only the editable content of a featured campaign into a new DRAFT of a branch in the caller's
 * scope, on the latest version of the same template available to that branch ({@link CampaignService#createDraft},
 * {@link CampaignContents#carryOver}); the new campaign records its source ({@code source_campaign_id}).
 */
@Service
public class GalleryService {

    private static final Set<Role> HQ = Set.of(Role.HQ_ADMIN, Role.HQ_MARKETER);
    private static final Set<Role> EDITORS = Set.of(Role.BRANCH_MANAGER, Role.HQ_ADMIN, Role.HQ_MARKETER);

    private final GalleryStore store;
    private final CampaignService campaigns;
    private final TemplateService templates;
    private final TemplateCatalog catalog;
    private final BranchService branches;
    private final AssetLibrary assets;
    private final org.springframework.beans.factory.ObjectProvider<CampaignResultsSource> results;

    GalleryService(GalleryStore store, CampaignService campaigns, TemplateService templates, TemplateCatalog catalog,
            BranchService branches, AssetLibrary assets,
            org.springframework.beans.factory.ObjectProvider<CampaignResultsSource> results) {
        this.store = store;
        this.campaigns = campaigns;
        this.templates = templates;
        this.catalog = catalog;
        this.branches = branches;
        this.assets = assets;
        this.results = results;
    }

    // ------------------------------------------------------------------------------------------------ HQ side

    /**
     * Features a SENT campaign (or changes the note of a featured one). {@code note} is HQ's "why it worked", at most
     * {@value Gallery#MAX_NOTE_LENGTH} characters (blank = none).
     *
     * @throws GalleryRefusedException ({@code gallery.refused.notSent}) when the campaign was not sent
     * @throws IllegalArgumentException ({@code validation.tooLong}) for a longer note
     */
    @Transactional
    public void feature(UUID campaignId, String note) {
        requireHq();
        Campaigns.Details d = campaigns.get(campaignId);
        if (d.status() != CampaignStatus.SENT) {
            throw new GalleryRefusedException("gallery.refused.notSent");
        }
        store.upsert(TenantContext.require(), campaignId, cleanNote(note), actor());
    }

    /** Changes HQ's note of a featured campaign (404 when it is not featured). */
    @Transactional
    public void updateNote(UUID campaignId, String note) {
        requireHq();
        campaigns.get(campaignId);
        String clean = cleanNote(note);
        if (!store.isFeatured(TenantContext.require(), campaignId)) {
            throw new NotFoundException("Gallery entry");
        }
        store.upsert(TenantContext.require(), campaignId, clean, actor());
    }

    /** Removes a campaign from the gallery (nothing happens when it was not in it); campaigns reusing it stay. */
    @Transactional
    public void unfeature(UUID campaignId) {
        requireHq();
        campaigns.get(campaignId);
        store.delete(TenantContext.require(), campaignId);
    }

    /**
     * HQ's note when the campaign is featured: empty when it is not, an empty string when it is without a note. For
     * HQ's campaign page (scope of the campaign checked).
     */
    @Transactional(readOnly = true)
    public Optional<String> featuredNote(UUID campaignId) {
        campaigns.get(campaignId);
        return store.note(TenantContext.require(), campaignId).map(n -> n.orElse(""));
    }

    // ------------------------------------------------------------------------------------------------ everybody

    /** The featured campaigns matching the filter, most recently featured first (every user of the tenant). */
    @Transactional(readOnly = true)
    public List<Gallery.Entry> entries(Gallery.Filter filter) {
        Gallery.Filter f = filter == null ? Gallery.Filter.all() : filter;
        Map<UUID, Templates.Version> versions = new HashMap<>();
        return withResults(store.featured(TenantContext.require(), f.channel(), f.templateId(), f.text()).stream()
                .map(r -> entry(r, versions.computeIfAbsent(r.templateVersionId(), templates::version))).toList());
    }

    /** Templates used by featured campaigns (for the filter). */
    @Transactional(readOnly = true)
    public List<Gallery.TemplateOption> templates() {
        return store.featuredTemplates(TenantContext.require()).stream()
                .map(t -> new Gallery.TemplateOption(t.id(), t.name(), t.channel())).toList();
    }

    /** One featured campaign with its content resolved for a preview (404 when it is not featured). */
    @Transactional(readOnly = true)
    public Gallery.Shown entry(UUID campaignId) {
        GalleryStore.FeaturedRow row = store.featured(TenantContext.require(), campaignId)
                .orElseThrow(() -> new NotFoundException("Gallery entry"));
        Templates.Version version = templates.version(row.templateVersionId());
        EmailTemplateContent email = version.email() == null ? null
                : CampaignContents.resolveEmail(version.email(), row.content());
        SmsTemplateContent sms = version.sms() == null ? null
                : CampaignContents.resolveSms(version.sms(), row.content());
        return new Gallery.Shown(withResults(List.of(entry(row, version))).get(0), version, row.content(), email, sms);
    }

    /** Whether the campaign is in the gallery now. */
    @Transactional(readOnly = true)
    public boolean isFeatured(UUID campaignId) {
        return campaignId != null && store.isFeatured(TenantContext.require(), campaignId);
    }

    /**
     * The name of a campaign another one reuses (for "Reuses « X » from the network gallery" on the reusing
     * campaign's page); null for an unknown id. Only the name: the source was featured when it was reused.
     */
    @Transactional(readOnly = true)
    public String nameOf(UUID campaignId) {
        return campaignId == null ? null : store.name(TenantContext.require(), campaignId).orElse(null);
    }

    /**
     * The featured campaigns a branch of the caller's scope may reuse now (their template is available to it), most
     * recently featured first, at most {@code limit}.
     */
    @Transactional(readOnly = true)
    public List<Gallery.Entry> usableBy(UUID branchId, int limit) {
        branches.get(branchId);
        Set<UUID> available = new java.util.HashSet<>();
        catalog.availableTo(branchId, null).forEach(a -> available.add(a.templateId()));
        return entries(Gallery.Filter.all()).stream().filter(e -> available.contains(e.templateId()))
                .limit(limit).toList();
    }

    // ------------------------------------------------------------------------------------------------ reuse

    /**
     * A new DRAFT of {@code branchId} (in the caller's scope: 404/403) with the editable content of a featured
     * campaign, on the latest version of its template available to the branch (same or newer): locked parts come from
     * that version, texts it no longer accepts are dropped and listed. A blank name takes the source's name.
     * Branch managers and HQ admins/marketers only ({@link AccessDeniedException}).
     *
     * @throws NotFoundException when the campaign is not featured
     * @throws GalleryRefusedException ({@code gallery.refused.templateUnavailable}) when the template is not
     *                                 available to the branch
     */
    @Transactional
    public Gallery.Reused reuse(UUID campaignId, UUID branchId, String name) {
        requireEditor();
        branches.get(branchId);
        GalleryStore.FeaturedRow row = store.featured(TenantContext.require(), campaignId)
                .orElseThrow(() -> new NotFoundException("Gallery entry"));
        Templates.Version target;
        try {
            target = catalog.latestFor(branchId, row.templateId());
        } catch (NotFoundException e) {
            throw new GalleryRefusedException("gallery.refused.templateUnavailable");
        }
        Templates.Version source = templates.version(row.templateVersionId());
        CampaignContents.CarriedOver carried = CampaignContents.carryOver(source, target, row.content());
        String clean = name == null || name.isBlank() ? row.name() : name.strip();
        UUID id = campaigns.createDraft(new Campaigns.Start(branchId, row.templateId(), clean, row.content(),
                row.templateVersionId(), null, null, null, campaignId));
        return new Gallery.Reused(id, target.number(), target.number() > source.number(), carried.dropped());
    }

    /** How many campaigns were started from this one (any status). */
    @Transactional(readOnly = true)
    public long reuseCount(UUID campaignId) {
        return store.featured(TenantContext.require(), campaignId).map(GalleryStore.FeaturedRow::reuseCount)
                .orElse(0L);
    }

    // ------------------------------------------------------------------------------------------------ internals

    /** The entries with their results filled in when an insights module measures them (else left null). */
    private List<Gallery.Entry> withResults(List<Gallery.Entry> entries) {
        CampaignResultsSource source = results.getIfAvailable();
        if (source == null || entries.isEmpty()) {
            return entries;
        }
        Map<UUID, Gallery.Results> found = source.results(entries.stream().map(Gallery.Entry::campaignId).toList());
        return entries.stream().map(e -> {
            Gallery.Results r = found.get(e.campaignId());
            return r == null ? e : new Gallery.Entry(e.campaignId(), e.name(), e.branchId(), e.branchCode(),
                    e.branchName(), e.territoryName(), e.templateId(), e.templateName(), e.templateVersionId(),
                    e.templateVersion(), e.channel(), e.sentAt(), e.note(), e.featuredAt(), e.featuredBy(),
                    e.headline(), e.thumbnailUrl(), e.reuseCount(), r);
        }).toList();
    }

    private Gallery.Entry entry(GalleryStore.FeaturedRow r, Templates.Version version) {
        String headline = "";
        String thumbnail = null;
        if (version.email() != null) {
            EmailTemplateContent email = CampaignContents.resolveEmail(version.email(), r.content());
            headline = TemplatePreviewer.fill(email.subject().text(), Map.of());
            for (TemplateBlock b : email.blocks()) {
                if ((b.type() == BlockType.HERO_IMAGE || b.type() == BlockType.IMAGE) && thumbnail == null) {
                    UUID asset = uuid(b.value(BlockField.IMAGE));
                    thumbnail = asset == null ? null
                            : assets.find(asset).map(AssetLibrary.AssetSummary::thumbnailUrl).orElse(null);
                }
            }
        } else if (version.sms() != null) {
            headline = TemplatePreviewer.fill(CampaignContents.resolveSms(version.sms(), r.content()).text(),
                    Map.of());
        }
        return new Gallery.Entry(r.campaignId(), r.name(), r.branchId(), r.branchCode(), r.branchName(),
                r.territoryName(), r.templateId(), r.templateName(), r.templateVersionId(), r.templateVersion(),
                r.channel(), r.sentAt(), r.note(), r.featuredAt(), r.featuredBy(), headline, thumbnail, r.reuseCount(),
                null /* results: filled by withResults */);
    }

    private static String cleanNote(String note) {
        if (note == null || note.isBlank()) {
            return null;
        }
        String clean = note.strip();
        if (clean.length() > Gallery.MAX_NOTE_LENGTH) {
            throw new IllegalArgumentException("validation.tooLong");
        }
        return clean;
    }

    private static UUID uuid(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void requireHq() {
        if (TenantContext.isSystem() && CurrentUser.find().isEmpty()) {
            return;
        }
        Role role = role();
        if (role == null || !HQ.contains(role)) {
            throw new AccessDeniedException("Only HQ admins and marketers curate the gallery");
        }
    }

    private static void requireEditor() {
        if (TenantContext.isSystem() && CurrentUser.find().isEmpty()) {
            return;
        }
        Role role = role();
        if (role == null || !EDITORS.contains(role)) {
            throw new AccessDeniedException("Only branch managers and HQ reuse gallery campaigns");
        }
    }

    private static Role role() {
        return CurrentUser.find().map(ArchipelUser::role).orElse(null);
    }

    private static String actor() {
        return CurrentUser.find().map(ArchipelUser::email).orElse("system");
    }
}
