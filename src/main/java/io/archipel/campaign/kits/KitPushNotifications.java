package io.archipel.campaign.kits;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.archipel.brand.TemplatePreviewer;
import io.archipel.campaign.KitPushed;
import io.archipel.campaign.KitService;
import io.archipel.campaign.Kits;
import io.archipel.delivery.MailAddresses;
import io.archipel.delivery.MailDeliveryException;
import io.archipel.delivery.Outbox;
import io.archipel.delivery.OutgoingMail;
import io.archipel.identity.Role;
import io.archipel.identity.UserAccountService;
import io.archipel.identity.UserAccountService.UserView;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.NetworkDirectory;
import io.archipel.tenancy.ScopeType;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantDirectory;
import io.archipel.tenancy.TenantService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.util.HtmlUtils;

/**
 * Once a kit push is committed, each active manager of a targeted branch gets one e-mail ("New campaign kit to
 * personalise: X, before <end>") in their language, linking to the kits page of their first targeted branch (the
 * portal lets a manager of several branches switch). Whoever pushed is not told. A mail that cannot be sent is
 * logged and skipped: a notification never undoes a push.
 */
@Component
class KitPushNotifications {

    private static final Logger log = LoggerFactory.getLogger(KitPushNotifications.class);

    private final KitService kits;
    private final UserAccountService users;
    private final NetworkDirectory network;
    private final BranchService branches;
    private final TenantService tenants;
    private final TenantDirectory tenantNames;
    private final Outbox outbox;
    private final MessageSource messages;
    private final TemplatePreviewer previewer;
    private final TransactionTemplate newTransaction;
    private final String defaultFrom;

