package io.archipel.insights.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import io.archipel.insights.dashboard.DashboardRow.Column;
import io.archipel.tenancy.TerritoryKind;
import org.junit.jupiter.api.Test;

/** The dashboards' pure rules: filter parsing, league ranking, heat-map quarters, medians, CSV safety. */
class DashboardModelTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 23);

    @Test
    void filtersReadPresetsCustomDatesAndIgnoreNonsense() {
        DashboardFilter d = DashboardFilter.of(null, null, null, null, null, null, null, TODAY);
        assertThat(d.from()).isEqualTo(LocalDate.of(2026, 10, 25));
        assertThat(d.to()).isEqualTo(TODAY);
        assertThat(d.granularity()).isEqualTo(DashboardFilter.Granularity.WEEK);
        DashboardFilter year = DashboardFilter.of("12m", null, null, "sms", null, null, null, TODAY);
        assertThat(year.from()).isEqualTo(LocalDate.of(2025, 11, 24));
        assertThat(year.granularity()).isEqualTo(DashboardFilter.Granularity.MONTH);
        assertThat(year.channel()).isEqualTo("SMS");
        // custom dates in the wrong order are swapped; junk ids and channels are ignored
        DashboardFilter custom = DashboardFilter.of("custom", "2026-03-31", "2026-03-01", "FAX", "not-a-uuid",
                "", "month", TODAY);
        assertThat(custom.from()).isEqualTo(LocalDate.of(2026, 3, 1));
        assertThat(custom.to()).isEqualTo(LocalDate.of(2026, 3, 31));
        assertThat(custom.channel()).isNull();
        assertThat(custom.templateId()).isNull();
        assertThat(custom.query()).isEqualTo("?period=custom&from=2026-03-01&to=2026-03-31&g=month");
        assertThat(custom.previous().from()).isEqualTo(LocalDate.of(2026, 1, 29));
        assertThat(custom.previous().to()).isEqualTo(LocalDate.of(2026, 2, 28));
        // an absurd span is cut to about three years
        DashboardFilter huge = DashboardFilter.of("custom", "1900-01-01", "2026-01-01", null, null, null, null, TODAY);
        assertThat(huge.from()).isEqualTo(LocalDate.of(2026, 1, 1).minusDays(3 * 366));
        assertThat(DashboardFilter.of("bogus", null, null, null, null, null, null, TODAY).preset()).isEqualTo("30d");
    }

    private static DashboardRow row(String name, long delivered, long opens, long unsubscribes) {
        return new DashboardRow(UUID.randomUUID(), name, null, TerritoryKind.ZONE, 1, delivered > 0 ? 1 : 0,
                new Metrics(delivered > 0 ? 1 : 0, delivered, delivered, 0, 0, opens, 0, unsubscribes, 0),
                ContactGrowth.NONE);
    }

    @Test
    void leagueRanksWithTiesAndPutsRowsWithoutAValueLast() {
        List<DashboardRow> rows = List.of(row("B", 100, 20, 0), row("A", 100, 30, 0), row("C", 100, 20, 0),
                row("Z", 0, 0, 0));
        Dashboards.League league = Dashboards.League.of(rows, Column.OPEN_RATE, false);
        assertThat(league.rows()).extracting(r -> r.row().name()).containsExactly("A", "B", "C", "Z");
        assertThat(league.rows()).extracting(Dashboards.Ranked::rank).containsExactly(1, 2, 2, null);
        Dashboards.League ascending = Dashboards.League.of(rows, Column.OPEN_RATE, true);
        assertThat(ascending.rows()).extracting(r -> r.row().name()).containsExactly("B", "C", "A", "Z");
    }

    @Test
    void heatMapQuartersFollowWhatIsGoodAndSkipEqualValues() {
        List<DashboardRow> rows = List.of(row("low", 100, 10, 5), row("mid1", 100, 20, 2), row("mid2", 100, 30, 1),
                row("high", 100, 40, 0));
        Dashboards.HeatMap heat = Dashboards.HeatMap.of(rows);
        int open = heat.columns().indexOf(Column.OPEN_RATE);
        int unsubscribe = heat.columns().indexOf(Column.UNSUBSCRIBE_RATE);
        int adoption = heat.columns().indexOf(Column.ADOPTION);
        assertThat(heat.rows()).extracting(r -> r.cells().get(open).band()).containsExactly(1, 2, 3, 4);
        // fewer unsubscribes is better
        assertThat(heat.rows()).extracting(r -> r.cells().get(unsubscribe).band()).containsExactly(1, 2, 3, 4);
        // every row at 100 %: no shade
        assertThat(heat.rows()).extracting(r -> r.cells().get(adoption).band()).containsOnly(0);
    }

    @Test
    void noMedianUnderThreeMeasuredBranches() {
        assertThat(Dashboards.Medians.of(List.of(row("a", 100, 10, 0), row("b", 100, 30, 0), row("c", 0, 0, 0)))
                .shown()).isFalse();
        Dashboards.Medians three = Dashboards.Medians.of(List.of(row("a", 100, 10, 0), row("b", 100, 30, 0),
                row("c", 100, 20, 0)));
        assertThat(three.openRate()).isEqualTo(0.2);
    }

    @Test
    void csvCellsAreQuotedAndFormulaSafe() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CsvTable.write(out, List.of("Name", "Value"), List.of(List.of("=1+2", "-3"), List.of("-2+3", "-4,5 %"), List.of(" @SUM(A1)", "a\"b"),
                List.of("+33612345678", "\tx"), List.of("plain, text", "")));
        byte[] bytes = out.toByteArray();
        assertThat(new byte[] {bytes[0], bytes[1], bytes[2]}).containsExactly(0xEF, 0xBB, 0xBF);
        String csv = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        assertThat(csv).isEqualTo("\"Name\",\"Value\"\r\n\"'=1+2\",\"-3\"\r\n\"'-2+3\",\"-4,5 %\"\r\n\"' @SUM(A1)\",\"a\"\"b\"\r\n"
                + "\"'+33612345678\",\"'\tx\"\r\n\"plain, text\",\"\"\r\n");
    }
}
