package io.archipel.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.archipel.identity.Role;
import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Who may open which area: every persona × every area entry page answers 200 (allowed) or 403 (denied), as the rules
 * in SecurityConfiguration say; anonymous visitors are sent to the login page.
 */
@ArchipelTest
class RoleMatrixTest {

    static final List<String> AREAS = List.of("/platform", "/hq", "/hq/reviews", "/hq/territories", "/hq/branches",
            "/hq/users", "/portal", "/insights", "/hq/assets", "/hq/brand", "/hq/templates", "/portal/templates",
            "/hq/mail-sandbox", "/hq/contacts", "/portal/contacts", "/hq/api-keys", "/hq/segments", "/hq/attributes",
            "/portal/segments", "/hq/imports", "/portal/imports",
            "/portal/kits",
            "/hq/compliance", "/portal/campaigns", "/hq/policies",
            "/hq/kits", "/hq/campaigns", "/portal/gallery",
            "/hq/sending",
            // ---- delivery ui+sms (helper U)
            "/hq/sms-sandbox", "/hq/sending/sms",
            // ---- insights rollups (helper R)
            "/portal/results",
            // ---- steering (helper O)
            "/insights/objectives", "/insights/budgets", "/insights/adoption", "/insights/objectives/new",
            "/insights/budgets/new",
            // ---- insights dashboards (helper D)
            "/insights/performance", "/insights/league.csv");

    /** Area → the roles allowed in. */
    static final Map<String, Set<Role>> ALLOWED = Map.ofEntries(
            Map.entry("/platform", Set.of(Role.PLATFORM_OPERATOR)),
            Map.entry("/hq", Set.of(Role.HQ_ADMIN, Role.HQ_MARKETER, Role.VALIDATOR)),
            Map.entry("/hq/reviews", Set.of(Role.VALIDATOR, Role.HQ_ADMIN, Role.HQ_MARKETER)),
            Map.entry("/hq/territories", Set.of(Role.HQ_ADMIN)),
            Map.entry("/hq/branches", Set.of(Role.HQ_ADMIN)),
            Map.entry("/hq/users", Set.of(Role.HQ_ADMIN)),
            Map.entry("/portal", Set.of(Role.BRANCH_MANAGER)),
            Map.entry("/insights", Set.of(Role.EXECUTIVE, Role.HQ_ADMIN)),
            Map.entry("/hq/assets", Set.of(Role.HQ_ADMIN, Role.HQ_MARKETER)),
            Map.entry("/hq/brand", Set.of(Role.HQ_ADMIN, Role.HQ_MARKETER)),
            Map.entry("/hq/templates", Set.of(Role.HQ_ADMIN, Role.HQ_MARKETER)),
            Map.entry("/portal/templates", Set.of(Role.BRANCH_MANAGER)),
            Map.entry("/hq/contacts", Set.of(Role.HQ_ADMIN, Role.HQ_MARKETER)),
            Map.entry("/portal/contacts", Set.of(Role.BRANCH_MANAGER)),
            Map.entry("/hq/api-keys", Set.of(Role.HQ_ADMIN)),
            Map.entry("/hq/segments", Set.of(Role.HQ_ADMIN, Role.HQ_MARKETER)),
            Map.entry("/hq/attributes", Set.of(Role.HQ_ADMIN, Role.HQ_MARKETER)),
            Map.entry("/portal/segments", Set.of(Role.BRANCH_MANAGER)),
            Map.entry("/hq/imports", Set.of(Role.HQ_ADMIN, Role.HQ_MARKETER)),
            Map.entry("/portal/imports", Set.of(Role.BRANCH_MANAGER)),
            Map.entry("/portal/kits", Set.of(Role.BRANCH_MANAGER)),
            Map.entry("/hq/mail-sandbox", Set.of(Role.HQ_ADMIN, Role.HQ_MARKETER)),
            Map.entry("/hq/compliance", Set.of(Role.HQ_ADMIN, Role.HQ_MARKETER)),
            Map.entry("/portal/campaigns", Set.of(Role.BRANCH_MANAGER)),
            Map.entry("/hq/policies", Set.of(Role.HQ_ADMIN, Role.HQ_MARKETER)),
            Map.entry("/hq/kits", Set.of(Role.HQ_ADMIN, Role.HQ_MARKETER)),
            Map.entry("/hq/campaigns", Set.of(Role.HQ_ADMIN, Role.HQ_MARKETER)),
            Map.entry("/portal/gallery", Set.of(Role.BRANCH_MANAGER)),
            Map.entry("/hq/sending", Set.of(Role.HQ_ADMIN)),
            // ---- delivery ui+sms (helper U)
            Map.entry("/hq/sms-sandbox", Set.of(Role.HQ_ADMIN, Role.HQ_MARKETER)),
            Map.entry("/hq/sending/sms", Set.of(Role.HQ_ADMIN)),
            // ---- insights rollups (helper R)
            Map.entry("/portal/results", Set.of(Role.BRANCH_MANAGER)),
            // ---- steering (helper O): executives read, only HQ admins open the forms
            Map.entry("/insights/objectives", Set.of(Role.EXECUTIVE, Role.HQ_ADMIN)),
            Map.entry("/insights/budgets", Set.of(Role.EXECUTIVE, Role.HQ_ADMIN)),
            Map.entry("/insights/adoption", Set.of(Role.EXECUTIVE, Role.HQ_ADMIN)),
            Map.entry("/insights/objectives/new", Set.of(Role.HQ_ADMIN)),
            Map.entry("/insights/budgets/new", Set.of(Role.HQ_ADMIN)),
            // ---- insights dashboards (helper D)
            Map.entry("/insights/performance", Set.of(Role.EXECUTIVE, Role.HQ_ADMIN)),
            Map.entry("/insights/league.csv", Set.of(Role.EXECUTIVE, Role.HQ_ADMIN)));

