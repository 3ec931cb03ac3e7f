package io.archipel.insights.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.archipel.insights.Steering;
import io.archipel.insights.dashboard.CsvTable;
import io.archipel.insights.dashboard.DashboardFilter;
import io.archipel.insights.dashboard.DashboardRow;
import io.archipel.insights.dashboard.DashboardService;
import io.archipel.insights.dashboard.Dashboards;
import io.archipel.insights.dashboard.Metrics;
import io.archipel.insights.dashboard.TrendChart;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Every dashboard table as a CSV file ({@link CsvTable}: UTF-8 with BOM, {@code ,}, every cell quoted, formula-safe)
 * and the trend chart as an SVG file, for exactly what the page shows (same scope, same filter). File names carry the
 * territory or branch and the period. Numbers are written plainly ({@code 24.5} for 24.5 %) so that any spreadsheet
 * reads them; headers are in the reader's language.
 */
@Controller
class InsightsExportController {

    private final DashboardService dashboards;
    private final MessageSource messages;

    InsightsExportController(DashboardService dashboards, MessageSource messages) {
        this.dashboards = dashboards;
        this.messages = messages;
    }

    // ------------------------------------------------------------------------------ compared parts (heat map)

    @GetMapping({"/insights/children.csv", "/insights/territories/{territoryId}/children.csv"})
    void children(@PathVariable(required = false) UUID territoryId, @RequestParam Map<String, String> params,
            Locale locale, HttpServletResponse response) throws IOException {
        Dashboards.Territory d = territory(territoryId, params);
        List<String> header = new ArrayList<>(rowsHeader(locale, false));
        header.add(msg("insights.csv.budgetUsed", locale));
        header.add(msg("insights.csv.objectives", locale));
        List<List<String>> rows = new ArrayList<>();
        for (DashboardRow r : d.children()) {
            List<String> cells = new ArrayList<>(row(false, null, r, locale));
            Steering.TerritorySteering st = d.steeringOf(r.id());
            Steering.TerritoryBudget b = st == null ? null : st.mainBudget();
            Steering.BudgetUse u = b == null ? null : b.amount() != null ? b.amount() : b.quota();
            cells.add(u == null ? "" : Integer.toString(u.usedPercent()));
            List<String> statuses = new ArrayList<>();
            Dashboards.statusCounts(st).forEach((status, n) -> statuses.add(n + " "
                    + msg("steering.status." + status, locale)));
            cells.add(String.join("; ", statuses));
            rows.add(cells);
        }
        csv(response, "compare-" + slug(d) + "-" + d.filter().fileLabel(), header, rows);
    }

    @GetMapping({"/insights/league.csv", "/insights/territories/{territoryId}/league.csv"})
    void league(@PathVariable(required = false) UUID territoryId, @RequestParam Map<String, String> params,
            Locale locale, HttpServletResponse response) throws IOException {
        Dashboards.Territory d = territory(territoryId, params);
        Dashboards.League league = InsightsController.league(d, params);
        csv(response, "league-" + slug(d) + "-" + d.filter().fileLabel(), rowsHeader(locale, true),
                league.rows().stream().map(r -> row(true, r.rank(), r.row(), locale)).toList());
    }

    @GetMapping({"/insights/trend.csv", "/insights/territories/{territoryId}/trend.csv"})
    void trend(@PathVariable(required = false) UUID territoryId, @RequestParam Map<String, String> params,
            Locale locale, HttpServletResponse response) throws IOException {
        Dashboards.Territory d = territory(territoryId, params);
        trendCsv(response, "trend-" + slug(d), d.filter(), d.trend(), locale);
    }

    @GetMapping("/insights/branches/{branchId}/trend.csv")
    void branchTrend(@PathVariable UUID branchId, @RequestParam Map<String, String> params, Locale locale,
            HttpServletResponse response) throws IOException {
        Dashboards.Branch d = dashboards.branch(branchId, InsightsController.filter(params));
        trendCsv(response, "trend-" + safeName(d.card().code()), d.filter(), d.trend(), locale);
    }

    @GetMapping({"/insights/trend.svg", "/insights/territories/{territoryId}/trend.svg"})
    void trendSvg(@PathVariable(required = false) UUID territoryId, @RequestParam Map<String, String> params,
            Locale locale, HttpServletResponse response) throws IOException {
        Dashboards.Territory d = territory(territoryId, params);
        svg(response, "trend-" + slug(d) + "-" + d.filter().fileLabel(), d.trend(), d.filter(), locale);
    }

    @GetMapping("/insights/branches/{branchId}/trend.svg")
    void branchTrendSvg(@PathVariable UUID branchId, @RequestParam Map<String, String> params, Locale locale,
            HttpServletResponse response) throws IOException {
        Dashboards.Branch d = dashboards.branch(branchId, InsightsController.filter(params));
        svg(response, "trend-" + safeName(d.card().code()) + "-" + d.filter().fileLabel(), d.trend(), d.filter(),
                locale);
    }

