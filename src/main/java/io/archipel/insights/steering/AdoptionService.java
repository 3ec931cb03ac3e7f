package io.archipel.insights.steering;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.archipel.brand.TemplatePreviewer;
import io.archipel.identity.Role;
import io.archipel.identity.UserAccountService;
import io.archipel.identity.UserAccountService.UserView;
import io.archipel.insights.Steering.BudgetUse;
import io.archipel.insights.Steering.PeriodKind;
import io.archipel.insights.SteeringQueries;
import io.archipel.shared.mail.MailAddresses;
import io.archipel.shared.mail.MailDeliveryException;
import io.archipel.shared.mail.MailSender;
import io.archipel.shared.mail.NoticeMail;
import io.archipel.shared.mail.OutgoingMail;
import io.archipel.tenancy.NetworkDirectory;
import io.archipel.tenancy.NetworkQueries;
import io.archipel.tenancy.NetworkQueries.BranchSummary;
import io.archipel.tenancy.ScopeType;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantDirectory;
import io.archipel.tenancy.TenantService;
import io.archipel.tenancy.TerritoryService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Adoption and nudges: the branches of the caller's scope that did not send for N days, the pushed kits they neither
 * used nor dismissed, the current budgets they leave unspent (used less than the share of the period elapsed), and
 * reminder e-mails to the managers of selected rows — one mail per manager, in their language, at most one a day
 * (recorded in steering_reminder). Reading is for everyone in /insights; reminding for HQ admins.
 */
@Service
public class AdoptionService {

    private static final Logger log = LoggerFactory.getLogger(AdoptionService.class);
    public static final int MAX_DAYS = 365;
    static final int KIT_GRACE_DAYS = 0;

    private final SteeringStore store;
    private final NetworkQueries network;
    private final NetworkDirectory directory;
    private final TerritoryService territories;
    private final UserAccountService users;
    private final TenantService tenants;
    private final TenantDirectory tenantNames;
    private final MailSender outbox;
    private final MessageSource messages;
    private final TemplatePreviewer previewer;
    private final TransactionTemplate tx;
    private final TransactionTemplate readTx;
    private final String defaultFrom;

    AdoptionService(SteeringStore store, NetworkQueries network, NetworkDirectory directory,
            TerritoryService territories, UserAccountService users, TenantService tenants,
            TenantDirectory tenantNames, MailSender outbox, MessageSource messages, TemplatePreviewer previewer,
            PlatformTransactionManager transactions,
            @Value("${archipel.mail.default-from:no-reply@archipel.example}") String defaultFrom) {
        this.store = store;
        this.network = network;
        this.directory = directory;
        this.territories = territories;
        this.users = users;
        this.tenants = tenants;
        this.tenantNames = tenantNames;
        this.outbox = outbox;
        this.messages = messages;
        this.previewer = previewer;
        this.tx = new TransactionTemplate(transactions);
        this.readTx = new TransactionTemplate(transactions);
        this.readTx.setReadOnly(true);
        this.defaultFrom = MailAddresses.isValid(defaultFrom) ? defaultFrom.strip() : "no-reply@archipel.example";
    }

    /** A branch as the adoption tables show it. */
    public record BranchRef(UUID id, String code, String name, String territoryName, List<String> managers,
            Instant lastReminder) {
    }

    public record InactiveRow(BranchRef branch, Instant lastSend) {
    }

    public record KitRow(UUID kitId, String name, LocalDate windowEnd, List<BranchRef> branches) {
    }

    public record UnspentRow(BranchRef branch, UUID budgetId, PeriodKind periodKind, LocalDate periodStart,
            LocalDate periodEnd, BudgetUse use, int elapsedPercent) {
    }

    public record HistoryRow(String to, Instant sentAt, String sentBy, List<String> reasons, List<String> branches) {
    }

    public record Adoption(int days, List<InactiveRow> inactive, List<KitRow> kits, List<UnspentRow> unspent,
            List<HistoryRow> history) {
    }