    KitPushNotifications(KitService kits, UserAccountService users, NetworkDirectory network, BranchService branches,
            TenantService tenants,
            TenantDirectory tenantNames, Outbox outbox, MessageSource messages, TemplatePreviewer previewer,
            PlatformTransactionManager transactions,
            @Value("${archipel.mail.default-from:no-reply@archipel.example}") String defaultFrom) {
        this.kits = kits;
        this.users = users;
        this.network = network;
        this.branches = branches;
        this.tenants = tenants;
        this.tenantNames = tenantNames;
        this.outbox = outbox;
        this.messages = messages;
        this.previewer = previewer;
        // the event's transaction is over (and its tenant setting with it): read in a fresh one
        this.newTransaction = new TransactionTemplate(transactions);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.newTransaction.setReadOnly(true);
        this.defaultFrom = MailAddresses.isValid(defaultFrom) ? defaultFrom.strip() : "no-reply@archipel.example";
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onPush(KitPushed event) {
        try {
            List<OutgoingMail> mails = new ArrayList<>();
            TenantContext.runAsSystem(event.tenantId(), () -> mails.addAll(newTransaction.execute(status ->
                    compose(event))));
            send(event.tenantId(), mails);
        } catch (RuntimeException e) {
            log.warn("Kit push notice for kit {} not sent: {}", event.kitId(), e.toString());
        }
    }

    private List<OutgoingMail> compose(KitPushed event) {
        Kits.Details kit = kits.get(event.kitId());
        List<Kits.BranchProgress> targeted = kits.progress(event.kitId());
        if (targeted.isEmpty()) {
            return List.of();
        }
        Map<UUID, String> paths = new LinkedHashMap<>();
        Set<UUID> targetedIds = targeted.stream().map(Kits.BranchProgress::branchId)
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        Locale fallback = supported(tenants.find(event.tenantId()).map(t -> t.defaultLocale())
                .filter(Objects::nonNull).map(Locale::forLanguageTag).orElse(Locale.ENGLISH));
        String from = tenantNames.name(event.tenantId()).orElse("Archipel");
        List<OutgoingMail> out = new ArrayList<>();
        for (UserView u : users.all()) {
            if (!u.active() || u.role() != Role.BRANCH_MANAGER
                    || (event.actor() != null && u.email().equalsIgnoreCase(event.actor()))) {
                continue;
            }
            Optional<Kits.BranchProgress> first = targeted.stream()
                    .filter(p -> covers(u, p.branchId(), paths)).findFirst();
            if (first.isEmpty() || !targetedIds.contains(first.get().branchId())) {
                continue;
            }
            Locale locale = u.locale() == null || u.locale().isBlank() ? fallback
                    : supported(Locale.forLanguageTag(u.locale()));
            out.add(mail(kit, u, first.get(), locale, from));
        }
        return out;
    }

    private boolean covers(UserView u, UUID branchId, Map<UUID, String> paths) {
        if (u.scopeType() == ScopeType.TENANT) {
            return true;
        }
        if (u.scopeType() == ScopeType.BRANCHES) {
            return u.scopeBranchIds() != null && u.scopeBranchIds().contains(branchId);
        }
        Optional<String> scopePath = network.territoryPath(u.scopeTerritoryId());
        String branchPath = paths.computeIfAbsent(branchId, this::branchPath);
        return scopePath.isPresent() && branchPath != null && branchPath.startsWith(scopePath.get());
    }

    private String branchPath(UUID branchId) {
        return branches.territoryPath(branchId);
    }

    private OutgoingMail mail(Kits.Details kit, UserView to, Kits.BranchProgress branch, Locale locale,
            String fromName) {
        String name = kit.summary().name();
        String end = date(kit.summary().windowEnd(), locale);
        String subject = msg("kit.mail.subject", locale, name, end);
        List<String> lines = new ArrayList<>();
        lines.add(msg("kit.mail.greeting", locale, to.displayName()));
        lines.add(msg("kit.mail.body", locale, name, branch.branchName() + " (" + branch.branchCode() + ")",
                date(kit.summary().windowStart(), locale), end));
        String brief = kit.brief() == null || kit.brief().isBlank() ? null : kit.brief().strip();
        String link = previewer.publicBaseUrl() + "/portal/kits?branchId=" + branch.branchId();
        String action = msg("kit.mail.action", locale);
        String briefLabel = msg("kit.mail.brief", locale);
        String footer = msg("kit.mail.footer", locale);

        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append("\n\n");
        }
        if (brief != null) {
            text.append(briefLabel).append("\n");
            for (String l : brief.split("\\R")) {
                text.append("> ").append(l).append("\n");
            }
            text.append("\n");
        }
        text.append(action).append(": ").append(link).append("\n\n-- \n").append(footer).append("\n");

        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html><html lang=\"").append(locale.getLanguage())
                .append("\"><head><meta charset=\"utf-8\"><title>").append(esc(subject)).append("</title></head>")
                .append("<body style=\"margin:0;padding:24px;background:#f4f6fa;font-family:Arial,Helvetica,")
                .append("sans-serif;color:#1f2937;font-size:15px;line-height:1.5\">")
                .append("<div style=\"max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;")
                .append("padding:24px\">");
        for (String line : lines) {
            html.append("<p style=\"margin:0 0 12px\">").append(esc(line)).append("</p>");
        }
        if (brief != null) {
            html.append("<p style=\"margin:16px 0 4px;font-weight:bold\">").append(esc(briefLabel)).append("</p>")
                    .append("<blockquote style=\"margin:0 0 16px;padding:8px 12px;border-left:4px solid #2563eb;")
                    .append("background:#eff6ff;white-space:pre-line\">").append(esc(brief)).append("</blockquote>");
        }
        html.append("<p style=\"margin:20px 0\"><a href=\"").append(esc(link))
                .append("\" style=\"display:inline-block;background:#2563eb;color:#ffffff;text-decoration:none;")
                .append("padding:10px 18px;border-radius:6px;font-weight:bold\">").append(esc(action))
                .append("</a></p><p style=\"margin:16px 0 0;font-size:12px;color:#6b7280\">").append(esc(footer))
                .append("</p></div></body></html>");
        return new OutgoingMail(fromName, defaultFrom, null, to.displayName(), to.email(), subject, html.toString(),
                text.toString(), Map.of("X-Archipel-Kit", kit.id().toString(), "X-Archipel-Notification",
                        "KIT_PUSHED"));
    }

    private void send(UUID tenantId, List<OutgoingMail> mails) {
        if (mails.isEmpty() || !outbox.configured()) {
            return;
        }
        // the tenant context marks each mail with its network (the mail sandbox files them by it)
        TenantContext.runAs(tenantId, () -> {
            for (OutgoingMail mail : mails) {
                try {
                    outbox.send(mail);
                } catch (MailDeliveryException | IllegalArgumentException e) {
                    log.warn("Kit push notice to {} not sent: {}", mail.toAddress(), e.getMessage());
                }
            }
        });
    }

    private String msg(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }

    private String date(LocalDate day, Locale locale) {
        return day == null ? "—" : DateTimeFormatter.ofPattern(msg("kit.mail.datePattern", locale), locale)
                .format(day);
    }

    private static Locale supported(Locale locale) {
        return locale != null && "fr".equals(locale.getLanguage()) ? Locale.FRENCH : Locale.ENGLISH;
    }

    private static String esc(String s) {
        return HtmlUtils.htmlEscape(s == null ? "" : s, "UTF-8");
    }
}
