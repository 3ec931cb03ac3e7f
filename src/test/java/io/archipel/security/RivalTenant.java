package io.archipel.security;

import java.util.Set;
import java.util.UUID;

import io.archipel.brand.AssetLibrary;
import io.archipel.identity.Role;
import io.archipel.identity.UserAccountService;
import io.archipel.identity.UserAccountService.UserData;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.BranchService.BranchData;
import io.archipel.tenancy.ScopeType;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantService;
import io.archipel.tenancy.TerritoryKind;
import io.archipel.tenancy.TerritoryService;

/**
 * A second tenant, "Rival", created once per JVM through the ordinary services. Every name, code and e-mail it owns
 * contains {@link #MARKER}, so any response that leaks Rival data into the demo network's pages is easy to spot.
 */
record RivalTenant(UUID tenantId, UUID territoryId, UUID childTerritoryId, UUID branchId, UUID userId,
        UUID managerId, String branchName, UUID assetId, UUID templateId, UUID sandboxMessageId, UUID contactId,
        UUID apiKeyId, UUID segmentId, String attributeKey, UUID importId) {

    static final String MARKER = "RIVALSECRET";

    // ---- tracking (helper T): tenant slugs for the {tenantSlug} of webhook URLs (the demo network's otherwise)
    private static final java.util.Map<UUID, String> SLUGS = new java.util.concurrent.ConcurrentHashMap<>();

    static String slugOf(UUID tenantId) {
        return SLUGS.getOrDefault(tenantId, "maison-lumiere");
    }
    // ---- end tracking
    private static RivalTenant instance;

    static synchronized RivalTenant ensure(TenantService tenants, TerritoryService territories, BranchService branches,
            UserAccountService users, AssetLibrary assets, io.archipel.brand.TemplateService templates,
            io.archipel.delivery.sandbox.MailSandbox mailSandbox, io.archipel.audience.ContactService contacts,
            io.archipel.identity.ApiKeyService apiKeys, io.archipel.audience.SegmentService segments,
            io.archipel.audience.CustomAttributeService attributes, io.archipel.audience.ContactImportService imports) {
        if (instance == null) {
            instance = create(tenants, territories, branches, users, assets, templates, mailSandbox, contacts,
                    apiKeys, segments, attributes, imports);
        }
        return instance;
    }

    private static RivalTenant create(TenantService tenants, TerritoryService territories, BranchService branches,
            UserAccountService users, AssetLibrary assets, io.archipel.brand.TemplateService templates,
            io.archipel.delivery.sandbox.MailSandbox mailSandbox, io.archipel.audience.ContactService contacts,
            io.archipel.identity.ApiKeyService apiKeys, io.archipel.audience.SegmentService segments,
            io.archipel.audience.CustomAttributeService attributes, io.archipel.audience.ContactImportService imports) {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        UUID tenantId = tenants.create("rivalsecret-" + tag, MARKER + " Rival Network " + tag, "en");
        SLUGS.put(tenantId, "rivalsecret-" + tag);
        UUID[] ids = new UUID[12];
        String attributeKey = "rivalsecret_" + tag;
        String branchName = MARKER + " Branch " + tag;
        TenantContext.runAsSystem(tenantId, () -> {
            ids[0] = territories.create(null, TerritoryKind.COUNTRY, MARKER + "-C", MARKER + " Country " + tag);
            ids[1] = territories.create(ids[0], TerritoryKind.REGION, MARKER + "-R", MARKER + " Region " + tag);
            ids[2] = branches.create(new BranchData(MARKER + "-" + tag, branchName, ids[1],
                    "1 rue " + MARKER, null, "75001", MARKER + " City", "FR", "+33 1 00 00 00 00",
                    "rivalsecret-branch-" + tag + "@rival.example", MARKER + " hours", "Europe/Paris",
                    MARKER + " Sender"));
            ids[3] = users.create(new UserData("rivalsecret-admin-" + tag + "@rival.example", MARKER + " Admin " + tag,
                    Role.HQ_ADMIN, ScopeType.TENANT, null, Set.of(), "Rival-Password-2026"));
            ids[4] = users.create(new UserData("rivalsecret-manager-" + tag + "@rival.example",
                    MARKER + " Manager " + tag, Role.BRANCH_MANAGER, ScopeType.BRANCHES, null, Set.of(ids[2]),
                    "Rival-Password-2026"));
            byte[] image = rivalImage();
            ids[5] = assets.upload(MARKER + "-logo-" + tag + ".png", image.length, () -> image).assetId();
            // a template published to the whole Rival network
            ids[6] = templates.create(io.archipel.brand.TemplateChannel.EMAIL, MARKER + " Template " + tag,
                    io.archipel.brand.TemplateCategory.PROMOTION, MARKER + " description");
            templates.publish(ids[6], templates.get(ids[6]).version(), io.archipel.brand.Availability.NETWORK);
            // a mail in Rival's mail sandbox
            ids[7] = mailSandbox.record(new io.archipel.delivery.sandbox.SandboxMessages.Received(
                    MARKER + " <rivalsecret@rival.example>", "rivalsecret-admin-" + tag + "@rival.example", null,
                    MARKER + " Subject " + tag, "<p>" + MARKER + " html</p>", MARKER + " text", "X-Marker: " + MARKER,
                    null, 100));
            // a contact of Rival's branch, with a consent event
            ids[8] = contacts.create(ids[2], new io.archipel.audience.Contacts.ContactData(
                    "rivalsecret-contact-" + tag + "@rival.example", "+33 6 00 00 00 01", MARKER + " First",
                    MARKER + " Last", null, "75001", MARKER + " City", MARKER, null, null, java.util.List.of(MARKER)));
            contacts.recordConsent(ids[8], io.archipel.audience.Contacts.Channel.EMAIL,
                    io.archipel.audience.Contacts.ConsentState.GRANTED, io.archipel.audience.Contacts.ConsentSource.FORM,
                    MARKER + " proof");
            // a REST API key of Rival's network
            ids[9] = apiKeys.create(new io.archipel.identity.ApiKeys.ApiKeyDraft(MARKER + " CRM " + tag,
                    ScopeType.TENANT, null, null)).key().id();
            // an HQ segment and a declared contact attribute
            ids[10] = segments.create(null, new io.archipel.audience.Segments.Draft(MARKER + " Segment " + tag,
                    MARKER + " description", new io.archipel.audience.Segments.Definition(
                            io.archipel.audience.Contacts.Channel.EMAIL, new io.archipel.audience.Segments.Group(
                                    io.archipel.audience.Segments.Combinator.ALL, java.util.List.of(
                                            new io.archipel.audience.Segments.Condition("tags",
                                                    io.archipel.audience.Segments.Operator.HAS_TAG,
                                                    java.util.List.of(MARKER)))))));
            attributes.create(new io.archipel.audience.CustomAttributes.Draft(attributeKey, MARKER + " Attribute",
                    io.archipel.audience.CustomAttributes.AttributeType.TEXT, java.util.List.of()));
            // a staged import of Rival's branch (file name and cells carry the marker)
            ids[11] = imports.stage(ids[2], MARKER + "-contacts-" + tag + ".csv", new java.io.ByteArrayInputStream(
                    ("email;nom\nrivalsecret-import-" + tag + "@rival.example;" + MARKER + "\n")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8))).importId();
        });
        return new RivalTenant(tenantId, ids[0], ids[1], ids[2], ids[3], ids[4], branchName, ids[5], ids[6], ids[7], ids[8],
                ids[9], ids[10], attributeKey, ids[11]);
    }

    // ---- campaign engine: a draft campaign of Rival's branch on Rival's template, created once per JVM
    private static UUID campaignId;

    static synchronized UUID campaign(RivalTenant rival, io.archipel.campaign.CampaignService campaigns) {
        if (campaignId == null) {
            UUID[] id = new UUID[1];
            TenantContext.runAsSystem(rival.tenantId(), () -> id[0] = campaigns.createFromTemplate(rival.branchId(),
                    rival.templateId(), MARKER + " Campaign"));
            campaignId = id[0];
        }
        return campaignId;
    }
    // ---- end campaign engine

    // ---- campaign kits: a kit pushed to Rival's branch, and one of the demo network pushed to NCE-01 only (on a
    // template only NCE-01 may use), created once per JVM, for the {kitId} path variable
    private static final java.util.Map<UUID, UUID> KITS = new java.util.concurrent.ConcurrentHashMap<>();

    static synchronized void ensureKits(RivalTenant rival, UUID demoTenantId, UUID niceBranchId,
            UUID niceOnlyTemplateId, io.archipel.campaign.KitService kits) {
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris"));
        for (UUID tenantId : java.util.List.of(rival.tenantId(), demoTenantId)) {
            boolean isRival = tenantId.equals(rival.tenantId());
            KITS.computeIfAbsent(tenantId, id -> {
                UUID[] kit = new UUID[1];
                TenantContext.runAsSystem(id, () -> {
                    kit[0] = kits.create(isRival ? MARKER + " Kit" : "Isolation kit " + UUID.randomUUID(),
                            isRival ? rival.templateId() : niceOnlyTemplateId, isRival ? MARKER + " brief" : "");
                    io.archipel.campaign.Kits.Details d = kits.get(kit[0]);
                    long v = kits.update(kit[0], d.version(), d.summary().name(), d.brief(), null, today,
                            today.plusDays(60));
                    kits.push(kit[0], v, new io.archipel.brand.Availability(
                            io.archipel.brand.Availability.Audience.PILOT, Set.of(),
                            Set.of(isRival ? rival.branchId() : niceBranchId), null, null));
                });
                return kit[0];
            });
        }
    }

    /** The kit of this network (a random id, hence unknown, for any other). */
    static UUID kit(UUID tenantId) {
        return KITS.getOrDefault(tenantId, UUID.randomUUID());
    }
    // ---- end campaign kits

    /** A small PNG for Rival's asset library. */
    private static byte[] rivalImage() {
        try {
            var image = new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB);
            image.setRGB(0, 0, new java.util.Random().nextInt(0xFFFFFF));
            var out = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- steering (helper O): an objective on Rival's region and a budget of Rival's branch, and the same in the
    // demo network on PACA / NCE-01, created once per JVM, for the {objectiveId} and {budgetId} path variables
    private static final java.util.Map<UUID, UUID> OBJECTIVES = new java.util.concurrent.ConcurrentHashMap<>();
    private static final java.util.Map<UUID, UUID> BUDGETS = new java.util.concurrent.ConcurrentHashMap<>();

    static synchronized void ensureSteering(RivalTenant rival, UUID demoTenantId, UUID pacaTerritoryId,
            UUID niceBranchId, io.archipel.insights.SteeringChanges steering) {
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        for (UUID tenantId : java.util.List.of(rival.tenantId(), demoTenantId)) {
            boolean isRival = tenantId.equals(rival.tenantId());
            if (OBJECTIVES.containsKey(tenantId)) {
                continue;
            }
            TenantContext.runAsSystem(tenantId, () -> {
                OBJECTIVES.put(tenantId, steering.createObjective(isRival ? rival.childTerritoryId() : pacaTerritoryId,
                        io.archipel.insights.Steering.Metric.CAMPAIGNS_SENT, java.math.BigDecimal.TEN, today,
                        today.plusMonths(1), null, isRival ? MARKER + " objective" : null));
                BUDGETS.put(tenantId, steering.setBudget(isRival ? rival.branchId() : niceBranchId,
                        io.archipel.insights.Steering.PeriodKind.YEAR, today.plusYears(200),
                        io.archipel.insights.Steering.BudgetKind.QUOTA, null, null, null, 1000));
            });
        }
    }

    /** The objective of this network (a random id, hence unknown, for any other). */
    static UUID objective(UUID tenantId) {
        return OBJECTIVES.getOrDefault(tenantId, UUID.randomUUID());
    }

    /** The budget of this network (a random id, hence unknown, for any other). */
    static UUID budget(UUID tenantId) {
        return BUDGETS.getOrDefault(tenantId, UUID.randomUUID());
    }
    // ---- end steering
}