    @GetMapping("/insights/branches/{branchId}/campaigns.csv")
    void campaigns(@PathVariable UUID branchId, @RequestParam Map<String, String> params, Locale locale,
            HttpServletResponse response) throws IOException {
        Dashboards.Branch d = dashboards.branch(branchId, InsightsController.filter(params));
        csv(response, "campaigns-" + safeName(d.card().code()) + "-" + d.filter().fileLabel(),
                campaignHeader(locale), d.campaigns().stream().map(c -> campaignRow(c)).toList());
    }

    // ------------------------------------------------------------------------------ performance

    @GetMapping("/insights/performance/templates.csv")
    void templates(@RequestParam Map<String, String> params, Locale locale, HttpServletResponse response)
            throws IOException {
        Dashboards.Performance d = dashboards.performance(InsightsController.filter(params), 1);
        csv(response, "templates-" + d.filter().fileLabel(), groupHeader("insights.col.templates", locale),
                d.templates().stream().map(this::groupRow).toList());
    }

    @GetMapping("/insights/performance/kits.csv")
    void kits(@RequestParam Map<String, String> params, Locale locale, HttpServletResponse response)
            throws IOException {
        Dashboards.Performance d = dashboards.performance(InsightsController.filter(params), 1);
        csv(response, "kits-" + d.filter().fileLabel(), groupHeader("insights.col.kits", locale),
                d.kits().stream().map(this::groupRow).toList());
    }

    @GetMapping("/insights/performance/best.csv")
    void best(@RequestParam Map<String, String> params, @RequestParam(required = false) String min, Locale locale,
            HttpServletResponse response) throws IOException {
        Dashboards.Performance d = dashboards.performance(InsightsController.filter(params),
                InsightsController.minDelivered(min));
        csv(response, "best-campaigns-" + d.filter().fileLabel(), campaignHeader(locale),
                d.best().stream().map(c -> campaignRow(c)).toList());
    }

    // ------------------------------------------------------------------------------ internals

    private Dashboards.Territory territory(UUID territoryId, Map<String, String> params) {
        DashboardFilter filter = InsightsController.filter(params);
        return territoryId == null ? dashboards.overview(filter) : dashboards.territory(territoryId, filter);
    }

    private static String slug(Dashboards.Territory d) {
        if (d.node() == null) {
            return "network";
        }
        return safeName(d.node().code() != null && !d.node().code().isBlank() ? d.node().code() : d.node().name());
    }

    /** A file-name-safe spelling: letters and digits (accents dropped), the rest as dashes. */
    static String safeName(String s) {
        String folded = java.text.Normalizer.normalize(s == null ? "" : s, java.text.Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "");
        String clean = folded.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return clean.isEmpty() ? "export" : clean.length() > 60 ? clean.substring(0, 60) : clean;
    }

    private String msg(String key, Locale locale) {
        return messages.getMessage(key, null, locale);
    }

    private List<String> rowsHeader(Locale locale, boolean ranked) {
        List<String> h = new ArrayList<>();
        if (ranked) {
            h.add(msg("insights.col.rank", locale));
        }
        h.add(msg("insights.col.name", locale));
        h.add(msg("insights.col.code", locale));
        h.add(msg("insights.col.kind", locale));
        h.add(msg("insights.csv.branches", locale));
        h.add(msg("insights.csv.adopting", locale));
        h.add(msg("insights.csv.adoption", locale));
        metricHeader(h, locale);
        h.add(msg("insights.csv.contactsStart", locale));
        h.add(msg("insights.csv.contactsEnd", locale));
        h.add(msg("insights.csv.contactsNet", locale));
        h.add(msg("insights.csv.contactGrowth", locale));
        h.add(msg("insights.csv.emailConsent", locale));
        return h;
    }

    private List<String> row(boolean ranked, Integer rank, DashboardRow r, Locale locale) {
        List<String> cells = new ArrayList<>();
        if (ranked) {
            cells.add(rank == null ? "" : rank.toString());
        }
        cells.add(r.name());
        cells.add(r.code());
        cells.add(r.isBranch() ? msg("insights.kind.branch", locale) : msg("territory.kind." + r.kind(), locale));
        cells.add(Long.toString(r.branches()));
        cells.add(Long.toString(r.adopting()));
        cells.add(pct(r.adoption()));
        metricCells(cells, r.metrics());
        cells.add(Long.toString(r.contacts().atStart()));
        cells.add(Long.toString(r.contacts().atEnd()));
        cells.add(Long.toString(r.contacts().net()));
        cells.add(pct(r.contacts().rate()));
        cells.add(pct(r.contacts().emailConsentRate()));
        return cells;
    }