    /** The three lists for the caller's active branches, and the latest reminders that name them. */
    public Adoption view(int days) {
        int n = Math.max(1, Math.min(MAX_DAYS, days));
        return readTx.execute(status -> {
            Context c = context();
            LocalDate today = SteeringQueries.today();
            Instant threshold = Instant.now().minusSeconds(n * 86_400L);
            Map<UUID, Instant> lastSends = store.lastSends(c.ids());
            List<InactiveRow> inactive = c.branches.values().stream()
                    .filter(b -> lastSends.get(b.id()) == null || lastSends.get(b.id()).isBefore(threshold))
                    .sorted(Comparator.comparing((BranchSummary b) -> lastSends.getOrDefault(b.id(), Instant.EPOCH))
                            .thenComparing(BranchSummary::code))
                    .map(b -> new InactiveRow(c.ref(b), lastSends.get(b.id()))).toList();
            List<KitRow> kits = store.kitGaps(c.ids(), today, KIT_GRACE_DAYS).stream()
                    .filter(k -> !k.branchIds().isEmpty())
                    .map(k -> new KitRow(k.kitId(), k.name(), k.windowEnd(), k.branchIds().stream()
                            .map(c.branches::get).filter(Objects::nonNull).map(c::ref).toList()))
                    .filter(k -> !k.branches().isEmpty()).toList();
            List<UnspentRow> unspent = unspent(c, today);
            Map<UUID, String> branchNames = new HashMap<>();
            c.branches.values().forEach(b -> branchNames.put(b.id(), b.name()));
            Map<UUID, String> userNames = new HashMap<>();
            c.users.forEach(u -> userNames.put(u.id(), u.displayName()));
            List<HistoryRow> history = store.recentReminders(50).stream()
                    .filter(r -> r.branchIds().stream().anyMatch(branchNames::containsKey))
                    .limit(15)
                    .map(r -> new HistoryRow(userNames.getOrDefault(r.userId(), "—"), r.sentAt(), r.sentBy(),
                            List.of(r.reasons().split(",")), r.branchIds().stream().map(branchNames::get)
                                    .filter(Objects::nonNull).toList()))
                    .toList();
            return new Adoption(n, inactive, kits, unspent, history);
        });
    }

    private List<UnspentRow> unspent(Context c, LocalDate today) {
        List<UnspentRow> out = new ArrayList<>();
        String currency = store.settings().currency();
        for (PeriodKind kind : PeriodKind.values()) {
            LocalDate start = kind.start(today);
            LocalDate end = kind.end(start);
            List<SteeringStore.BudgetRow> rows = store.budgets(c.ids(), kind, start);
            if (rows.isEmpty()) {
                continue;
            }
            Map<UUID, SteeringStore.Usage> usage = store.usage(
                    rows.stream().map(SteeringStore.BudgetRow::branchId).toArray(UUID[]::new), start, end, null);
            int elapsed = elapsedPercent(start, end, today);
            for (SteeringStore.BudgetRow r : rows) {
                BudgetUse use = SteeringQueries.use(r, usage.getOrDefault(r.branchId(), SteeringStore.none()), currency);
                BranchSummary b = c.branches.get(r.branchId());
                if (b != null && use.allocated().signum() > 0 && use.usedPercent() < elapsed) {
                    out.add(new UnspentRow(c.ref(b), r.id(), kind, start, end, use, elapsed));
                }
            }
        }
        out.sort(Comparator.comparingInt((UnspentRow u) -> u.use().usedPercent() - u.elapsedPercent())
                .thenComparing(u -> u.branch().code()));
        return out;
    }

    static int elapsedPercent(LocalDate start, LocalDate end, LocalDate day) {
        long total = java.time.temporal.ChronoUnit.DAYS.between(start, end) + 1;
        long done = java.time.temporal.ChronoUnit.DAYS.between(start, day) + 1;
        return (int) Math.max(0, Math.min(100, Math.round(done * 100.0 / total)));
    }

    // ---------------------------------------------------------------- reminders

    /** A selected row: {@code INACTIVE:<branchId>}, {@code KIT:<kitId>:<branchId>}, {@code BUDGET:<budgetId>}. */
    public record Selection(String reason, UUID branchId, UUID kitId, UUID budgetId) {

