package io.archipel.campaign.kits;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.archipel.brand.TemplatePreviewer;
import io.archipel.campaign.KitPushed;
import io.archipel.campaign.KitService;
import io.archipel.campaign.Kits;
import io.archipel.campaign.ReviewRouting;
import io.archipel.campaign.notifications.CampaignRecipients;
import io.archipel.identity.Role;
import io.archipel.identity.UserAccountService;
import io.archipel.identity.UserAccountService.UserView;
import io.archipel.shared.mail.MailAddresses;
import io.archipel.shared.mail.MailDeliveryException;
import io.archipel.shared.mail.MailSender;
import io.archipel.shared.mail.NoticeMail;
import io.archipel.shared.mail.OutgoingMail;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantDirectory;
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
    private final ReviewRouting routing;
    private final CampaignRecipients recipients;
    private final BranchService branches;
    private final TenantDirectory tenantNames;
    private final MailSender outbox;
    private final MessageSource messages;
    private final TemplatePreviewer previewer;
    private final TransactionTemplate newTransaction;
    private final String defaultFrom;

    KitPushNotifications(KitService kits, UserAccountService users, ReviewRouting routing,
            CampaignRecipients recipients, BranchService branches, TenantDirectory tenantNames, MailSender outbox,
            MessageSource messages, TemplatePreviewer previewer, PlatformTransactionManager transactions,
            @Value("${archipel.mail.default-from:no-reply@archipel.example}") String defaultFrom) {
        this.kits = kits;
        this.users = users;
        this.routing = routing;
        this.recipients = recipients;
        this.branches = branches;
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
        Locale fallback = recipients.tenantLocale(event.tenantId());
        String from = tenantNames.name(event.tenantId()).orElse("Archipel");
        List<OutgoingMail> out = new ArrayList<>();
        for (UserView u : users.all()) {
            if (!u.active() || u.role() != Role.BRANCH_MANAGER
                    || (event.actor() != null && u.email().equalsIgnoreCase(event.actor()))) {
                continue;
            }
            Optional<Kits.BranchProgress> first = targeted.stream()
                    .filter(p -> routing.covers(u, p.branchId(), paths.computeIfAbsent(p.branchId(),
                            branches::territoryPath))).findFirst();
            if (first.isEmpty() || !targetedIds.contains(first.get().branchId())) {
                continue;
            }
            Locale locale = u.locale() == null || u.locale().isBlank() ? fallback
                    : CampaignRecipients.supported(Locale.forLanguageTag(u.locale()));
            out.add(mail(kit, u, first.get(), locale, from));
        }
        return out;
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

        return NoticeMail.of(locale, subject).paragraphs(lines).quote(briefLabel, brief).action(action, link)
                .to(footer, fromName, defaultFrom, to.displayName(), to.email(), Map.of("X-Archipel-Kit",
                        kit.id().toString(), "X-Archipel-Notification", "KIT_PUSHED"));
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
}
