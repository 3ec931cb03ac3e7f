package io.archipel.demo;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.archipel.brand.Availability;
import io.archipel.brand.BlockConstraints;
import io.archipel.brand.BlockType;
import io.archipel.brand.EmailTemplateContent;
import io.archipel.brand.LockableText;
import io.archipel.brand.SmsTemplateContent;
import io.archipel.brand.TemplateBlock;
import io.archipel.brand.TemplateCategory;
import io.archipel.brand.TemplateChannel;
import io.archipel.brand.TemplateService;
import io.archipel.brand.TextFormatting;
import io.archipel.identity.PlatformOperators;
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
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Seeds "Maison Lumière", a French home-decor chain: France › 3 regions › 6 zones, 12 branches, one user per role.
 * Runs by default with the embedded database (local runs) and never twice. README lists the logins.
 */
@Component
@Order(10)
class DemoNetworkSeeder implements ApplicationRunner {

    static final String PASSWORD = "Archipel-2026";
    static final String SLUG = "maison-lumiere";
    private static final Log log = LogFactory.getLog(DemoNetworkSeeder.class);

    private final Environment env;
    private final TenantService tenants;
    private final TerritoryService territories;
    private final BranchService branches;
    private final UserAccountService users;
    private final PlatformOperators operators;
    private final TemplateService templates;

    DemoNetworkSeeder(Environment env, TenantService tenants, TerritoryService territories, BranchService branches,
            UserAccountService users, PlatformOperators operators, TemplateService templates) {
        this.env = env;
        this.tenants = tenants;
        this.territories = territories;
        this.branches = branches;
        this.users = users;
        this.operators = operators;
        this.templates = templates;
    }

    @Override
    public void run(ApplicationArguments args) {
        boolean embedded = env.getProperty("archipel.embedded-database.active", Boolean.class, false);
        if (!env.getProperty("archipel.demo-data.enabled", Boolean.class, embedded)) {
            return;
        }
        operators.ensure("ops@archipel.example", "Nadia Operator", PASSWORD);
        UUID existing = tenants.findBySlug(SLUG).map(t -> t.id()).orElse(null);
        if (existing != null) {
            // networks seeded before templates existed get them once
            TenantContext.runAsSystem(existing, this::seedTemplatesOnce);
            TenantContext.runAsSystem(existing, this::seedComplianceOnce);
            return;
        }
        UUID tenantId = tenants.create(SLUG, "Maison Lumière", "fr");
        TenantContext.runAsSystem(tenantId, this::seedNetwork);
        TenantContext.runAsSystem(tenantId, this::seedTemplatesOnce);
        TenantContext.runAsSystem(tenantId, this::seedComplianceOnce);
        log.info("Demo network 'Maison Lumière' seeded; logins are listed in README.md (password " + PASSWORD + ")");
    }

