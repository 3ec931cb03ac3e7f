package io.archipel.brand;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.archipel.brand.templates.TemplateStore;
import io.archipel.identity.CurrentUser;
import io.archipel.identity.Role;
import io.archipel.shared.AccessDeniedInScopeException;
import io.archipel.shared.NotFoundException;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TerritoryService;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * HQ's templates: create, edit the working draft, publish it as an immutable version for the whole network or a pilot
 * group, change availability, archive; with the history of all of it. Only HQ admins and marketers may use it. Rich
 * text is sanitized on every save; drafts may be incomplete (saved with their problems listed), publishing refuses a
 * template that still has problems ({@link TemplateProblem.InvalidTemplateException}). A save against a stale version
 * gives {@link OptimisticLockingFailureException}; a template of another tenant, {@link NotFoundException}.
 */
@Service
public class TemplateService {

    public static final int MAX_NAME_LENGTH = 120;
    public static final int MAX_DESCRIPTION_LENGTH = 500;

    private final TemplateStore store;
    private final TemplateRules rules;
    private final RichTextSanitizer sanitizer;
    private final TerritoryService territories;
    private final BranchService branches;
    private final ApplicationEventPublisher events;

    TemplateService(TemplateStore store, TemplateRules rules, RichTextSanitizer sanitizer,
            TerritoryService territories, BranchService branches, ApplicationEventPublisher events) {
        this.store = store;
        this.rules = rules;
        this.sanitizer = sanitizer;
        this.territories = territories;
        this.branches = branches;
        this.events = events;
    }

    @Transactional(readOnly = true)
    public List<Templates.Summary> list(String query, TemplateChannel channel, boolean archived) {
        requireEditor();
        return store.list(TenantContext.require(), query, channel, archived);
    }

    /** Creates a template whose draft starts from the channel's starter layout. Names are unique per network. */
    @Transactional
    public UUID create(TemplateChannel channel, String name, TemplateCategory category, String description) {
        requireEditor();
        UUID tenantId = TenantContext.require();
        String cleanName = name(name, null);
        String language = LocaleContextHolder.getLocale().getLanguage();
        Object draft = channel == TemplateChannel.EMAIL ? EmailTemplateContent.starter(language)
                : SmsTemplateContent.starter(language);
        UUID id = UUID.randomUUID();
        store.insert(tenantId, id, channel, cleanName, description(description), category, draft, actor());
        store.insertEvent(tenantId, id, Templates.EventKind.CREATED, actor(), null, List.of());
        return id;
    }

    /** Whether another template of the network already has this name (ignoring case). */
    @Transactional(readOnly = true)
    public boolean nameTaken(String name, UUID exceptTemplateId) {
        return name != null && store.nameTaken(TenantContext.require(), name, exceptTemplateId);
    }

    @Transactional(readOnly = true)
    public Templates.Details get(UUID templateId) {
        requireEditor();
        return details(load(templateId));
    }

    /** What must still be fixed in the draft before publishing. */
    @Transactional(readOnly = true)
    public List<TemplateProblem> problems(UUID templateId) {
        requireEditor();
        Templates.Details d = details(load(templateId));
        return d.channel() == TemplateChannel.EMAIL ? rules.check(d.email()) : rules.check(d.sms());
    }

    @Transactional
    public long updateDetails(UUID templateId, long version, String name, TemplateCategory category,
            String description) {
        requireEditor();
        TemplateStore.Row row = load(templateId);
        String cleanName = name(name, templateId);
        long next = store.saveDetails(TenantContext.require(), templateId, version, cleanName,
                description(description), category);
        stale(next);
        List<TemplateChange> changes = new ArrayList<>();
        if (!row.name().equals(cleanName)) {
            changes.add(TemplateChange.of("template.change.renamed", row.name(), cleanName));
        }
        if (row.category() != category) {
            changes.add(TemplateChange.of("template.change.category", row.category().name(), category.name()));
        }
        if (!changes.isEmpty()) {
            store.insertEvent(TenantContext.require(), templateId, Templates.EventKind.DETAILS_CHANGED, actor(), null,
                    changes);
        }
        return next;
    }

