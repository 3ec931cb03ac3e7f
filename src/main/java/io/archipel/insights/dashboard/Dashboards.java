package io.archipel.insights.dashboard;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import io.archipel.insights.dashboard.DashboardRow.Column;
import io.archipel.insights.Steering;
import io.archipel.tenancy.NetworkQueries;

/** The read models of the {@code /insights} pages, as {@link DashboardService} hands them out. */
public final class Dashboards {

    private Dashboards() {
    }

    /** A territory (or the caller's whole view) with its parts compared and its branches ranked. */
    public record Territory(DashboardFilter filter, NetworkQueries.TerritoryNode node, List<NetworkQueries.Crumb> trail,
            DashboardRow total, Metrics previous, List<DashboardRow> children, List<DashboardRow> branches,
            List<TrendPoint> trend, Options options, Steering.TerritorySteering steering,
            java.util.Map<UUID, Steering.TerritorySteering> childSteering) {

        /** Objectives and budgets of a compared part (null for a branch or when there is none). */
        public Steering.TerritorySteering steeringOf(UUID id) {
            return childSteering == null ? null : childSteering.get(id);
        }

        /** Whether any compared part has objectives or budgets (to show those columns). */
        public boolean childrenSteered() {
            return childSteering != null && childSteering.values().stream()
                    .anyMatch(st -> !st.objectives().isEmpty() || st.mainBudget() != null);
        }

        /** Medians of the branches' rates; null where fewer than {@link Medians#MIN_BRANCHES} branches measure. */
        public Medians medians() {
            return Medians.of(branches);
        }
    }

    /**
     * One branch: its figures, its campaigns, its trend, and the medians of the branches of its region and of the
     * network (each null below {@code InsightsQueries.MIN_PEERS} branches).
     */
    public record Branch(DashboardFilter filter, NetworkQueries.BranchCard card, UUID territoryId, DashboardRow total,
            Metrics previous, List<CampaignLine> campaigns, List<TrendPoint> trend, String regionName,
            io.archipel.insights.Insights.Median region, io.archipel.insights.Insights.Median network,
            Options options) {

        /** Whether any median may be shown. */
        public boolean hasMedians() {
            return (region != null && region.openRate() != null) || (network != null && network.openRate() != null);
        }
    }

    /** Template, kit and best-campaign tables across the caller's view. */
    public record Performance(DashboardFilter filter, List<GroupLine> templates, List<GroupLine> kits,
            List<CampaignLine> best, long minDelivered, Options options) {
    }

    /** A campaign on a dashboard with the branch that sent it. */
    public record CampaignLine(UUID campaignId, String name, UUID branchId, String branchCode, String branchName,
            String channel, String templateName, String kitName, LocalDate day, boolean featured,
            Metrics metrics) {
    }

    /** A template or kit with the campaigns sent from it. */
    public record GroupLine(UUID id, String name, String channel, long branches, Metrics metrics) {
    }

    /** How many objectives of a territory stand in each status. */
    public static java.util.Map<Steering.Status, Long> statusCounts(Steering.TerritorySteering st) {
        java.util.Map<Steering.Status, Long> out = new java.util.EnumMap<>(Steering.Status.class);
        if (st != null) {
            st.objectives().forEach(o -> out.merge(o.status(), 1L, Long::sum));
        }
        return out;
    }

    /** One bucket of a trend chart (its first day). */
    public record TrendPoint(LocalDate start, Metrics metrics) {
    }

    /** The choices of the filter bar: templates and kits used in the caller's view. */
    public record Options(List<MetricsSource.Option> templates, List<MetricsSource.Option> kits) {
    }

    /** Medians of branch rates (each branch weighs one, whatever its size). */
    public record Medians(int branches, Double deliveryRate, Double openRate, Double clickRate,
            Double unsubscribeRate) {

        /** Below this many branches a median would tell too much about each one, so none is given. */
        public static final int MIN_BRANCHES = 3;

        static Medians of(List<DashboardRow> rows) {
            List<DashboardRow> measured = rows.stream().filter(r -> r.metrics().delivered() > 0).toList();
            if (measured.size() < MIN_BRANCHES) {
                return new Medians(measured.size(), null, null, null, null);
            }
            return new Medians(measured.size(), median(measured, Column.DELIVERY_RATE),
                    median(measured, Column.OPEN_RATE), median(measured, Column.CLICK_RATE),
                    median(measured, Column.UNSUBSCRIBE_RATE));
        }

        public boolean shown() {
            return openRate != null || deliveryRate != null;
        }

        private static Double median(List<DashboardRow> rows, Column c) {
            List<Double> v = rows.stream().map(r -> r.value(c)).filter(java.util.Objects::nonNull).sorted().toList();
            if (v.size() < MIN_BRANCHES) {
                return null;
            }
            int n = v.size();
            return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
        }
    }