    private void seedNetwork() {
        UUID france = territories.create(null, TerritoryKind.COUNTRY, "FR", "France");
        UUID idf = territories.create(france, TerritoryKind.REGION, "IDF", "Île-de-France");
        UUID ara = territories.create(france, TerritoryKind.REGION, "ARA", "Auvergne-Rhône-Alpes");
        UUID paca = territories.create(france, TerritoryKind.REGION, "PACA", "Provence-Alpes-Côte d'Azur");
        UUID parisCentre = territories.create(idf, TerritoryKind.ZONE, "IDF-C", "Paris Centre");
        UUID parisOuest = territories.create(idf, TerritoryKind.ZONE, "IDF-O", "Paris Ouest");
        UUID lyon = territories.create(ara, TerritoryKind.ZONE, "ARA-LYO", "Lyon Métropole");
        UUID alpes = territories.create(ara, TerritoryKind.ZONE, "ARA-ALP", "Alpes");
        UUID provence = territories.create(paca, TerritoryKind.ZONE, "PACA-PRO", "Marseille – Aix");
        UUID azur = territories.create(paca, TerritoryKind.ZONE, "PACA-AZU", "Côte d'Azur");

        String hours = "Lun–Sam 10:00–19:30 · Dim fermé";
        Map<String, UUID> b = new HashMap<>();
        b.put("PAR-01", branch("PAR-01", "Paris Marais", parisCentre, "18 rue des Francs-Bourgeois", "75003", "Paris", "+33 1 42 72 18 30", "paris-marais", hours));
        b.put("PAR-02", branch("PAR-02", "Paris Saint-Germain", parisCentre, "42 rue de Rennes", "75006", "Paris", "+33 1 45 48 42 10", "paris-saint-germain", hours));
        b.put("PAR-03", branch("PAR-03", "Paris Batignolles", parisOuest, "9 rue des Batignolles", "75017", "Paris", "+33 1 43 87 09 55", "paris-batignolles", hours));
        b.put("BOU-01", branch("BOU-01", "Boulogne-Billancourt", parisOuest, "87 boulevard Jean Jaurès", "92100", "Boulogne-Billancourt", "+33 1 46 05 87 20", "boulogne", hours));
        b.put("LYO-01", branch("LYO-01", "Lyon Part-Dieu", lyon, "17 rue du Docteur Bouchut", "69003", "Lyon", "+33 4 78 62 17 40", "lyon-part-dieu", "Lun–Sam 09:30–20:00"));
        b.put("LYO-02", branch("LYO-02", "Lyon Presqu'île", lyon, "61 rue de la République", "69002", "Lyon", "+33 4 78 37 61 15", "lyon-presquile", hours));
        b.put("VIL-01", branch("VIL-01", "Villeurbanne Gratte-Ciel", lyon, "12 avenue Henri Barbusse", "69100", "Villeurbanne", "+33 4 78 84 12 60", "villeurbanne", hours));
        b.put("GRE-01", branch("GRE-01", "Grenoble Grenette", alpes, "5 place Grenette", "38000", "Grenoble", "+33 4 76 46 05 32", "grenoble", hours));
        b.put("ANN-01", branch("ANN-01", "Annecy Vieille Ville", alpes, "14 rue Royale", "74000", "Annecy", "+33 4 50 45 14 80", "annecy", "Lun–Dim 10:00–19:00"));
        b.put("MAR-01", branch("MAR-01", "Marseille Saint-Ferréol", provence, "24 rue Saint-Ferréol", "13001", "Marseille", "+33 4 91 33 24 70", "marseille", hours));
        b.put("AIX-01", branch("AIX-01", "Aix-en-Provence Mirabeau", provence, "10 cours Mirabeau", "13100", "Aix-en-Provence", "+33 4 42 26 10 90", "aix", hours));
        b.put("NCE-01", branch("NCE-01", "Nice Jean Médecin", azur, "33 avenue Jean Médecin", "06000", "Nice", "+33 4 93 87 33 25", "nice", hours));

        user("admin@maison-lumiere.example", "Claire Dubois", Role.HQ_ADMIN, ScopeType.TENANT, null, Set.of());
        user("marketing@maison-lumiere.example", "Julien Moreau", Role.HQ_MARKETER, ScopeType.TENANT, null, Set.of());
        user("validation.ara@maison-lumiere.example", "Sophie Lefèvre", Role.VALIDATOR, ScopeType.TERRITORY, ara, Set.of());
        user("lyon.partdieu@maison-lumiere.example", "Thomas Girard", Role.BRANCH_MANAGER, ScopeType.BRANCHES, null, Set.of(b.get("LYO-01")));
        user("nice@maison-lumiere.example", "Léa Rossi", Role.BRANCH_MANAGER, ScopeType.BRANCHES, null, Set.of(b.get("NCE-01")));
        user("direction@maison-lumiere.example", "Isabelle Martin", Role.EXECUTIVE, ScopeType.TENANT, null, Set.of());
        user("direction.sud@maison-lumiere.example", "Marc Fabre", Role.EXECUTIVE, ScopeType.TERRITORY, paca, Set.of());
    }

    static final String WINTER_SALE = "Soldes d'hiver";

    /** A few believable templates: two published e-mails (network, pilot ARA), a published SMS, a draft. */
    private void seedTemplatesOnce() {
        if (templates.nameTaken(WINTER_SALE, null)) {
            return;
        }
        java.util.Locale previous = org.springframework.context.i18n.LocaleContextHolder.getLocale();
        org.springframework.context.i18n.LocaleContextHolder.setLocale(java.util.Locale.FRENCH);
        try {
            seedTemplates();
        } finally {
            org.springframework.context.i18n.LocaleContextHolder.setLocale(previous);
        }
    }

