package io.archipel.demo;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

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

    DemoNetworkSeeder(Environment env, TenantService tenants, TerritoryService territories, BranchService branches,
            UserAccountService users, PlatformOperators operators) {
        this.env = env;
        this.tenants = tenants;
        this.territories = territories;
        this.branches = branches;
        this.users = users;
        this.operators = operators;
    }

    @Override
    public void run(ApplicationArguments args) {
        boolean embedded = env.getProperty("archipel.embedded-database.active", Boolean.class, false);
        if (!env.getProperty("archipel.demo-data.enabled", Boolean.class, embedded)) {
            return;
        }
        operators.ensure("ops@archipel.example", "Nadia Operator", PASSWORD);
        if (tenants.findBySlug(SLUG).isPresent()) {
            return;
        }
        UUID tenantId = tenants.create(SLUG, "Maison Lumière", "fr");
        TenantContext.runAsSystem(tenantId, this::seedNetwork);
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

    private UUID branch(String code, String name, UUID territory, String street, String postalCode, String city,
            String phone, String mailbox, String hours) {
        return branches.create(new BranchData(code, "Maison Lumière " + name, territory, street, null, postalCode, city,
                "FR", phone, mailbox + "@maison-lumiere.example", hours, "Europe/Paris", "Maison Lumière " + name));
    }

    private void user(String email, String name, Role role, ScopeType scope, UUID territory, Set<UUID> branchIds) {
        users.create(new UserData(email, name, role, scope, territory, branchIds, PASSWORD));
    }
}