    /**
     * A league table: rows ranked by one column. A long one (a network's thousands of branches) is shown folded:
     * the first and last {@link #EDGE} ranks with the count of those in between, until all are asked for
     * ({@code showAll}); {@link #rows()} always holds every row (CSV export).
     */
    public record League(Column sort, boolean ascending, List<Ranked> rows, boolean showAll) {

        /** Ranks shown at each end of a folded table. */
        public static final int EDGE = 20;
        /** Fewer hidden rows than this are not worth folding. */
        private static final int MIN_HIDDEN = 10;

        /** The columns of a league table, in order. */
        public static final List<Column> COLUMNS = List.of(Column.ADOPTION, Column.CAMPAIGNS, Column.RECIPIENTS,
                Column.DELIVERY_RATE, Column.OPEN_RATE, Column.CLICK_RATE, Column.UNSUBSCRIBE_RATE,
                Column.CONTACT_GROWTH);

        public static League of(List<DashboardRow> rows, Column sort, boolean ascending) {
            Comparator<DashboardRow> byValue = Comparator.comparing((DashboardRow r) -> r.value(sort),
                    Comparator.nullsFirst(Comparator.naturalOrder()));
            Comparator<DashboardRow> order = ascending ? byValue : byValue.reversed();
            // rows without a value always go last, then by name
            Comparator<DashboardRow> full = Comparator.comparing((DashboardRow r) -> r.value(sort) == null)
                    .thenComparing(order).thenComparing(r -> r.name().toLowerCase(java.util.Locale.ROOT));
            List<DashboardRow> sorted = rows.stream().sorted(full).toList();
            List<Ranked> ranked = new ArrayList<>();
            int rank = 0;
            Double last = null;
            for (int i = 0; i < sorted.size(); i++) {
                Double v = sorted.get(i).value(sort);
                if (v == null) {
                    ranked.add(new Ranked(null, sorted.get(i)));
                    continue;
                }
                if (last == null || !last.equals(v)) {
                    rank = i + 1;
                }
                last = v;
                ranked.add(new Ranked(rank, sorted.get(i)));
            }
            return new League(sort, ascending, ranked, true);
        }

        /** The same table, shown whole or folded. */
        public League showingAll(boolean all) {
            return new League(sort, ascending, rows, all);
        }

        /** Whether the middle of the table is hidden (see {@link #shown()}). */
        public boolean folded() {
            return !showAll && rows.size() >= 2 * EDGE + MIN_HIDDEN;
        }

        /** The rows on screen in order; when folded, a {@code null} stands for the hidden middle. */
        public List<Ranked> shown() {
            if (!folded()) {
                return rows;
            }
            List<Ranked> shown = new ArrayList<>(rows.subList(0, EDGE));
            shown.add(null);
            shown.addAll(rows.subList(rows.size() - EDGE, rows.size()));
            return shown;
        }

        /** How many rows a folded table hides. */
        public int hidden() {
            return folded() ? rows.size() - 2 * EDGE : 0;
        }
    }

    /** A row of a league table; {@code rank} is null when the row has no value for the sorted column. */
    public record Ranked(Integer rank, DashboardRow row) {
    }

    /**
     * A heat map: rows × columns, each cell in a band 1 (worst quarter) to 4 (best quarter) among the rows, where
     * "best" follows the column (a low unsubscribe rate is best); 0 when the cell has no value or all rows are equal.
     */
    public record HeatMap(List<Column> columns, List<HeatRow> rows) {

        /** The measures of the heat map (recipients and delivery are in the league table). */
        public static final List<Column> COLUMNS = List.of(Column.ADOPTION, Column.CAMPAIGNS, Column.OPEN_RATE,
                Column.CLICK_RATE, Column.UNSUBSCRIBE_RATE, Column.CONTACT_GROWTH);

        public static HeatMap of(List<DashboardRow> rows) {
            List<HeatRow> out = new ArrayList<>();
            for (DashboardRow r : rows) {
                List<Cell> cells = new ArrayList<>();
                for (Column c : COLUMNS) {
                    cells.add(new Cell(c, r.value(c), band(rows, r, c)));
                }
                out.add(new HeatRow(r, cells));
            }
            return new HeatMap(COLUMNS, out);
        }

        /** Quartile of the row's value among the rows' values (1 worst … 4 best). */
        static int band(List<DashboardRow> rows, DashboardRow row, Column c) {
            Double v = row.value(c);
            List<Double> values = rows.stream().map(r -> r.value(c)).filter(java.util.Objects::nonNull).sorted()
                    .toList();
            if (v == null || values.size() < 2 || values.get(0).equals(values.get(values.size() - 1))) {
                return 0;
            }
            long below = values.stream().filter(x -> x < v).count();
            long equal = values.stream().filter(x -> x.equals(v)).count();
            double percentile = (below + (equal - 1) / 2.0) / (values.size() - 1);
            int band = Math.min(4, 1 + (int) Math.floor(percentile * 4));
            return c.higherIsBetter() ? band : 5 - band;
        }
    }

    public record HeatRow(DashboardRow row, List<Cell> cells) {
    }

    public record Cell(Column column, Double value, int band) {
    }
}