    private void seedTemplates() {
        UUID ara = DemoSeeding.territory(territories, "ARA");

        // Soldes d'hiver: published to the whole network, then improved (version 2)
        UUID sale = templates.create(TemplateChannel.EMAIL, WINTER_SALE, TemplateCategory.PROMOTION,
                "Les soldes d'hiver en magasin : l'offre de la saison, un texte que chaque magasin adapte, et le "
                        + "lien vers la boutique en ligne.");
        EmailTemplateContent saleContent = new EmailTemplateContent(
                new LockableText("{{contact.firstName|Bonjour}}, les soldes d'hiver commencent chez {{branch.name}}", false,
                        true, 90),
                new LockableText("Jusqu'à -50 % sur une sélection de luminaires et de linge de maison.", true, false,
                        null),
                List.of(block(BlockType.HEADER, true, null, Map.of()),
                        block(BlockType.HEADING, true, null, Map.of("text", "Les soldes d'hiver sont là")),
                        block(BlockType.RICH_TEXT, false, new BlockConstraints(true, 300,
                                EnumSet.of(TextFormatting.BOLD, TextFormatting.ITALIC), null, List.of()),
                                Map.of("html", "<p>Bonjour {{contact.firstName|à vous}},</p><p>Toute l’équipe de "
                                        + "{{branch.name}} vous attend pour les soldes : lampes, bougies et plaids "
                                        + "à prix doux, <strong>dans la limite des stocks</strong>.</p>")),
                        block(BlockType.OFFER, true, null, Map.of("title", "Jusqu'à -50 % sur une sélection",
                                "code", "SOLDES26", "validity", "Du 7 janvier au 3 février")),
                        block(BlockType.BUTTON, true, null, Map.of("label", "Découvrir les soldes",
                                "url", "https://www.maison-lumiere.example/soldes")),
                        block(BlockType.BRANCH_CARD, true, null, Map.of()),
                        block(BlockType.SOCIAL_LINKS, true, null, Map.of()),
                        block(BlockType.LEGAL_FOOTER, true, null, Map.of())));
        long version = templates.saveEmailDraft(sale, templates.get(sale).version(), saleContent).version();
        templates.publish(sale, version, Availability.NETWORK);
        EmailTemplateContent improved = saleContent.withSubject(new LockableText(
                "{{contact.firstName|Bonjour}}, les soldes d'hiver commencent chez {{branch.name}} !", false, true, 90));
        version = templates.saveEmailDraft(sale, templates.get(sale).version(), improved).version();
        templates.publish(sale, version, Availability.NETWORK);

        // Soirée d'inauguration: a pilot in Auvergne-Rhône-Alpes
        UUID opening = templates.create(TemplateChannel.EMAIL, "Soirée d'inauguration", TemplateCategory.EVENT,
                "Invitation à la soirée d'ouverture d'un magasin rénové. En test dans la région Auvergne-Rhône-Alpes.");
        EmailTemplateContent openingContent = new EmailTemplateContent(
                new LockableText("Vous êtes invité(e) à la soirée d'inauguration de {{branch.name}}", true, false,
                        null),
                new LockableText("Une soirée lumineuse, des surprises et un cadeau de bienvenue.", false, false, 150),
                List.of(block(BlockType.HEADER, true, null, Map.of()),
                        block(BlockType.HEADING, true, null, Map.of("text", "{{contact.firstName|Chers clients}}, on vous attend !")),
                        block(BlockType.RICH_TEXT, false, new BlockConstraints(true, 400,
                                EnumSet.of(TextFormatting.BOLD, TextFormatting.ITALIC, TextFormatting.LISTS), null,
                                List.of()),
                                Map.of("html", "<p>Votre magasin fait peau neuve et fête sa réouverture le jeudi "
                                        + "à partir de 18 h 30.</p><ul><li>Visite des nouveaux espaces</li>"
                                        + "<li>Atelier bougies</li><li>Un cadeau pour chaque invité</li></ul>")),
                        block(BlockType.BUTTON, false, new BlockConstraints(false, 40, null, null,
                                List.of("maison-lumiere.example")),
                                Map.of("label", "Je réponds à l'invitation",
                                        "url", "https://www.maison-lumiere.example/inauguration")),
                        block(BlockType.BRANCH_CARD, true, null, Map.of()),
                        block(BlockType.LEGAL_FOOTER, true, null, Map.of())));
        version = templates.saveEmailDraft(opening, templates.get(opening).version(), openingContent).version();
        templates.publish(opening, version, ara == null ? Availability.NETWORK
                : new Availability(Availability.Audience.PILOT, Set.of(ara), Set.of(), null, null));

        // Vente privée: an SMS for the whole network
        UUID privateSale = templates.create(TemplateChannel.SMS, "Vente privée", TemplateCategory.LOYALTY,
                "SMS aux clients fidèles avant une vente privée ; chaque magasin précise ses dates.");
        SmsTemplateContent sms = new SmsTemplateContent(List.of(
                new SmsTemplateContent.Part("intro", false, "{{branch.name}} : ", false, null),
                new SmsTemplateContent.Part("offre", true,
                        "vente privée -30 % pour nos clients fidèles jeudi et vendredi.", true, 90),
                new SmsTemplateContent.Part("fin", false, " Sur présentation de ce SMS.", false, null)),
                "STOP au 36111");
        version = templates.saveSmsDraft(privateSale, templates.get(privateSale).version(), sms).version();
        templates.publish(privateSale, version, Availability.NETWORK);

        // a draft never published
        templates.create(TemplateChannel.EMAIL, "Newsletter de printemps", TemplateCategory.NEWSLETTER,
                "Brouillon : les nouveautés de la collection printemps.");
    }