    private void metricHeader(List<String> h, Locale locale) {
        for (String k : new String[] {"campaigns", "recipients", "sent", "failed", "bounces", "delivered",
            "uniqueOpens", "uniqueClicks", "unsubscribes", "complaints", "deliveryRate", "openRate", "clickRate",
            "unsubscribeRate"}) {
            h.add(msg("insights.csv." + k, locale));
        }
    }

    private static void metricCells(List<String> cells, Metrics m) {
        cells.add(Long.toString(m.campaigns()));
        cells.add(Long.toString(m.recipients()));
        cells.add(Long.toString(m.sent()));
        cells.add(Long.toString(m.failed()));
        cells.add(Long.toString(m.bounces()));
        cells.add(Long.toString(m.delivered()));
        cells.add(Long.toString(m.uniqueOpens()));
        cells.add(Long.toString(m.uniqueClicks()));
        cells.add(Long.toString(m.unsubscribes()));
        cells.add(Long.toString(m.complaints()));
        cells.add(pct(m.deliveryRate()));
        cells.add(pct(m.openRate()));
        cells.add(pct(m.clickRate()));
        cells.add(pct(m.unsubscribeRate()));
    }

    private void trendCsv(HttpServletResponse response, String name, DashboardFilter f,
            List<Dashboards.TrendPoint> points, Locale locale) throws IOException {
        List<String> h = new ArrayList<>();
        h.add(msg("insights.granularity." + f.granularity(), locale));
        metricHeader(h, locale);
        List<List<String>> rows = new ArrayList<>();
        for (Dashboards.TrendPoint p : points) {
            List<String> cells = new ArrayList<>();
            cells.add(p.start().toString());
            metricCells(cells, p.metrics());
            rows.add(cells);
        }
        csv(response, name + "-" + f.fileLabel(), h, rows);
    }

    private List<String> campaignHeader(Locale locale) {
        List<String> h = new ArrayList<>();
        h.add(msg("insights.col.campaign", locale));
        h.add(msg("insights.col.code", locale));
        h.add(msg("insights.kind.branch", locale));
        h.add(msg("insights.filter.channel", locale));
        h.add(msg("insights.filter.template", locale));
        h.add(msg("insights.filter.kit", locale));
        h.add(msg("insights.col.sentOn", locale));
        h.add(msg("insights.best.featured", locale));
        metricHeader(h, locale);
        return h;
    }

    private static List<String> campaignRow(Dashboards.CampaignLine c) {
        List<String> cells = new ArrayList<>();
        cells.add(c.name());
        cells.add(c.branchCode());
        cells.add(c.branchName());
        cells.add(c.channel());
        cells.add(c.templateName());
        cells.add(c.kitName());
        cells.add(c.day().toString());
        cells.add(c.featured() ? "1" : "0");
        metricCells(cells, c.metrics());
        return cells;
    }

    private List<String> groupHeader(String nameKey, Locale locale) {
        List<String> h = new ArrayList<>();
        h.add(msg(nameKey, locale));
        h.add(msg("insights.filter.channel", locale));
        h.add(msg("insights.col.branches", locale));
        metricHeader(h, locale);
        h.add(msg("insights.csv.opensPerThousand", locale));
        h.add(msg("insights.csv.clicksPerThousand", locale));
        return h;
    }

    private List<String> groupRow(Dashboards.GroupLine g) {
        List<String> cells = new ArrayList<>();
        cells.add(g.name());
        cells.add(g.channel());
        cells.add(Long.toString(g.branches()));
        metricCells(cells, g.metrics());
        cells.add(num(g.metrics().opensPerThousand()));
        cells.add(num(g.metrics().clicksPerThousand()));
        return cells;
    }

    /** A rate as a percentage with one decimal ({@code 24.5}); empty when not measurable. */
    static String pct(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.1f", v * 100);
    }

    static String num(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static void csv(HttpServletResponse response, String name, List<String> header,
            List<List<String>> rows) throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename(name + ".csv", StandardCharsets.UTF_8).build().toString());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        CsvTable.write(response.getOutputStream(), header, rows);
    }

    private void svg(HttpServletResponse response, String name, List<Dashboards.TrendPoint> points,
            DashboardFilter f, Locale locale) throws IOException {
        String svg = TrendChart.svg(points, f.granularity(), new TrendChart.Labels(
                msg("insights.trend.title", locale), msg("insights.metric.sent", locale),
                msg("insights.metric.openRate", locale), msg("insights.metric.clickRate", locale)), locale);
        response.setContentType("image/svg+xml;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename(name + ".svg", StandardCharsets.UTF_8).build().toString());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.getOutputStream().write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg)
                .getBytes(StandardCharsets.UTF_8));
    }
}