        static Selection parse(String value) {
            if (value == null) {
                return null;
            }
            String[] p = value.strip().split(":");
            try {
                return switch (p[0]) {
                    case "INACTIVE" -> p.length == 2 ? new Selection("INACTIVE", UUID.fromString(p[1]), null, null) : null;
                    case "KIT" -> p.length == 3
                            ? new Selection("KIT_UNUSED", UUID.fromString(p[2]), UUID.fromString(p[1]), null) : null;
                    case "BUDGET" -> p.length == 2 ? new Selection("BUDGET_UNSPENT", null, null, UUID.fromString(p[1]))
                            : null;
                    default -> null;
                };
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    /** One reminder to send: to whom, in which language, and what it says. */
    public record PlannedMail(UUID userId, String name, String email, Locale locale, String subject,
            List<String> items, Set<String> reasons, Set<UUID> branchIds, Set<UUID> kitIds) {

        public String language() {
            return locale.getLanguage();
        }
    }

    /** A manager (or branch) left out, with the message key of why. */
    public record Skipped(String name, String reasonKey) {
    }

    public record Plan(List<PlannedMail> mails, List<Skipped> skipped, List<String> selections) {
    }

    public record Sent(int sent, int skipped, int failed) {
    }

    /**
     * Who would be reminded of what for these selected rows (only rows of the caller's scope still true today are
     * kept; unknown values are ignored), one mail per active manager, managers reminded today left out.
     */
    public Plan plan(List<String> selections) {
        SteeringGuard.requireAdmin();
        return readTx.execute(status -> plan(context(), selections));
    }

    private Plan plan(Context c, List<String> values) {
        LocalDate today = SteeringQueries.today();
        Map<UUID, InactiveRow> inactive = new HashMap<>();
        Map<String, KitRow> kits = new HashMap<>();
        Map<UUID, UnspentRow> unspent = new HashMap<>();
        Adoption a = viewUnchecked(c, MAX_DAYS);
        // inactive rows are re-checked against the widest window the page offers: any branch without a send in 1 day
        Map<UUID, Instant> lastSends = store.lastSends(c.ids());
        c.branches.values().forEach(b -> inactive.put(b.id(), new InactiveRow(c.ref(b), lastSends.get(b.id()))));
        a.kits().forEach(k -> k.branches().forEach(b -> kits.put(k.kitId() + ":" + b.id(), k)));
        a.unspent().forEach(u -> unspent.put(u.budgetId(), u));

        Map<UUID, List<String>> itemsByUser = new LinkedHashMap<>();
        Map<UUID, Set<String>> reasonsByUser = new HashMap<>();
        Map<UUID, Set<UUID>> branchesByUser = new HashMap<>();
        Map<UUID, Set<UUID>> kitsByUser = new HashMap<>();
        Map<UUID, UserView> usersById = new HashMap<>();
        List<Skipped> skipped = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>(values == null ? List.of() : values);
        for (String value : seen) {
            Selection s = Selection.parse(value);
            if (s == null) {
                continue;
            }
            BranchSummary branch;
            java.util.function.Function<Locale, String> item;
            switch (s.reason()) {
                case "INACTIVE" -> {
                    InactiveRow row = inactive.get(s.branchId());
                    if (row == null) {
                        continue;
                    }
                    branch = c.branches.get(s.branchId());
                    item = l -> row.lastSend() == null ? msg("steering.mail.inactiveNever", l, label(branch))
                            : msg("steering.mail.inactive", l, label(branch), date(row.lastSend(), l));
                }
                case "KIT_UNUSED" -> {
                    KitRow row = kits.get(s.kitId() + ":" + s.branchId());
                    if (row == null) {
                        continue;
                    }
                    branch = c.branches.get(s.branchId());
                    item = l -> msg("steering.mail.kit", l, label(branch), row.name(), row.windowEnd() == null ? ""
                            : msg("steering.mail.kitUntil", l, date(row.windowEnd(), l)));
                }
                default -> {
                    UnspentRow row = unspent.get(s.budgetId());
                    if (row == null) {
                        continue;
                    }
                    branch = c.branches.get(row.branch().id());
                    item = l -> msg("steering.mail.budget", l, label(branch), row.use().usedPercent(),
                            msg("steering.period." + row.periodKind().name(), l), row.elapsedPercent());
                }
            }
            if (branch == null) {
                continue;
            }
            kept.add(value);
            List<UserView> managers = c.managersOf(branch);
            if (managers.isEmpty()) {
                skipped.add(new Skipped(label(branch), "steering.preview.skipped.noManager"));
                continue;
            }
            for (UserView m : managers) {
                usersById.put(m.id(), m);
                Locale locale = c.locale(m);
                List<String> items = itemsByUser.computeIfAbsent(m.id(), k -> new ArrayList<>());
                String text = item.apply(locale);
                if (!items.contains(text)) {
                    items.add(text);
                }
                reasonsByUser.computeIfAbsent(m.id(), k -> new LinkedHashSet<>()).add(s.reason());
                branchesByUser.computeIfAbsent(m.id(), k -> new LinkedHashSet<>()).add(branch.id());
                if (s.kitId() != null) {
                    kitsByUser.computeIfAbsent(m.id(), k -> new LinkedHashSet<>()).add(s.kitId());
                }
            }
        }
        Set<UUID> remindedToday = new java.util.HashSet<>(store.remindedOn(today));
        List<PlannedMail> mails = new ArrayList<>();
        for (Map.Entry<UUID, List<String>> e : itemsByUser.entrySet()) {
            UserView u = usersById.get(e.getKey());
            if (remindedToday.contains(u.id())) {
                skipped.add(new Skipped(u.displayName(), "steering.preview.skipped.today"));
                continue;
            }
            Locale locale = c.locale(u);
            String branchNames = branchesByUser.get(u.id()).stream().map(c.branches::get).filter(Objects::nonNull)
                    .map(BranchSummary::name).distinct().collect(Collectors.joining(", "));
            mails.add(new PlannedMail(u.id(), u.displayName(), u.email(), locale,
                    msg("steering.mail.subject", locale, branchNames), List.copyOf(e.getValue()),
                    reasonsByUser.get(u.id()), branchesByUser.get(u.id()),
                    kitsByUser.getOrDefault(u.id(), Set.of())));
        }
        return new Plan(mails, skipped, kept);
    }

    /** Sends the planned reminders: each recorded first (once a day per manager), then handed to the mail server. */
    public Sent remind(List<String> selections) {
        SteeringGuard.requireAdmin();
        Plan plan = plan(selections);
        UUID tenantId = TenantContext.require();
        String from = tenantNames.name(tenantId).orElse("Archipel");
        String actor = SteeringGuard.actor();
        LocalDate today = SteeringQueries.today();
        int sent = 0;
        int skipped = (int) plan.skipped().stream().filter(s -> s.reasonKey().endsWith("today")).count();
        int failed = 0;
        for (PlannedMail m : plan.mails()) {
            Boolean recorded = tx.execute(status -> store.recordReminder(m.userId(), today,
                    String.join(",", m.reasons()), m.branchIds().toArray(UUID[]::new),
                    m.kitIds().toArray(UUID[]::new), actor));
            if (!Boolean.TRUE.equals(recorded)) {
                skipped++;
                continue;
            }
            try {
                if (outbox.configured()) {
                    outbox.send(compose(m, from));
                }
                sent++;
            } catch (MailDeliveryException | IllegalArgumentException e) {
                log.warn("Reminder to {} not sent: {}", m.email(), e.getMessage());
                tx.executeWithoutResult(status -> store.forgetReminder(m.userId(), today));
                failed++;
            }
        }
        return new Sent(sent, skipped, failed);
    }

    /** The mail as it is sent (also shown in the preview). */
    public OutgoingMail compose(PlannedMail m, String fromName) {
        Locale l = m.locale();
        return NoticeMail.of(l, m.subject())
                .paragraph(msg("steering.mail.greeting", l, m.name()))
                .paragraph(msg("steering.mail.intro", l))
                .list(msg("steering.mail.list", l), m.items())
                .action(msg("steering.mail.action", l), previewer.publicBaseUrl() + "/portal")
                .to(msg("steering.mail.footer", l), fromName, defaultFrom, m.name(), m.email(),
                        Map.of("X-Archipel-Notification", "STEERING_REMINDER"));
    }

    // ---------------------------------------------------------------- context

    private Adoption viewUnchecked(Context c, int days) {
        LocalDate today = SteeringQueries.today();
        List<KitRow> kits = store.kitGaps(c.ids(), today, KIT_GRACE_DAYS).stream()
                .map(k -> new KitRow(k.kitId(), k.name(), k.windowEnd(), k.branchIds().stream()
                        .map(c.branches::get).filter(Objects::nonNull).map(c::ref).toList()))
                .toList();
        return new Adoption(days, List.of(), kits, unspent(c, today), List.of());
    }

    /** The caller's active branches with their territories and the tenant's active managers. */
    private final class Context {
        final Map<UUID, BranchSummary> branches = new LinkedHashMap<>();
        final Map<UUID, String> territoryNames = new HashMap<>();
        final Map<UUID, String> territoryPaths = new HashMap<>();
        final List<UserView> users;
        final Map<UUID, Instant> lastReminders;
        final Locale fallback;

        Context() {
            network.visibleBranches().stream().filter(BranchSummary::active).forEach(b -> branches.put(b.id(), b));
            territories.visibleTree().forEach(t -> {
                territoryNames.put(t.id(), t.name());
                territoryPaths.put(t.id(), t.path());
            });
            users = AdoptionService.this.users.all().stream()
                    .filter(u -> u.active() && u.role() == Role.BRANCH_MANAGER).toList();
            lastReminders = store.lastReminders(ids());
            UUID tenantId = TenantContext.require();
            fallback = supported(tenants.find(tenantId).map(t -> t.defaultLocale()).filter(Objects::nonNull)
                    .map(Locale::forLanguageTag).orElse(Locale.ENGLISH));
        }

        UUID[] ids() {
            return branches.keySet().toArray(UUID[]::new);
        }

        BranchRef ref(BranchSummary b) {
            return new BranchRef(b.id(), b.code(), b.name(), territoryNames.get(b.territoryId()),
                    managersOf(b).stream().map(UserView::displayName).toList(), lastReminders.get(b.id()));
        }

        List<UserView> managersOf(BranchSummary b) {
            String path = territoryPaths.computeIfAbsent(b.territoryId(),
                    id -> directory.territoryPath(id).orElse(null));
            return users.stream().filter(u -> covers(u, b.id(), path)).toList();
        }

        boolean covers(UserView u, UUID branchId, String branchPath) {
            if (u.scopeType() == ScopeType.TENANT) {
                return true;
            }
            if (u.scopeType() == ScopeType.BRANCHES) {
                return u.scopeBranchIds() != null && u.scopeBranchIds().contains(branchId);
            }
            String scopePath = u.scopeTerritoryId() == null ? null : territoryPaths.computeIfAbsent(
                    u.scopeTerritoryId(), id -> directory.territoryPath(id).orElse(null));
            return scopePath != null && branchPath != null && branchPath.startsWith(scopePath);
        }

        Locale locale(UserView u) {
            return u.locale() == null || u.locale().isBlank() ? fallback
                    : supported(Locale.forLanguageTag(u.locale()));
        }
    }

    private Context context() {
        return new Context();
    }

    static Locale supported(Locale locale) {
        return locale != null && "fr".equals(locale.getLanguage()) ? Locale.FRENCH : Locale.ENGLISH;
    }

    private static String label(BranchSummary b) {
        return b.name() + " (" + b.code() + ")";
    }

    private String msg(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }

    private String date(Instant at, Locale locale) {
        return date(at.atZone(ZoneOffset.UTC).toLocalDate(), locale);
    }

    private String date(LocalDate day, Locale locale) {
        return DateTimeFormatter.ofPattern(msg("steering.mail.datePattern", locale), locale).format(day);
    }
}