    /**
     * Saves the e-mail draft (rich text sanitized, structure bounded). Returns the new version and the problems left
     * to fix before publishing; an e-mail template has no SMS content and vice versa ({@link IllegalArgumentException}).
     */
    @Transactional
    public Templates.DraftSaved saveEmailDraft(UUID templateId, long version, EmailTemplateContent content) {
        requireEditor();
        TemplateStore.Row row = load(templateId);
        if (row.channel() != TemplateChannel.EMAIL) {
            throw new IllegalArgumentException("Not an e-mail template");
        }
        EmailTemplateContent clean = clean(content);
        long next = store.saveDraft(TenantContext.require(), templateId, version, clean, actor());
        stale(next);
        return new Templates.DraftSaved(next, rules.check(clean));
    }

    @Transactional
    public Templates.DraftSaved saveSmsDraft(UUID templateId, long version, SmsTemplateContent content) {
        requireEditor();
        TemplateStore.Row row = load(templateId);
        if (row.channel() != TemplateChannel.SMS) {
            throw new IllegalArgumentException("Not an SMS template");
        }
        SmsTemplateContent clean = clean(content);
        long next = store.saveDraft(TenantContext.require(), templateId, version, clean, actor());
        stale(next);
        return new Templates.DraftSaved(next, rules.check(clean));
    }

    /** Puts the draft back to the latest published version, dropping unpublished changes. */
    @Transactional
    public long discardDraft(UUID templateId, long version) {
        requireEditor();
        load(templateId);
        UUID tenantId = TenantContext.require();
        Templates.Version latest = store.latestVersion(tenantId, templateId)
                .orElseThrow(() -> new IllegalStateException("Nothing published to go back to"));
        long next = store.saveDraft(tenantId, templateId, version,
                latest.channel() == TemplateChannel.EMAIL ? latest.email() : latest.sms(), actor());
        stale(next);
        store.insertEvent(tenantId, templateId, Templates.EventKind.DRAFT_DISCARDED, actor(), latest.number(),
                List.of());
        return next;
    }

    /**
     * Freezes the draft as the next version and makes it available as given. Refused while the draft has problems,
     * or when the availability is invalid (a pilot group without members, an end before the start, territories or
     * branches that are not the network's). Publishes {@link TemplateVersionPublished} (campaigns in progress on the
     * template follow new locked parts once it is committed).
     */
    @Transactional
    public Templates.Version publish(UUID templateId, long version, Availability availability) {
        requireEditor();
        UUID tenantId = TenantContext.require();
        TemplateStore.Row row = load(templateId);
        Templates.Details details = details(row);
        List<TemplateProblem> problems = new ArrayList<>(details.channel() == TemplateChannel.EMAIL
                ? rules.check(details.email()) : rules.check(details.sms()));
        problems.addAll(checkAvailability(availability));
        if (row.archived()) {
            problems.add(TemplateProblem.of("name", "template.problem.archived"));
        }
        if (!problems.isEmpty()) {
            throw new TemplateProblem.InvalidTemplateException(problems);
        }
        if (details.published() && !details.unpublishedChanges() && availability.equals(details.availability())) {
            throw new TemplateProblem.InvalidTemplateException(
                    List.of(TemplateProblem.of("name", "template.problem.nothingToPublish")));
        }
        long next = store.saveAvailability(tenantId, templateId, version, availability);
        stale(next);
        List<TemplateChange> changes = new ArrayList<>();
        Templates.Version previous = store.latestVersion(tenantId, templateId).orElse(null);
        if (previous == null) {
            changes.add(TemplateChange.of("template.change.first"));
        } else {
            changes.addAll(details.channel() == TemplateChannel.EMAIL
                    ? TemplateDiff.email(previous.email(), details.email())
                    : TemplateDiff.sms(previous.sms(), details.sms()));
        }
        changes.addAll(TemplateDiff.availability(previous == null ? null : details.availability(), availability));
        UUID versionId = UUID.randomUUID();
        int number = store.insertVersion(tenantId, versionId, templateId, actor(), changes);
        store.insertEvent(tenantId, templateId, Templates.EventKind.PUBLISHED, actor(), number, changes);
        events.publishEvent(new TemplateVersionPublished(tenantId, templateId,
                previous == null ? null : previous.id(), versionId, number, actor()));
        return store.version(tenantId, versionId).orElseThrow();
    }

