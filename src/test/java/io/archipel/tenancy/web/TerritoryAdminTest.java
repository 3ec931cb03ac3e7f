package io.archipel.tenancy.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import io.archipel.support.ArchipelTest;
import io.archipel.support.Personas;
import io.archipel.tenancy.ScopeType;
import io.archipel.tenancy.TerritoryKind;
import io.archipel.tenancy.TerritoryService;
import io.archipel.tenancy.TerritoryService.TerritoryView;
import io.archipel.shared.NotFoundException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

@ArchipelTest
class TerritoryAdminTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    Personas personas;
    @Autowired
    io.archipel.identity.UserAccountService users;
    NetworkTestSupport support;
    @Autowired
    TerritoryService territories;

    String admin;
    UUID france;

    @BeforeEach
    void setUp() {
        support = new NetworkTestSupport(personas, users, territories);
        admin = support.newAdmin();
        france = support.territoryByCode("FR").id();
    }

    private UUID territory(UUID parent, TerritoryKind kind, String name) {
        return support.asSystem(() -> territories.create(parent, kind, null, name));
    }

    private TerritoryView load(UUID id) {
        return support.asSystem(() -> territories.get(id));
    }

    @Test
    void theTreeShowsEveryLevelWithKindCodeAndSubtreeBranchCounts() throws Exception {
        long lyon = subtreeBranches("ARA-LYO");
        long alps = subtreeBranches("ARA-ALP");
        long region = subtreeBranches("ARA");
        assertThat(lyon).isGreaterThanOrEqualTo(3);
        assertThat(region).isEqualTo(lyon + alps);
        mvc.perform(get("/hq/territories").with(personas.as(admin)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Auvergne-Rhône-Alpes")))
                .andExpect(content().string(containsString("Lyon Métropole")))
                .andExpect(content().string(containsString(">ARA-LYO<")))
                .andExpect(content().string(containsString(">Region<")))
                // the region counts its whole subtree (the demo's 3 + 2, plus branches other tests add in Lyon)
                .andExpect(content().string(containsString(lyon + " branches")))
                .andExpect(content().string(containsString(region + " branches")));
        mvc.perform(get("/hq/territories/" + support.territoryByCode("ARA").id() + "/edit").with(personas.as(admin)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("2 sub-territories")))
                .andExpect(content().string(containsString(region + " branches")))
                .andExpect(content().string(containsString("value=\"Auvergne-Rh&ocirc;ne-Alpes\"")));
    }

    @Test
    void aTerritoryIsCreatedUnderAParentAndSiblingNamesAreUnique() throws Exception {
        String name = NetworkTestSupport.unique("Bretagne ");
        mvc.perform(post("/hq/territories").with(personas.as(admin)).with(csrf())
                        .param("parentId", france.toString()).param("kind", "REGION").param("code", "BRE")
                        .param("name", name))
                .andExpect(redirectedUrl("/hq/territories"))
                .andExpect(flash().attribute("flashSuccess", "territory.created"));
        mvc.perform(get("/hq/territories").with(personas.as(admin)))
                .andExpect(content().string(containsString(name)));

        mvc.perform(post("/hq/territories").with(personas.as(admin)).with(csrf())
                        .param("parentId", france.toString()).param("kind", "REGION").param("code", "")
                        .param("name", name.toUpperCase()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Another territory with this name already exists")))
                .andExpect(content().string(containsString("value=\"" + name.toUpperCase() + "\"")));
    }

    @Test
    void invalidInputComesBackWithFieldErrors() throws Exception {
        mvc.perform(post("/hq/territories").with(personas.as(admin)).with(csrf())
                        .param("parentId", france.toString()).param("kind", "ZONE").param("code", "bad code!")
                        .param("name", ""))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("This field is required.")))
                .andExpect(content().string(containsString("Letters, digits, hyphens and underscores only.")))
                .andExpect(content().string(containsString("value=\"bad code!\"")));
    }

    @Test
    void movingATerritoryRepathsItsWholeSubtreeAndRefusesCycles() throws Exception {
        UUID a = territory(france, TerritoryKind.REGION, NetworkTestSupport.unique("Move A "));
        UUID b = territory(a, TerritoryKind.ZONE, "B");
        UUID c = territory(b, TerritoryKind.AREA, "C");
        UUID d = territory(france, TerritoryKind.REGION, NetworkTestSupport.unique("Move D "));
        TerritoryView before = load(a);

        mvc.perform(post("/hq/territories/" + a).with(personas.as(admin)).with(csrf())
                        .param("version", String.valueOf(before.version())).param("parentId", d.toString())
                        .param("kind", "ZONE").param("code", "").param("name", before.name()))
                .andExpect(redirectedUrl("/hq/territories"))
                .andExpect(flash().attribute("flashSuccess", "territory.updated"));
        TerritoryView movedA = load(a);
        String dPath = load(d).path();
        assertThat(movedA.parentId()).isEqualTo(d);
        assertThat(movedA.kind()).isEqualTo(TerritoryKind.ZONE);
        assertThat(movedA.path()).isEqualTo(dPath + a + "/");
        assertThat(load(b).path()).isEqualTo(dPath + a + "/" + b + "/");
        assertThat(load(c).path()).isEqualTo(dPath + a + "/" + b + "/" + c + "/");

        // under its own grandchild: refused on the parent field, nothing changes
        mvc.perform(post("/hq/territories/" + a).with(personas.as(admin)).with(csrf())
                        .param("version", String.valueOf(movedA.version())).param("parentId", c.toString())
                        .param("kind", "ZONE").param("name", movedA.name()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("cannot be moved under itself or one of its sub-territories")));
        assertThat(load(a).parentId()).isEqualTo(d);
        assertThat(load(c).path()).isEqualTo(dPath + a + "/" + b + "/" + c + "/");
    }

    @Test
    void aStaleVersionIsRefused() throws Exception {
        UUID t = territory(france, TerritoryKind.REGION, NetworkTestSupport.unique("Stale "));
        TerritoryView v = load(t);
        mvc.perform(post("/hq/territories/" + t).with(personas.as(admin)).with(csrf())
                        .param("version", String.valueOf(v.version() + 7)).param("parentId", france.toString())
                        .param("kind", "REGION").param("name", v.name() + " renamed"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Someone else changed this record")))
                .andExpect(content().string(containsString("value=\"" + v.name() + " renamed\"")));
        assertThat(load(t).name()).isEqualTo(v.name());
    }

    @Test
    void deletionIsRefusedWhileBranchesChildrenOrScopedUsersRemain() throws Exception {
        UUID lyon = support.territoryByCode("ARA-LYO").id();
        mvc.perform(post("/hq/territories/" + lyon + "/delete").with(personas.as(admin)).with(csrf()))
                .andExpect(redirectedUrl("/hq/territories"))
                .andExpect(flash().attribute("flashError", "territory.delete.hasBranches"));
        mvc.perform(post("/hq/territories/" + support.territoryByCode("ARA").id() + "/delete")
                        .with(personas.as(admin)).with(csrf()))
                .andExpect(flash().attribute("flashError", "territory.delete.hasChildren"));
        assertThat(load(lyon).name()).isEqualTo("Lyon Métropole");

        UUID used = territory(france, TerritoryKind.REGION, NetworkTestSupport.unique("Scoped "));
        support.newAdmin(ScopeType.TERRITORY, used);
        mvc.perform(post("/hq/territories/" + used + "/delete").with(personas.as(admin)).with(csrf()))
                .andExpect(redirectedUrl("/hq/territories"))
                .andExpect(flash().attribute("flashError", "territory.delete.inUse"));
        assertThat(load(used).id()).isEqualTo(used);

        UUID free = territory(france, TerritoryKind.REGION, NetworkTestSupport.unique("Empty "));
        mvc.perform(post("/hq/territories/" + free + "/delete").with(personas.as(admin)).with(csrf()))
                .andExpect(flash().attribute("flashSuccess", "territory.deleted"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> load(free)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void theMessageOfARefusedDeletionIsShownAfterTheRedirect() throws Exception {
        UUID lyon = support.territoryByCode("ARA-LYO").id();
        // sessions live in PostgreSQL (Spring Session): the flash message travels with the session cookie
        var cookies = mvc.perform(post("/hq/territories/" + lyon + "/delete").with(personas.as(admin)).with(csrf()))
                .andExpect(redirectedUrl("/hq/territories")).andReturn().getResponse().getCookies();
        assertThat(cookies).isNotEmpty();
        mvc.perform(get("/hq/territories").cookie(cookies).with(personas.as(admin)))
                .andExpect(content().string(containsString(
                        "Territory &quot;Lyon Métropole&quot; still has branches: move them to another territory first.")));
    }

    @Test
    void anUnknownTerritoryIsNotFound() throws Exception {
        UUID unknown = UUID.randomUUID();
        mvc.perform(get("/hq/territories/" + unknown + "/edit").with(personas.as(admin))).andExpect(status().isNotFound());
        mvc.perform(post("/hq/territories/" + unknown + "/delete").with(personas.as(admin)).with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(get("/hq/territories/new").param("parentId", unknown.toString()).with(personas.as(admin)))
                .andExpect(status().isNotFound());
    }

    @Test
    void aTerritoryScopedAdminOnlyManagesTheirSubtree() throws Exception {
        UUID ara = support.territoryByCode("ARA").id();
        UUID paca = support.territoryByCode("PACA").id();
        String regional = support.newAdmin(ScopeType.TERRITORY, ara);

        mvc.perform(get("/hq/territories").with(personas.as(regional)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Lyon Métropole")))
                .andExpect(content().string(not(containsString("Côte d&#39;Azur"))))
                .andExpect(content().string(not(containsString("Paris Centre"))));
        mvc.perform(get("/hq/territories/" + paca + "/edit").with(personas.as(regional))).andExpect(status().isForbidden());
        mvc.perform(post("/hq/territories").with(personas.as(regional)).with(csrf())
                        .param("parentId", paca.toString()).param("kind", "ZONE").param("name", "Var"))
                .andExpect(status().isForbidden());
        // the root of their scope cannot be moved out of it, and they cannot create roots
        TerritoryView araView = load(ara);
        mvc.perform(post("/hq/territories/" + ara).with(personas.as(regional)).with(csrf())
                        .param("version", String.valueOf(araView.version())).param("parentId", paca.toString())
                        .param("kind", "REGION").param("name", araView.name()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/hq/territories").with(personas.as(regional)).with(csrf())
                        .param("parentId", "").param("kind", "COUNTRY").param("name", NetworkTestSupport.unique("Root ")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("This field is required.")));
        mvc.perform(get("/hq/territories/" + ara + "/edit").with(personas.as(regional)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("top of your scope")));
        assertThat(load(ara).parentId()).isEqualTo(france);

        // inside their subtree they create and move freely
        String name = NetworkTestSupport.unique("Savoie ");
        mvc.perform(post("/hq/territories").with(personas.as(regional)).with(csrf())
                        .param("parentId", ara.toString()).param("kind", "ZONE").param("name", name))
                .andExpect(redirectedUrl("/hq/territories"));
        TerritoryView savoie = support.asSystem(() -> territories.visibleTree()).stream()
                .filter(t -> t.name().equals(name)).findFirst().orElseThrow();
        UUID alpes = support.territoryByCode("ARA-ALP").id();
        mvc.perform(post("/hq/territories/" + savoie.id()).with(personas.as(regional)).with(csrf())
                        .param("version", String.valueOf(savoie.version())).param("parentId", alpes.toString())
                        .param("kind", "AREA").param("name", name))
                .andExpect(redirectedUrl("/hq/territories"));
        assertThat(load(savoie.id()).parentId()).isEqualTo(alpes);
    }

    @Test
    void onlyHqAdminsReachTerritoryAdministration() throws Exception {
        mvc.perform(get("/hq/territories").with(personas.as(Personas.VALIDATOR))).andExpect(status().isForbidden());
        mvc.perform(get("/hq/territories").with(personas.as(Personas.EXECUTIVE))).andExpect(status().isForbidden());
    }

    private long subtreeBranches(String code) {
        return personas.callAs(admin, () -> find(territories.tree(), code)).subtreeBranches();
    }

    private static TerritoryService.TerritoryNode find(java.util.List<TerritoryService.TerritoryNode> nodes, String code) {
        for (TerritoryService.TerritoryNode node : nodes) {
            if (code.equals(node.territory().code())) {
                return node;
            }
            TerritoryService.TerritoryNode inside = find(node.children(), code);
            if (inside != null) {
                return inside;
            }
        }
        return null;
    }
}
