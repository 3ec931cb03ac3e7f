package io.archipel.delivery;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.archipel.brand.BlockField;
import io.archipel.brand.BrandKit;
import io.archipel.brand.BrandKitService;
import io.archipel.brand.EmailTemplateContent;
import io.archipel.brand.LockableText;
import io.archipel.brand.ReplyToRule;
import io.archipel.brand.TemplateBlock;
import io.archipel.brand.TemplateCategory;
import io.archipel.brand.TemplateChannel;
import io.archipel.brand.TemplateService;
import io.archipel.brand.WebSafeFont;
import io.archipel.identity.Role;
import io.archipel.identity.UserAccountService;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.ScopeType;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantService;
import io.archipel.tenancy.TerritoryKind;
import io.archipel.tenancy.TerritoryService;

/**
 * A network of its own for the mail tests (created once per JVM): an HQ marketer, a branch with an e-mail address, and
 * a saved brand kit whose sender and Reply-To rule the tests check, so the demo network's kit is left alone.
 */
record MailNetwork(UUID tenantId, String tag, String marketerEmail, UUID branchId, String branchEmail,
        String senderName, String senderEmail) {

    private static MailNetwork instance;

    static synchronized MailNetwork ensure(TenantService tenants, TerritoryService territories,
            BranchService branches, UserAccountService users, BrandKitService brandKits) {
        if (instance == null) {
            String tag = UUID.randomUUID().toString().substring(0, 8);
            UUID tenantId = tenants.create("mailtest-" + tag, "Mail Test " + tag, "en");
            String marketer = "marketer-" + tag + "@mailtest.example";
            String branchEmail = "shop-" + tag + "@mailtest.example";
            String senderName = "Maison Courrier " + tag;
            String senderEmail = "news-" + tag + "@mailtest.example";
            UUID[] branch = new UUID[1];
            TenantContext.runAsSystem(tenantId, () -> {
                UUID country = territories.create(null, TerritoryKind.COUNTRY, "MT-" + tag, "Mailland " + tag);
                branch[0] = branches.create(new BranchService.BranchData("MT-" + tag, "Mail shop " + tag, country,
                        "1 rue du Courrier", null, "75001", "Paris", "FR", "+33 1 00 00 00 00", branchEmail,
                        "Mon-Sat 10-19", "Europe/Paris", "Mail shop"));
                users.create(new UserAccountService.UserData(marketer, "Marketer " + tag, Role.HQ_MARKETER,
                        ScopeType.TENANT, null, Set.of(), "Mail-Password-2026"));
                brandKits.save(0, new BrandKit.Changes(null, "#123456", "#654321", "#111111", "#ffffff",
                        WebSafeFont.ARIAL, WebSafeFont.ARIAL, senderName, senderEmail, ReplyToRule.BRANCH_EMAIL, null,
                        "", Map.of()));
            });
            instance = new MailNetwork(tenantId, tag, marketer, branch[0], branchEmail, senderName, senderEmail);
        }
        return instance;
    }

    /** A new e-mail template whose draft has this heading and greets the contact by first name. */
    UUID newTemplate(TemplateService templates, String heading) {
        UUID[] id = new UUID[1];
        TenantContext.runAsSystem(tenantId, () -> {
            id[0] = templates.create(TemplateChannel.EMAIL, "Test send " + UUID.randomUUID(), TemplateCategory.NEWSLETTER,
                    "");
            var details = templates.get(id[0]);
            EmailTemplateContent starter = details.email();
            List<TemplateBlock> blocks = starter.blocks().stream().map(b -> switch (b.type()) {
                case HEADING -> b.withContent(Map.of(BlockField.TEXT.key(), heading));
                case RICH_TEXT -> b.withContent(Map.of(BlockField.HTML.key(),
                        "<p>Hello {{contact.firstName}}, see you soon.</p>"));
                default -> b;
            }).toList();
            EmailTemplateContent content = new EmailTemplateContent(
                    new LockableText(heading + " for {{contact.firstName}}", false, true, 120), starter.preheader(),
                    blocks);
            templates.saveEmailDraft(id[0], details.version(), content);
        });
        return id[0];
    }

    /** A new e-mail template with no block at all. */
    UUID emptyTemplate(TemplateService templates) {
        UUID[] id = new UUID[1];
        TenantContext.runAsSystem(tenantId, () -> {
            id[0] = templates.create(TemplateChannel.EMAIL, "Empty " + UUID.randomUUID(), TemplateCategory.NEWSLETTER, "");
            var details = templates.get(id[0]);
            templates.saveEmailDraft(id[0], details.version(), new EmailTemplateContent(
                    new LockableText("Nothing", false, true, 120), details.email().preheader(), List.of()));
        });
        return id[0];
    }
}