    /** Changes who may use the published template, without a new version. */
    @Transactional
    public long changeAvailability(UUID templateId, long version, Availability availability) {
        requireEditor();
        UUID tenantId = TenantContext.require();
        TemplateStore.Row row = load(templateId);
        List<TemplateProblem> problems = checkAvailability(availability);
        if (!problems.isEmpty()) {
            throw new TemplateProblem.InvalidTemplateException(problems);
        }
        long next = store.saveAvailability(tenantId, templateId, version, availability);
        stale(next);
        List<TemplateChange> changes = TemplateDiff.availability(row.availability(), availability);
        if (!changes.isEmpty()) {
            store.insertEvent(tenantId, templateId, Templates.EventKind.AVAILABILITY_CHANGED, actor(), null, changes);
        }
        return next;
    }

    /** Archived templates are offered to no branch; their versions stay for the campaigns that pinned them. */
    @Transactional
    public void archive(UUID templateId) {
        setArchived(templateId, true);
    }

    @Transactional
    public void restore(UUID templateId) {
        setArchived(templateId, false);
    }

    private void setArchived(UUID templateId, boolean archived) {
        requireEditor();
        TemplateStore.Row row = load(templateId);
        if (row.archived() != archived) {
            store.setArchived(TenantContext.require(), templateId, archived);
            store.insertEvent(TenantContext.require(), templateId,
                    archived ? Templates.EventKind.ARCHIVED : Templates.EventKind.RESTORED, actor(), null, List.of());
        }
    }

    @Transactional(readOnly = true)
    public List<Templates.Version> versions(UUID templateId) {
        requireEditor();
        load(templateId);
        return store.versions(TenantContext.require(), templateId);
    }

    @Transactional(readOnly = true)
    public List<Templates.Event> history(UUID templateId) {
        requireEditor();
        load(templateId);
        return store.events(TenantContext.require(), templateId);
    }

    /**
     * A published version by id, exactly as it was published (what a campaign pinned). Open to any user of the
     * tenant: campaigns of branches render from it.
     */
    @Transactional(readOnly = true)
    public Templates.Version version(UUID versionId) {
        return store.version(TenantContext.require(), versionId)
                .orElseThrow(() -> new NotFoundException("Template version"));
    }

    private List<TemplateProblem> checkAvailability(Availability a) {
        List<TemplateProblem> problems = new ArrayList<>();
        if (a.pilot() && a.territoryIds().isEmpty() && a.branchIds().isEmpty()) {
            problems.add(TemplateProblem.of("availability", "template.problem.pilotEmpty"));
        }
        if (a.from() != null && a.until() != null && a.until().isBefore(a.from())) {
            problems.add(TemplateProblem.of("availability.until", "template.problem.untilBeforeFrom"));
        }
        if (a.until() != null && a.until().isBefore(LocalDate.now())) {
            problems.add(TemplateProblem.of("availability.until", "template.problem.untilPast"));
        }
        // unknown or foreign ids end here with NotFoundException (404), like any other id of another tenant
        a.territoryIds().forEach(territories::get);
        a.branchIds().forEach(branches::get);
        return problems;
    }

