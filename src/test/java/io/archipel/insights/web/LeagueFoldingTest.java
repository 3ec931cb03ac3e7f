package io.archipel.insights.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.archipel.insights.dashboard.ContactGrowth;
import io.archipel.insights.dashboard.DashboardFilter;
import io.archipel.insights.dashboard.DashboardRow;
import io.archipel.insights.dashboard.DashboardRow.Column;
import io.archipel.insights.dashboard.Dashboards;
import io.archipel.insights.dashboard.Metrics;
import io.archipel.support.ArchipelTest;
import io.archipel.tenancy.TerritoryKind;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletContext;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

/**
 * A network's league has thousands of rows: the page shows the first and last ranks, says how many are in between
 * and offers them all (the CSV keeps every row). Rendered through the real template, in both languages.
 */
@ArchipelTest
class LeagueFoldingTest {

    @Autowired
    SpringTemplateEngine templates;

    private static List<DashboardRow> rows(int n) {
        List<DashboardRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // open rate falls with i: row i ranks i + 1
            rows.add(new DashboardRow(UUID.randomUUID(), "Zone " + (i + 1), "Z" + (i + 1), TerritoryKind.ZONE, 1, 1,
                    new Metrics(1, 1000, 1000, 0, 0, 1000 - i, 0, 0, 0), ContactGrowth.NONE));
        }
        return rows;
    }

    private String render(Dashboards.League league, Locale locale, String leagueQuery) {
        JakartaServletWebApplication app = JakartaServletWebApplication.buildApplication(new MockServletContext());
        Map<String, Object> model = new HashMap<>();
        model.put("league", league);
        model.put("leagueOf", "parts");
        model.put("leagueQuery", leagueQuery);
        model.put("base", "/insights");
        model.put("f", DashboardFilter.of("30d", null, null, null, null, null, null, LocalDate.of(2026, 11, 23)));
        model.put("fmt", new InsightsFormat(locale));
        WebContext context = new WebContext(app.buildExchange(new MockHttpServletRequest(),
                new MockHttpServletResponse()), locale, model);
        return templates.process("insights/dashboard", Set.of("league"), context);
    }

    @Test
    void aLongLeagueShowsItsFirstAndLastRanksAndOffersTheRest() {
        Dashboards.League league = Dashboards.League.of(rows(1000), Column.OPEN_RATE, false);
        String query = DashboardFilter.of("30d", null, null, null, null, null, null, LocalDate.of(2026, 11, 23))
                .query();

        String folded = render(league.showingAll(false), Locale.ENGLISH, query);
        assertThat(folded).contains(">Zone 1<", ">Zone 20<", ">Zone 981<", ">Zone 1000<", "id=\"league-gap\"",
                "960 more ranked in between", "Show all 1,000", "all=1")
                .doesNotContain(">Zone 21<", ">Zone 500<", ">Zone 980<");
        assertThat(folded).containsSubsequence(">Zone 20<", "league-gap", ">Zone 981<");
        // the ranks stay those of the whole table
        assertThat(folded).contains(">981</td>");
        assertThat(render(league.showingAll(false), Locale.FRENCH, query)).contains(
                "960 autres classés entre les deux", "Tout afficher (1");

        String whole = render(league.showingAll(true), Locale.ENGLISH, query.isEmpty() ? "?all=1" : query + "&all=1");
        assertThat(whole).contains(">Zone 21<", ">Zone 500<", ">Zone 980<").doesNotContain("league-gap");
        // sorting the whole table keeps it whole
        assertThat(whole).containsPattern("href=\"/insights\\?[^\"]*all=1[^\"]*sort=click-rate");
        assertThat(league.rows()).hasSize(1000);
    }

    @Test
    void aShortLeagueIsNeverFolded() {
        Dashboards.League league = Dashboards.League.of(rows(49), Column.OPEN_RATE, false).showingAll(false);
        assertThat(league.folded()).isFalse();
        assertThat(league.shown()).hasSize(49);
        String html = render(league, Locale.ENGLISH, "");
        assertThat(html).contains(">Zone 1<", ">Zone 25<", ">Zone 49<").doesNotContain("league-gap");
        Dashboards.League fifty = Dashboards.League.of(rows(50), Column.OPEN_RATE, false).showingAll(false);
        assertThat(fifty.folded()).isTrue();
        assertThat(fifty.hidden()).isEqualTo(10);
        assertThat(fifty.shown()).hasSize(41).containsNull();
    }
}
