package io.archipel.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.archipel.brand.AssetLibrary;
import io.archipel.identity.UserAccountService;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.BranchService;
import io.archipel.tenancy.TenantContext;
import io.archipel.tenancy.TenantService;
import io.archipel.tenancy.TerritoryService;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Calls EVERY handler method of the application (all patterns, all HTTP methods) as every tenant persona of the demo
 * network, with the path variables filled with ids owned by another tenant ("Rival"). A request aimed at another
 * tenant's object must answer 403 or 404, and no response may ever contain Rival's marker. Endpoints added later are
 * covered automatically; a path variable with a new name makes this test fail until it is registered in
 * {@link #PATH_VARIABLES}.
 * <p>
 * {@link TenantIsolationRowLevelSecurityOnlyTest} runs the same checks with the Hibernate tenant filter off, so that
 * PostgreSQL row-level security alone has to keep the tenants apart.
 */
@ArchipelTest
class TenantIsolationTest {

    /**
     * Path variable name → the id to aim at. Every tenant-owned path variable must be listed here; add new names
     * (e.g. {@code campaignId}) together with a Rival-owned object in {@link RivalTenant}.
     */
    static final Map<String, Function<Target, ?>> PATH_VARIABLES = Map.ofEntries(
            Map.entry("territoryId", Target::territoryId),
            Map.entry("branchId", Target::branchId),
            Map.entry("userId", Target::userId),
            Map.entry("tenantId", Target::tenantId),
            Map.entry("assetId", Target::assetId),
            Map.entry("templateId", Target::templateId),
            Map.entry("messageId", Target::messageId),
            Map.entry("contactId", Target::contactId),
            Map.entry("apiKeyId", Target::apiKeyId),
            Map.entry("segmentId", Target::segmentId),
            Map.entry("attributeKey", Target::attributeKey),
            Map.entry("importId", Target::importId),
            // a compliance rule of the target's network (RivalComplianceRule; the LYO-01 probe aims at a demo rule)
            Map.entry("ruleId", t -> RivalComplianceRule.of(t.tenantId())),
            Map.entry("campaignId", Target::campaignId),
            // a pushed kit of the target's network (RivalTenant.kit; the demo one is pushed to NCE-01 only)
            Map.entry("kitId", t -> RivalTenant.kit(t.tenantId())),
            // the cosmetic file name of a public media URL: any value
            Map.entry("fileName", Target::assetId),
            // a version number within the template named by {templateId}: version 1 exists for every target
            Map.entry("number", t -> 1),
            // ---- tracking (helper T): public endpoints authorised by a signed token or a webhook secret, not by the
            // session. A token that verifies nowhere (so: 404), and the target tenant's slug (no secret: 401)
            Map.entry("token", t -> "probe-not-a-signed-token"),
            Map.entry("tenantSlug", t -> RivalTenant.slugOf(t.tenantId())),
            // ---- steering (helper O): an objective and a budget of the target's network (RivalTenant.ensureSteering)
            Map.entry("objectiveId", t -> RivalTenant.objective(t.tenantId())),
            Map.entry("budgetId", t -> RivalTenant.budget(t.tenantId())));

    /**
     * Framework endpoints left out: Spring Boot's {@code BasicErrorController} at {@code /error} only renders the
     * error page of another request and holds no data. (Actuator endpoints are not in this handler mapping; only
     * {@code /actuator/health} is exposed.)
     */
    static final Set<String> SKIPPED_PATTERNS = Set.of("/error");

    /**
     * Public by design: anyone (mail clients) may load a tenant's library image from its public URL, so the status
     * check (403/404 expected) does not apply; the marker check still does. AssetLibraryTest checks that these URLs
     * answer 404 for an asset id under another tenant's id.
     */
    static final Set<String> PUBLIC_BY_DESIGN = Set.of("/media/{tenantId}/{assetId}/{fileName}",
            "/media/{tenantId}/{assetId}/thumb/{fileName}");

    static final List<String> TENANT_PERSONAS = List.of(Personas.HQ_ADMIN, Personas.HQ_MARKETER, Personas.VALIDATOR,
            Personas.BRANCH_MANAGER, Personas.EXECUTIVE);

    private static final Pattern VARIABLE = Pattern.compile("\\{\\*?([A-Za-z0-9_]+)(?::[^}]*)?}");

    /** The ids put into path variables (and the id-like form fields of the probing POSTs). */
    record Target(String label, UUID tenantId, UUID territoryId, UUID branchId, UUID userId, UUID assetId,
            UUID templateId, UUID messageId, UUID contactId, UUID apiKeyId, UUID segmentId, String attributeKey,
            UUID importId, UUID campaignId) {
    }

    record Endpoint(HttpMethod method, String pattern, List<String> variables, String handler) {
        boolean tenantOwned() {
            return !variables.isEmpty();
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    Personas personas;
    @Autowired
    ApplicationContext context;
    @Autowired
    TenantService tenants;
    @Autowired
    TerritoryService territories;
    @Autowired
    BranchService branches;
    @Autowired
    UserAccountService users;
    @Autowired
    AssetLibrary assets;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EntityManager entityManager;
    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    io.archipel.brand.TemplateService templates;
    @Autowired
    io.archipel.delivery.sandbox.MailSandbox mailSandbox;
    @Autowired
    io.archipel.audience.ContactService contacts;
    @Autowired
    io.archipel.identity.ApiKeyService apiKeys;
    @Autowired
    io.archipel.audience.SegmentService segments;
    @Autowired
    io.archipel.audience.CustomAttributeService customAttributes;
    @Autowired
    io.archipel.audience.ContactImportService contactImports;

    RivalTenant rival;
    DemoNetworkIds demo;
    private static UUID niceOnlyTemplate;
    private static UUID niceContact;
    private static UUID niceImport;

    /** A staged import of NCE-01: the LYO-01 manager must not reach it. */
    private UUID niceImport() {
        synchronized (TenantIsolationTest.class) {
            if (niceImport == null) {
                UUID[] id = new UUID[1];
                io.archipel.tenancy.TenantContext.runAsSystem(demo.tenantId(), () -> id[0] = contactImports.stage(
                        demo.niceBranchId(), "nice-only.csv", new java.io.ByteArrayInputStream(
                                "email;nom\nnice-only@example.com;Nice\n".getBytes(StandardCharsets.UTF_8))).importId());
                niceImport = id[0];
            }
            return niceImport;
        }
    }

    /** A contact of NCE-01: the LYO-01 manager must not reach it. */
    private UUID niceContact() {
        synchronized (TenantIsolationTest.class) {
            if (niceContact == null) {
                UUID[] id = new UUID[1];
                io.archipel.tenancy.TenantContext.runAsSystem(demo.tenantId(), () -> id[0] = contacts.create(
                        demo.niceBranchId(), new io.archipel.audience.Contacts.ContactData(
                                "nice-only-" + UUID.randomUUID() + "@example.com", null, "Nice", "Only", null, null,
                                null, null, null, null, List.of())));
                niceContact = id[0];
            }
            return niceContact;
        }
    }

    // ---- api (api helper): REST API keys
    private static UUID niceApiKey;
    private static String demoNetworkKey;
    private static String lyonKey;

    /** An API key of the demo network limited to NCE-01: the LYO-01 manager must not revoke it. */
    private UUID niceApiKey() {
        synchronized (TenantIsolationTest.class) {
            if (niceApiKey == null) {
                UUID[] id = new UUID[1];
                TenantContext.runAsSystem(demo.tenantId(), () -> id[0] = apiKeys.create(
                        new io.archipel.identity.ApiKeys.ApiKeyDraft("Nice only " + UUID.randomUUID(),
                                io.archipel.tenancy.ScopeType.BRANCHES, null, demo.niceBranchId())).key().id());
                niceApiKey = id[0];
            }
            return niceApiKey;
        }
    }

    /** The REST API answers 401 to anything but an API key (a session persona included): refused, like 403/404. */
    private static boolean apiKey(Endpoint endpoint) {
        return endpoint.pattern().startsWith("/api/");
    }

    /**
     * The REST API called with API keys of the demo network (whole network, and LYO-01 only) aimed at Rival's ids
     * and at NCE-01's contact: 403 or 404 every time, never Rival's marker.
     */
    @Test
    void apiKeysOfTheDemoNetworkCannotReachAnotherTenantOrAnotherBranch() throws Exception {
        synchronized (TenantIsolationTest.class) {
            if (demoNetworkKey == null) {
                String[] secrets = new String[2];
                TenantContext.runAsSystem(demo.tenantId(), () -> {
                    secrets[0] = apiKeys.create(new io.archipel.identity.ApiKeys.ApiKeyDraft("Isolation network "
                            + UUID.randomUUID(), io.archipel.tenancy.ScopeType.TENANT, null, null)).secret();
                    secrets[1] = apiKeys.create(new io.archipel.identity.ApiKeys.ApiKeyDraft("Isolation LYO-01 "
                            + UUID.randomUUID(), io.archipel.tenancy.ScopeType.BRANCHES, null, demo.lyonBranchId()))
                            .secret();
                });
                demoNetworkKey = secrets[0];
                lyonKey = secrets[1];
            }
        }
        Target rivalTarget = new Target("Rival tenant", rival.tenantId(), rival.childTerritoryId(), rival.branchId(),
                rival.userId(), rival.assetId(), rival.templateId(), rival.sandboxMessageId(), rival.contactId(),
                rival.apiKeyId(), rival.segmentId(), rival.attributeKey(), rival.importId(), rivalCampaign());
        Target niceTarget = new Target("NCE-01 / PACA", demo.tenantId(), demo.pacaTerritoryId(), demo.niceBranchId(),
                demo.niceManagerId(), rival.assetId(), niceOnlyTemplate(), rival.sandboxMessageId(), niceContact(),
                niceApiKey(), niceSegment(), rival.attributeKey(), niceImport(), niceCampaign());
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Endpoint endpoint : endpoints()) {
            if (!apiKey(endpoint) || !endpoint.tenantOwned()) {
                continue;
            }
            for (Object[] probe : new Object[][] {{demoNetworkKey, rivalTarget}, {lyonKey, rivalTarget},
                    {lyonKey, niceTarget}}) {
                checked++;
                Target target = (Target) probe[1];
                String uri = expand(endpoint.pattern(), target);
                MockHttpServletRequestBuilder request = request(endpoint.method(), URI.create(uri))
                        .header("Authorization", "Bearer " + probe[0]);
                if (endpoint.method() != HttpMethod.GET) {
                    request.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                            .content("{\"channel\":\"EMAIL\",\"state\":\"WITHDRAWN\",\"proof\":\"probe\"}");
                }
                MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
                String body = response.getContentAsString(StandardCharsets.UTF_8);
                String label = endpoint.method() + " " + uri + " [" + target.label() + ", "
                        + (probe[0] == lyonKey ? "LYO-01 key" : "network key") + "]";
                if (body.toUpperCase(Locale.ROOT).contains(RivalTenant.MARKER)) {
                    failures.add(label + " → body contains " + RivalTenant.MARKER);
                }
                if (response.getStatus() != 403 && response.getStatus() != 404) {
                    failures.add(label + " → " + response.getStatus() + " (expected 403 or 404)");
                }
            }
        }
        System.out.printf("[TenantIsolationTest%s] API keys aimed at Rival / NCE-01 through %d request(s)%n",
                filterLabel(), checked);
        assertThat(checked).as("API requests checked").isPositive();
        assertThat(failures).as("API requests that reached another tenant or branch").isEmpty();
        assertRivalUnchanged();
        TenantContext.runAsSystem(demo.tenantId(), () -> {
            assertThat(contacts.get(niceContact()).erased()).isFalse();
            assertThat(contacts.consentHistory(niceContact())).isEmpty();
        });
    }
    // ---- end api

    private static UUID niceSegment;

    /** A segment of NCE-01's own: the LYO-01 manager must not reach it. */
    private UUID niceSegment() {
        synchronized (TenantIsolationTest.class) {
            if (niceSegment == null) {
                UUID[] id = new UUID[1];
                io.archipel.tenancy.TenantContext.runAsSystem(demo.tenantId(), () -> id[0] = segments.create(
                        demo.niceBranchId(), new io.archipel.audience.Segments.Draft("Nice only " + UUID.randomUUID(),
                                null, new io.archipel.audience.Segments.Definition(
                                        io.archipel.audience.Contacts.Channel.EMAIL,
                                        new io.archipel.audience.Segments.Group(
                                                io.archipel.audience.Segments.Combinator.ALL, List.of(
                                                        new io.archipel.audience.Segments.Condition("tags",
                                                                io.archipel.audience.Segments.Operator.HAS_TAG,
                                                                List.of("nice"))))))));
                niceSegment = id[0];
            }
            return niceSegment;
        }
    }

    /** A demo-network template published only to NCE-01: other branches must not reach it. */
    private UUID niceOnlyTemplate() {
        synchronized (TenantIsolationTest.class) {
            if (niceOnlyTemplate == null) {
                UUID[] id = new UUID[1];
                io.archipel.tenancy.TenantContext.runAsSystem(demo.tenantId(), () -> {
                    id[0] = templates.create(io.archipel.brand.TemplateChannel.EMAIL,
                            "Nice only " + UUID.randomUUID(), io.archipel.brand.TemplateCategory.EVENT, "");
                    templates.publish(id[0], templates.get(id[0]).version(), new io.archipel.brand.Availability(
                            io.archipel.brand.Availability.Audience.PILOT, Set.of(), Set.of(demo.niceBranchId()),
                            null, null));
                });
                niceOnlyTemplate = id[0];
            }
            return niceOnlyTemplate;
        }
    }

    // ---- campaign engine: campaigns of Rival's branch and of NCE-01
    @Autowired
    io.archipel.campaign.CampaignService campaigns;
    private static UUID niceCampaign;

    private UUID rivalCampaign() {
        return RivalTenant.campaign(rival, campaigns);
    }

    /** A draft campaign of NCE-01 (on the NCE-01-only template): the LYO-01 manager must not reach it. */
    private UUID niceCampaign() {
        synchronized (TenantIsolationTest.class) {
            if (niceCampaign == null) {
                UUID template = niceOnlyTemplate();
                UUID[] id = new UUID[1];
                TenantContext.runAsSystem(demo.tenantId(), () -> id[0] = campaigns.createFromTemplate(
                        demo.niceBranchId(), template, "Nice only " + UUID.randomUUID()));
                niceCampaign = id[0];
            }
            return niceCampaign;
        }
    }
    // ---- end campaign engine

    @BeforeEach
    void setUpTenants() {
        rival = RivalTenant.ensure(tenants, territories, branches, users, assets, templates, mailSandbox, contacts,
                apiKeys, segments, customAttributes, contactImports);
        demo = DemoNetworkIds.load(tenants, territories, branches, users);
        RivalComplianceRule.ensure(rival.tenantId(), demo.tenantId(), complianceRules);
        RivalTenant.ensureKits(rival, demo.tenantId(), demo.niceBranchId(), niceOnlyTemplate(), kitService);
        RivalTenant.ensureSteering(rival, demo.tenantId(), demo.pacaTerritoryId(), demo.niceBranchId(), steering);
    }

    @Autowired
    io.archipel.insights.SteeringChanges steering;

    @Autowired
    io.archipel.campaign.KitService kitService;

    @Autowired
    io.archipel.campaign.ComplianceService complianceRules;

    @Test
    void noPersonaOfTheDemoNetworkCanReachOrSeeAnotherTenantsData() throws Exception {
        Target target = new Target("Rival tenant", rival.tenantId(), rival.childTerritoryId(), rival.branchId(),
                rival.userId(), rival.assetId(), rival.templateId(), rival.sandboxMessageId(), rival.contactId(),
                rival.apiKeyId(), rival.segmentId(), rival.attributeKey(), rival.importId(), rivalCampaign());
        List<String> failures = new ArrayList<>();
        int checked = 0;
        int tenantOwnedChecks = 0;
        List<Endpoint> endpoints = endpoints();
        for (String persona : TENANT_PERSONAS) {
            for (Endpoint endpoint : endpoints) {
                checked++;
                if (endpoint.tenantOwned()) {
                    tenantOwnedChecks++;
                }
                check(persona, endpoint, target, failures);
            }
        }
        System.out.printf("[TenantIsolationTest%s] checked %d endpoint(s) x %d persona(s) = %d combinations "
                + "(%d aimed at another tenant's ids; GETs also sent as htmx requests)%n", filterLabel(),
                endpoints.size(), TENANT_PERSONAS.size(), checked, tenantOwnedChecks);
        assertThat(checked).as("requests checked").isPositive();
        assertThat(failures).as("requests that reached or revealed the Rival tenant's data").isEmpty();
        assertRivalUnchanged();
    }

    @Test
    void aBranchManagerCannotReachAnotherBranchOrATerritoryOutsideTheirScope() throws Exception {
        Target otherBranch = new Target("NCE-01 / PACA", demo.tenantId(), demo.pacaTerritoryId(), demo.niceBranchId(),
                demo.niceManagerId(), rival.assetId(), niceOnlyTemplate(), rival.sandboxMessageId(), niceContact(),
                niceApiKey(), niceSegment(), rival.attributeKey(), niceImport(), niceCampaign());
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Endpoint endpoint : endpoints()) {
            if (endpoint.tenantOwned()) {
                checked++;
                check(Personas.BRANCH_MANAGER, endpoint, otherBranch, failures);
            }
        }
        System.out.printf("[TenantIsolationTest%s] LYO-01 manager aimed at NCE-01/PACA through %d request(s)%n",
                filterLabel(), checked);
        assertThat(failures).as("requests of the LYO-01 manager that reached NCE-01 or PACA").isEmpty();
    }

    /**
     * Control: the 403/404s above must come from isolation, not from endpoints that never answer. The HQ admin
     * (whole-tenant scope) opening the same GET endpoints with their own network's ids gets pages.
     */
    @Test
    void theSameEndpointsOpenTheTenantsOwnObjectsForTheHqAdmin() throws Exception {
        Target own = new Target("own network", demo.tenantId(), demo.pacaTerritoryId(), demo.lyonBranchId(),
                demo.niceManagerId(), rival.assetId(), niceOnlyTemplate(), rival.sandboxMessageId(), niceContact(),
                niceApiKey(), niceSegment(), rival.attributeKey(), niceImport(), niceCampaign());
        List<Endpoint> candidates = endpoints().stream()
                .filter(e -> e.method() == HttpMethod.GET && e.tenantOwned() && e.pattern().startsWith("/hq/")
                        && !e.variables().contains("tenantId"))
                .toList();
        org.junit.jupiter.api.Assumptions.assumeFalse(candidates.isEmpty(),
                "no GET endpoint with an id under /hq/ yet: nothing to compare with");
        List<String> opened = new ArrayList<>();
        for (Endpoint endpoint : candidates) {
            String uri = expand(endpoint.pattern(), own);
            int status = mvc.perform(request(HttpMethod.GET, URI.create(uri)).with(personas.as(Personas.HQ_ADMIN)))
                    .andReturn().getResponse().getStatus();
            if (status >= 200 && status < 300) {
                opened.add(uri);
            }
        }
        System.out.printf("[TenantIsolationTest%s] HQ admin opened %d of %d id endpoints with own ids%n",
                filterLabel(), opened.size(), candidates.size());
        assertThat(opened).as("GET endpoints with ids that open the tenant's own objects").isNotEmpty();
    }

    @Test
    void everyPathVariableOfEveryEndpointIsRegistered() {
        // endpoints() fails with a message naming the endpoint and the unknown variable
        assertThat(endpoints()).isNotEmpty();
    }

    @Test
    void rowLevelSecurityHidesAnotherTenantsRowsFromNativeSql() {
        TransactionTemplate tx = new TransactionTemplate(transactionManager);
        Map<String, Long> counts = new LinkedHashMap<>();
        TenantContext.runAs(demo.tenantId(), () -> tx.executeWithoutResult(status -> {
            for (String table : List.of("branch", "territory", "app_user")) {
                counts.put(table + ".rival", jdbc.queryForObject(
                        "select count(*) from " + table + " where tenant_id = ?", Long.class, rival.tenantId()));
                counts.put(table + ".own", jdbc.queryForObject(
                        "select count(*) from " + table + " where tenant_id = ?", Long.class, demo.tenantId()));
            }
            counts.put("branch.rival.jpa-native", ((Number) entityManager
                    .createNativeQuery("select count(*) from branch where tenant_id = :tenant")
                    .setParameter("tenant", rival.tenantId()).getSingleResult()).longValue());
            counts.put("branch.rival.by-id", ((Number) entityManager
                    .createNativeQuery("select count(*) from branch where id = :id")
                    .setParameter("id", rival.branchId()).getSingleResult()).longValue());
        }));
        assertThat(counts).containsEntry("branch.rival", 0L).containsEntry("territory.rival", 0L)
                .containsEntry("app_user.rival", 0L).containsEntry("branch.rival.jpa-native", 0L)
                .containsEntry("branch.rival.by-id", 0L);
        // the same query does see the tenant's own rows: the zero above is RLS, not an empty table
        assertThat(counts.get("branch.own")).isGreaterThanOrEqualTo(12L);
        assertThat(counts.get("app_user.own")).isPositive();
    }

    // ------------------------------------------------------------------------------------------------------------

    /** Every handler method × pattern × HTTP method (GET and POST when the mapping names no method). */
    List<Endpoint> endpoints() {
        RequestMappingHandlerMapping mapping = context.getBean("requestMappingHandlerMapping",
                RequestMappingHandlerMapping.class);
        List<Endpoint> result = new ArrayList<>();
        List<String> unregistered = new ArrayList<>();
        new TreeMap<>(mapping.getHandlerMethods().entrySet().stream().collect(java.util.stream.Collectors.toMap(
                e -> e.getKey().toString() + " " + e.getValue(), e -> e))).values().forEach(entry -> {
                    RequestMappingInfo info = entry.getKey();
                    Set<RequestMethod> declared = info.getMethodsCondition().getMethods();
                    Set<RequestMethod> methods = declared.isEmpty()
                            ? new LinkedHashSet<>(List.of(RequestMethod.GET, RequestMethod.POST)) : declared;
                    for (String pattern : info.getPatternValues()) {
                        if (SKIPPED_PATTERNS.contains(pattern)) {
                            continue;
                        }
                        List<String> variables = variablesOf(pattern);
                        for (String variable : variables) {
                            if (!PATH_VARIABLES.containsKey(variable)) {
                                unregistered.add("{" + variable + "} in " + pattern + " (" + entry.getValue() + ")");
                            }
                        }
                        for (RequestMethod method : methods) {
                            result.add(new Endpoint(method.asHttpMethod(), pattern, variables,
                                    entry.getValue().toString()));
                        }
                    }
                });
        assertThat(unregistered)
                .as("Path variables the isolation test does not know. Register each name in "
                        + "TenantIsolationTest.PATH_VARIABLES, mapped to an id owned by the Rival tenant "
                        + "(add the object to RivalTenant), or use one of the contract names "
                        + PATH_VARIABLES.keySet())
                .isEmpty();
        return result;
    }

    static List<String> variablesOf(String pattern) {
        List<String> names = new ArrayList<>();
        Matcher m = VARIABLE.matcher(pattern);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    static String expand(String pattern, Target target) {
        Matcher m = VARIABLE.matcher(pattern);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, PATH_VARIABLES.get(m.group(1)).apply(target).toString());
        }
        m.appendTail(sb);
        return sb.toString().replace("**", "probe").replace("*", "probe");
    }

    private void check(String persona, Endpoint endpoint, Target target, List<String> failures) {
        check(persona, endpoint, target, false, failures);
        if (endpoint.method() == HttpMethod.GET) {
            // the htmx variant: list/search endpoints answer a fragment to HX-Request calls
            check(persona, endpoint, target, true, failures);
        }
    }

    private void check(String persona, Endpoint endpoint, Target target, boolean htmx, List<String> failures) {
        String uri = expand(endpoint.pattern(), target);
        String label = persona + " " + endpoint.method() + " " + uri + (htmx ? " (HX-Request)" : "") + " ["
                + target.label() + "]";
        MockHttpServletRequestBuilder request = request(endpoint.method(), URI.create(uri)).with(personas.as(persona));
        if (htmx) {
            request.header("HX-Request", "true");
        }
        if (endpoint.method() == HttpMethod.GET) {
            // filters and pickers take ids as query parameters: another tenant's ids must not open anything there
            request.param("territoryId", target.territoryId().toString())
                    .param("parentId", target.territoryId().toString())
                    .param("branchId", target.branchId().toString())
                    .param("userId", target.userId().toString());
        }
        if (endpoint.method() != HttpMethod.GET && endpoint.method() != HttpMethod.HEAD) {
            request.with(csrf());
            if (endpoint.tenantOwned()) {
                // plausible form values, so that a controller gets past validation and reaches its service
                probeForm(target).forEach(request::param);
            }
        }
        MockHttpServletResponse response;
        try {
            response = mvc.perform(request).andReturn().getResponse();
        } catch (Exception e) {
            if (endpoint.tenantOwned()) {
                failures.add(label + " → unhandled " + e.getClass().getSimpleName() + " (a 500, not 403/404)");
            }
            return;
        }
        int status = response.getStatus();
        String body;
        try {
            body = response.getContentAsString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            body = "";
        }
        if (body.toUpperCase(Locale.ROOT).contains(RivalTenant.MARKER)) {
            failures.add(label + " → " + status + " and the body contains " + RivalTenant.MARKER);
        }
        if (endpoint.tenantOwned() && status != 403 && status != 404
                && !PUBLIC_BY_DESIGN.contains(endpoint.pattern()) && !(status == 401 && apiKey(endpoint))
                && !(status == 401 && endpoint.pattern().startsWith("/hooks/"))) {
            failures.add(label + " → " + status + (response.getRedirectedUrl() != null
                    ? " redirect to " + response.getRedirectedUrl() : "") + " (expected 403 or 404)");
        }
    }

    private static Map<String, String> probeForm(Target target) {
        Map<String, String> form = new LinkedHashMap<>();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        form.put("code", "PRB-" + tag);
        form.put("name", "Probe " + tag);
        form.put("kind", "REGION");
        form.put("parentId", target.territoryId().toString());
        form.put("territoryId", target.territoryId().toString());
        form.put("addressLine1", "1 probe street");
        form.put("postalCode", "75001");
        form.put("city", "Probe");
        form.put("countryCode", "FR");
        form.put("phone", "+33 1 00 00 00 00");
        form.put("email", "probe-" + tag + "@probe.example");
        form.put("openingHours", "Mon-Sat 10-19");
        form.put("timeZone", "Europe/Paris");
        form.put("senderName", "Probe");
        form.put("version", "0");
        form.put("displayName", "Probe " + tag);
        form.put("role", "HQ_ADMIN");
        form.put("scopeType", "TENANT");
        form.put("scopeTerritoryId", target.territoryId().toString());
        form.put("scopeBranchIds", target.branchId().toString());
        form.put("password", "Probe-Password-2026");
        return form;
    }

    /** Even if a request slipped through with a 403/404, Rival's objects must be exactly as created. */
    private void assertRivalUnchanged() {
        TenantContext.runAsSystem(rival.tenantId(), () -> {
            assertThat(branches.get(rival.branchId()).name()).isEqualTo(rival.branchName());
            assertThat(branches.get(rival.branchId()).active()).isTrue();
            assertThat(users.all()).extracting(UserAccountService.UserView::active).containsOnly(true);
            io.archipel.brand.Templates.Details template = templates.get(rival.templateId());
            assertThat(template.archived()).isFalse();
            assertThat(template.unpublishedChanges()).isFalse();
            assertThat(templates.versions(rival.templateId())).hasSize(1);
            assertThat(mailSandbox.get(rival.sandboxMessageId()).subject()).startsWith(RivalTenant.MARKER);
            assertThat(contacts.get(rival.contactId()).erased()).isFalse();
            assertThat(contacts.get(rival.contactId()).lastName()).startsWith(RivalTenant.MARKER);
            assertThat(contacts.consentHistory(rival.contactId())).hasSize(1);
            assertThat(apiKeys.get(rival.apiKeyId()).active()).isTrue();
        });
        assertThat(tenants.find(rival.tenantId()).orElseThrow().status().name()).isEqualTo("ACTIVE");
    }

    String filterLabel() {
        return "";
    }
}