    private EmailTemplateContent clean(EmailTemplateContent content) {
        if (content.blocks().size() > EmailTemplateContent.MAX_BLOCKS * 2) {
            throw new IllegalArgumentException("Too many blocks");
        }
        List<TemplateBlock> blocks = new ArrayList<>();
        for (TemplateBlock block : content.blocks()) {
            Map<String, String> values = new java.util.LinkedHashMap<>();
            for (BlockField field : block.type().fields()) {
                String value = block.content().get(field.key());
                if (value == null) {
                    continue;
                }
                value = bound(value);
                if (field.kind() == BlockField.Kind.RICH_TEXT) {
                    value = sanitizer.sanitize(value, RichTextSanitizer.Options.richText());
                } else if (field.kind() != BlockField.Kind.TEXT) {
                    value = value.strip();
                }
                values.put(field.key(), value);
            }
            BlockConstraints c = block.constraints();
            List<String> domains = c.linkDomains().stream().map(d -> d.strip().toLowerCase(java.util.Locale.ROOT)
                    .replaceFirst("^\\.", "")).filter(d -> !d.isEmpty()).distinct().limit(20).toList();
            String id = block.id() == null || !block.id().matches("[A-Za-z0-9-]{1,36}")
                    ? EmailTemplateContent.newBlockId() : block.id();
            blocks.add(new TemplateBlock(id, block.type(), block.locked(),
                    new BlockConstraints(c.required(), c.maxLength(), c.formatting(), c.imageTag(), domains), values));
        }
        return new EmailTemplateContent(lockable(content.subject()), lockable(content.preheader()), blocks);
    }

    private static SmsTemplateContent clean(SmsTemplateContent content) {
        if (content.parts().size() > SmsTemplateContent.MAX_PARTS * 2) {
            throw new IllegalArgumentException("Too many parts");
        }
        List<SmsTemplateContent.Part> parts = content.parts().stream()
                .map(p -> new SmsTemplateContent.Part(p.id() == null || !p.id().matches("[A-Za-z0-9-]{1,36}")
                        ? EmailTemplateContent.newBlockId() : p.id(), p.editable(), bound(p.text()),
                        p.editable() && p.required(), p.editable() ? p.maxLength() : null))
                .toList();
        return new SmsTemplateContent(parts, bound(content.optOut()).strip());
    }

    private static LockableText lockable(LockableText t) {
        return new LockableText(bound(t.text()), t.locked(), !t.locked() && t.required(),
                t.locked() ? null : t.maxLength());
    }

    /** Anything beyond twice the hard limit is cut: a draft keeps what was typed, within reason. */
    private static String bound(String value) {
        if (value == null) {
            return "";
        }
        return value.length() > TemplateRules.MAX_FIELD_LENGTH * 2
                ? value.substring(0, TemplateRules.MAX_FIELD_LENGTH * 2) : value;
    }

    private String name(String name, UUID exceptId) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("A template name has 1 to " + MAX_NAME_LENGTH + " characters");
        }
        if (store.nameTaken(TenantContext.require(), clean, exceptId)) {
            throw new DuplicateNameException(clean);
        }
        return clean;
    }

    private static String description(String description) {
        String clean = description == null ? "" : description.strip();
        return clean.length() > MAX_DESCRIPTION_LENGTH ? clean.substring(0, MAX_DESCRIPTION_LENGTH) : clean;
    }

    private TemplateStore.Row load(UUID templateId) {
        return store.find(TenantContext.require(), templateId)
                .orElseThrow(() -> new NotFoundException("Template"));
    }

    private Templates.Details details(TemplateStore.Row row) {
        return new Templates.Details(row.id(), row.name(), row.description(), row.channel(), row.category(),
                row.channel() == TemplateChannel.EMAIL ? store.email(row.draftJson()) : null,
                row.channel() == TemplateChannel.SMS ? store.sms(row.draftJson()) : null, row.availability(),
                row.publishedNumber(), row.publishedNumber() != null && row.differs(), row.archived(),
                row.createdAt(), row.createdBy(), row.draftUpdatedAt(), row.draftUpdatedBy(), row.version());
    }

    private static void stale(long next) {
        if (next < 0) {
            throw new OptimisticLockingFailureException("template changed meanwhile");
        }
    }

    static String actor() {
        return CurrentUser.find().map(u -> u.displayName()).orElse("Archipel");
    }

    private static void requireEditor() {
        if (TenantContext.isSystem()) {
            return; // trusted code (seeding)
        }
        Role role = CurrentUser.find().map(u -> u.role()).orElse(null);
        if (role != Role.HQ_ADMIN && role != Role.HQ_MARKETER) {
            throw new AccessDeniedInScopeException("templates");
        }
    }

    /** Another template of the network has this name. */
    public static class DuplicateNameException extends RuntimeException {
        public DuplicateNameException(String name) {
            super("A template named '" + name + "' exists already");
        }
    }
}
