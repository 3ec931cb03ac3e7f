package io.archipel.campaign.notifications;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.archipel.campaign.Campaigns;
import io.archipel.campaign.Policies;
import io.archipel.campaign.ReviewRouting;
import io.archipel.identity.Role;
import io.archipel.identity.UserAccountService;
import io.archipel.identity.UserAccountService.UserView;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TenantService;
import org.springframework.stereotype.Component;

/**
 * Who hears about a campaign (reviews, template updates) or a kit, and in which language. Call inside a transaction of the campaign's tenant (system
 * context): it reads every user of the tenant.
 * <ul>
 * <li>reviewers: the active validators whose scope holds the branch when the policy names territory validators (and
 * the campaign was not escalated), else the active HQ admins and marketers whose scope holds it; when a policy names
 * validators but none covers the branch, HQ is told instead so that nobody waits for a review no one sees;</li>
 * <li>the branch side: the campaign's author and the active managers of the branch.</li>
 * </ul>
 */
@Component
public class CampaignRecipients {

    /** A person to notify with the language of their mails. */
    public record Recipient(UUID userId, String email, String name, Locale locale, Role role) {
    }

    private final UserAccountService users;
    private final BranchService branches;
    private final ReviewRouting routing;
    private final TenantService tenants;

    CampaignRecipients(UserAccountService users, BranchService branches, ReviewRouting routing, TenantService tenants) {
        this.users = users;
        this.branches = branches;
        this.routing = routing;
        this.tenants = tenants;
    }

    public List<Recipient> reviewers(Campaigns.Details campaign, UUID tenantId) {
        UUID branchId = campaign.summary().branchId();
        String branchPath = branches.territoryPath(branchId);
        List<UserView> all = users.all();
        Locale fallback = tenantLocale(tenantId);
        Policies.Effective effective = campaign.policy();
        boolean validators = effective != null
                && effective.policy().reviewer() == Policies.Reviewer.TERRITORY_VALIDATORS
                && campaign.summary().escalatedAt() == null;
        List<Recipient> found = new ArrayList<>();
        if (validators) {
            found = matching(all, List.of(Role.VALIDATOR), branchId, branchPath, fallback);
        }
        if (found.isEmpty()) {
            found = matching(all, List.of(Role.HQ_ADMIN, Role.HQ_MARKETER), branchId, branchPath, fallback);
        }
        return found;
    }

    /** The author of the campaign (when still active) and the managers of its branch, once each. */
    public List<Recipient> branchSide(Campaigns.Details campaign, UUID tenantId) {
        UUID branchId = campaign.summary().branchId();
        String branchPath = branches.territoryPath(branchId);
        List<UserView> all = users.all();
        Locale fallback = tenantLocale(tenantId);
        Map<UUID, Recipient> out = new LinkedHashMap<>();
        String author = campaign.createdBy();
        if (author != null) {
            all.stream().filter(UserView::active).filter(u -> u.email().equalsIgnoreCase(author)).findFirst()
                    .ifPresent(u -> out.put(u.id(), recipient(u, fallback)));
        }
        for (Recipient r : matching(all, List.of(Role.BRANCH_MANAGER), branchId, branchPath, fallback)) {
            out.putIfAbsent(r.userId(), r);
        }
        return new ArrayList<>(out.values());
    }

    private List<Recipient> matching(List<UserView> all, List<Role> roles, UUID branchId, String branchPath,
            Locale fallback) {
        return all.stream().filter(UserView::active).filter(u -> roles.contains(u.role()))
                .filter(u -> routing.covers(u, branchId, branchPath))
                .map(u -> recipient(u, fallback)).toList();
    }


    private static Recipient recipient(UserView u, Locale fallback) {
        Locale locale = u.locale() == null || u.locale().isBlank() ? fallback : Locale.forLanguageTag(u.locale());
        return new Recipient(u.id(), u.email(), u.displayName(), supported(locale), u.role());
    }

    /** The tenant's default language, English when unknown. */
    public Locale tenantLocale(UUID tenantId) {
        return supported(tenants.find(tenantId).map(t -> t.defaultLocale()).filter(Objects::nonNull)
                .map(Locale::forLanguageTag).orElse(Locale.ENGLISH));
    }

    /** French or English (the languages of the bundles). */
    public static Locale supported(Locale locale) {
        return locale != null && "fr".equals(locale.getLanguage()) ? Locale.FRENCH : Locale.ENGLISH;
    }
}