    static final Map<String, Role> PERSONAS = Map.of(
            Personas.OPERATOR, Role.PLATFORM_OPERATOR,
            Personas.HQ_ADMIN, Role.HQ_ADMIN,
            Personas.HQ_MARKETER, Role.HQ_MARKETER,
            Personas.VALIDATOR, Role.VALIDATOR,
            Personas.BRANCH_MANAGER, Role.BRANCH_MANAGER,
            Personas.EXECUTIVE, Role.EXECUTIVE);

    @Autowired
    MockMvc mvc;
    @Autowired
    Personas personas;

    static Stream<Arguments> matrix() {
        return PERSONAS.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .flatMap(p -> AREAS.stream().map(area -> Arguments.of(p.getKey(), p.getValue(), area,
                        ALLOWED.get(area).contains(p.getValue()) ? 200 : 403)));
    }

    /** Allowed in, but sent on to the page that is theirs: a validator's part of HQ is the review queue. */
    static final Map<String, Map<Role, String>> FORWARDED = Map.of("/hq", Map.of(Role.VALIDATOR, "/hq/reviews"));

    @ParameterizedTest(name = "{1} GET {2} → {3}")
    @MethodSource("matrix")
    void eachPersonaOpensExactlyTheAreasOfTheirRole(String email, Role role, String area, int expected)
            throws Exception {
        String forwardedTo = FORWARDED.getOrDefault(area, Map.of()).get(role);
        if (forwardedTo != null) {
            mvc.perform(get(area).with(personas.as(email))).andExpect(status().isFound())
                    .andExpect(result -> assertThat(result.getResponse().getRedirectedUrl()).isEqualTo(forwardedTo));
            mvc.perform(get(forwardedTo).with(personas.as(email))).andExpect(status().isOk());
            return;
        }
        mvc.perform(get(area).with(personas.as(email))).andExpect(status().is(expected));
    }

    @ParameterizedTest(name = "anonymous GET {0} → login")
    @MethodSource("areas")
    void anonymousVisitorsAreSentToTheLoginPage(String area) throws Exception {
        mvc.perform(get(area)).andExpect(status().is3xxRedirection()).andExpect(result -> assertThat(
                URI.create(result.getResponse().getRedirectedUrl()).getPath()).isEqualTo("/login"));
    }

    static Stream<String> areas() {
        return AREAS.stream();
    }
}