    private static TemplateBlock block(BlockType type, boolean locked, BlockConstraints constraints,
            Map<String, String> content) {
        return new TemplateBlock(EmailTemplateContent.newBlockId(), type, locked, constraints, content);
    }

    private UUID branch(String code, String name, UUID territory, String street, String postalCode, String city,
            String phone, String mailbox, String hours) {
        return branches.create(new BranchData(code, "Maison Lumière " + name, territory, street, null, postalCode, city,
                "FR", phone, mailbox + "@maison-lumiere.example", hours, "Europe/Paris", "Maison Lumière " + name));
    }

    private void user(String email, String name, Role role, ScopeType scope, UUID territory, Set<UUID> branchIds) {
        users.create(new UserData(email, name, role, scope, territory, branchIds, PASSWORD));
    }

    // === compliance (c-compliance): the network's compliance rules, and the legal mentions they ask for ===
    private io.archipel.campaign.ComplianceService compliance;
    private io.archipel.brand.BrandKitService brandKits;

    @org.springframework.beans.factory.annotation.Autowired
    void setComplianceSeeding(io.archipel.campaign.ComplianceService compliance,
            io.archipel.brand.BrandKitService brandKits) {
        this.compliance = compliance;
        this.brandKits = brandKits;
    }

    /**
     * The rules of Maison Lumière's charter, once: promises it forbids, links to its own site only, subjects that fit
     * on a phone (a warning), and the legal footer, image descriptions and merge fallbacks required. A network whose
     * brand kit was never saved gets legal mentions, so that its e-mails can pass the legal footer rule.
     */
    private void seedComplianceOnce() {
        if (!compliance.rules().isEmpty()) {
            return;
        }
        io.archipel.brand.BrandKit kit = brandKits.current();
        if (!kit.saved() && kit.legalFooterHtml().isBlank()) {
            brandKits.save(0, new io.archipel.brand.BrandKit.Changes(null, kit.primaryColor(), kit.secondaryColor(),
                    kit.textColor(), kit.backgroundColor(), kit.headingFont(), kit.bodyFont(), kit.senderName(),
                    kit.senderEmail() == null ? "news@maison-lumiere.example" : kit.senderEmail(), kit.replyToRule(),
                    kit.replyToAddress(),
                    "<p>Maison Lumière SAS au capital de 250 000 € – 12 rue de la Lumière, 69002 Lyon – "
                            + "RCS Lyon 812 345 678.</p><p>Vous recevez ce message car vous êtes client de nos "
                            + "magasins et avez accepté de recevoir nos offres.</p>",
                    Map.of(io.archipel.brand.SocialNetwork.WEBSITE, "https://www.maison-lumiere.example")));
        }
        var blocking = io.archipel.campaign.Compliance.Severity.BLOCKING;
        var warning = io.archipel.campaign.Compliance.Severity.WARNING;
        rule(io.archipel.campaign.Compliance.RuleKind.RESTRICTED_WORD, blocking,
                List.of("gratuit", "100 % garanti", "meilleur prix"), null, List.of(), null,
                "La charte du réseau interdit ces promesses (publicité trompeuse).");
        rule(io.archipel.campaign.Compliance.RuleKind.LINK_DOMAIN, blocking, List.of(), null,
                List.of("maison-lumiere.example"), null, "Les liens mènent au site Maison Lumière uniquement.");
        rule(io.archipel.campaign.Compliance.RuleKind.SUBJECT_LENGTH, warning, List.of(), null, List.of(), 80,
                "Au-delà, l’objet est coupé sur la plupart des téléphones.");
        rule(io.archipel.campaign.Compliance.RuleKind.LEGAL_FOOTER, blocking, List.of(), null, List.of(), null, null);
        rule(io.archipel.campaign.Compliance.RuleKind.IMAGE_ALT, blocking, List.of(), null, List.of(), null, null);
        rule(io.archipel.campaign.Compliance.RuleKind.MERGE_FALLBACK, blocking, List.of(), null, List.of(), null, null);
    }

    private void rule(io.archipel.campaign.Compliance.RuleKind kind, io.archipel.campaign.Compliance.Severity severity,
            List<String> words, String pattern, List<String> domains, Integer maxLength, String note) {
        compliance.create(new io.archipel.campaign.Compliance.RuleDraft(kind, severity, true, words, pattern, domains,
                maxLength, note));
    }
    // === end compliance ===
}
