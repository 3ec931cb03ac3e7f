package io.archipel.campaign.propagation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import io.archipel.brand.TemplatePreviewer;
import io.archipel.campaign.CampaignService;
import io.archipel.campaign.Campaigns;
import io.archipel.campaign.TemplateUpdates;
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
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tells a branch that its campaign moved to a new template version (or could not): one e-mail to the campaign's
 * author (when still active) and to each active manager of the branch, in the recipient's language. A mail that
 * cannot be sent is logged and skipped (the portal notice still shows it).
 */
@Component
class PropagationNotices {

    private static final Logger log = LoggerFactory.getLogger(PropagationNotices.class);

    /** A person to tell, with the language of their mails. */
    record Recipient(UUID userId, String email, String name, Locale locale) {
    }

    private final CampaignService campaigns;
    private final UpdateStore store;
    private final UserAccountService users;
    private final BranchService branches;
    private final NetworkDirectory network;
    private final TenantService tenants;
    private final TenantDirectory tenantNames;
    private final Outbox outbox;
    private final MessageSource messages;
    private final TemplatePreviewer previewer;
    private final TransactionTemplate read;
    private final String defaultFrom;

    PropagationNotices(CampaignService campaigns, UpdateStore store, UserAccountService users, BranchService branches,
            NetworkDirectory network, TenantService tenants, TenantDirectory tenantNames, Outbox outbox,
            MessageSource messages, TemplatePreviewer previewer, PlatformTransactionManager transactions,
            @Value("${archipel.mail.default-from:no-reply@archipel.example}") String defaultFrom) {
        this.campaigns = campaigns;
        this.store = store;
        this.users = users;
        this.branches = branches;
        this.network = network;
        this.tenants = tenants;
        this.tenantNames = tenantNames;
        this.outbox = outbox;
        this.messages = messages;
        this.previewer = previewer;
        this.read = new TransactionTemplate(transactions);
        this.read.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.read.setReadOnly(true);
        this.defaultFrom = MailAddresses.isValid(defaultFrom) ? defaultFrom.strip() : "no-reply@archipel.example";
    }

    /** Mails the branch side about a campaign just moved or kept (after its transaction committed). */
    void tell(TemplatePropagator.Handled handled) {
        UUID tenantId = handled.tenantId();
        try {
            List<OutgoingMail> mails = new ArrayList<>();
            TenantContext.runAsSystem(tenantId, () -> mails.addAll(read.execute(s -> {
                Campaigns.Details campaign = campaigns.get(handled.campaignId());
                Optional<TemplateUpdates.Update> update = store.forCampaign(tenantId, handled.campaignId()).stream()
                        .filter(u -> u.outcome() == handled.outcome()).findFirst();
                if (update.isEmpty()) {
                    return List.<OutgoingMail>of();
                }
                PropagationMails writer = new PropagationMails(messages, tenantNames.name(tenantId).orElse("Archipel"),
                        defaultFrom, previewer.publicBaseUrl());
                return branchSide(campaign, tenantId).stream()
                        .map(r -> writer.compose(r, campaign, update.get())).toList();
            })));
            if (mails.isEmpty() || !outbox.configured()) {
                return;
            }
            TenantContext.runAs(tenantId, () -> {
                for (OutgoingMail mail : mails) {
                    try {
                        outbox.send(mail);
                    } catch (MailDeliveryException | IllegalArgumentException e) {
                        log.warn("Template update notice to {} not sent: {}", mail.toAddress(), e.getMessage());
                    }
                }
            });
        } catch (RuntimeException e) {
            log.warn("Template update notice for campaign {} not sent: {}", handled.campaignId(), e.toString());
        }
    }

    /** The author of the campaign (when still active) and the active managers of its branch, once each. */
    List<Recipient> branchSide(Campaigns.Details campaign, UUID tenantId) {
        UUID branchId = campaign.summary().branchId();
        String branchPath = branches.territoryPath(branchId);
        List<UserView> all = users.all();
        Locale fallback = supported(tenants.find(tenantId).map(t -> t.defaultLocale()).filter(Objects::nonNull)
                .map(Locale::forLanguageTag).orElse(Locale.ENGLISH));
        Map<UUID, Recipient> out = new LinkedHashMap<>();
        String author = campaign.createdBy();
        if (author != null) {
            all.stream().filter(UserView::active).filter(u -> u.email().equalsIgnoreCase(author)).findFirst()
                    .ifPresent(u -> out.put(u.id(), recipient(u, fallback)));
        }
        all.stream().filter(UserView::active).filter(u -> u.role() == Role.BRANCH_MANAGER)
                .filter(u -> covers(u, branchId, branchPath))
                .forEach(u -> out.putIfAbsent(u.id(), recipient(u, fallback)));
        return new ArrayList<>(out.values());
    }

    private boolean covers(UserView u, UUID branchId, String branchPath) {
        if (u.scopeType() == ScopeType.TENANT) {
            return true;
        }
        if (u.scopeType() == ScopeType.BRANCHES) {
            return u.scopeBranchIds() != null && u.scopeBranchIds().contains(branchId);
        }
        Optional<String> path = network.territoryPath(u.scopeTerritoryId());
        return path.isPresent() && branchPath != null && branchPath.startsWith(path.get());
    }

    private static Recipient recipient(UserView u, Locale fallback) {
        Locale locale = u.locale() == null || u.locale().isBlank() ? fallback : Locale.forLanguageTag(u.locale());
        return new Recipient(u.id(), u.email(), u.displayName(), supported(locale));
    }

    static Locale supported(Locale locale) {
        return locale != null && "fr".equals(locale.getLanguage()) ? Locale.FRENCH : Locale.ENGLISH;
    }
}
