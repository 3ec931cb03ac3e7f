package io.archipel.insights.web;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.archipel.insights.dashboard.DashboardFilter;
import io.archipel.insights.dashboard.DashboardRow;
import io.archipel.insights.dashboard.DashboardService;
import io.archipel.insights.dashboard.Dashboards;
import io.archipel.insights.dashboard.TrendChart;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The executives' and HQ admins' dashboards, cut to the caller's scope: the network (or region) overview, a
 * territory, a branch, and template/kit performance. Every view is a URL (period, channel, template, kit, trend
 * granularity, league sort); htmx asks for the part that changed only.
 */
@Controller
class InsightsController {

    static final int SEARCH_LIMIT = 20;

    private final DashboardService dashboards;
    private final MessageSource messages;

    InsightsController(DashboardService dashboards, MessageSource messages) {
        this.dashboards = dashboards;
        this.messages = messages;
    }

    /** The overview; with {@code q} it also lists matching branches (htmx asks for that list alone as you type). */
    @GetMapping("/insights")
    String overview(@RequestParam(required = false) String q, @RequestParam Map<String, String> params,
            @RequestHeader(value = "HX-Request", required = false) String htmx,
            @RequestHeader(value = "HX-Target", required = false) String target, Locale locale, Model model) {
        String query = q == null ? "" : q.trim();
        model.addAttribute("q", query);
        model.addAttribute("hits", dashboards.searchBranches(query, SEARCH_LIMIT));
        if (htmx != null && (target == null || "branch-results".equals(target)) && params.containsKey("q")) {
            return "insights/overview :: branch-results";
        }
        DashboardFilter filter = filter(params);
        Dashboards.Territory d = dashboards.overview(filter);
        model.addAttribute("snapshot", dashboards.snapshot());
        territoryModel(model, d, params, locale, "/insights");
        return fragment(htmx, target, "insights/overview");
    }

    @GetMapping("/insights/territories/{territoryId}")
    String territory(@PathVariable UUID territoryId, @RequestParam Map<String, String> params,
            @RequestHeader(value = "HX-Request", required = false) String htmx,
            @RequestHeader(value = "HX-Target", required = false) String target, Locale locale, Model model) {
        Dashboards.Territory d = dashboards.territory(territoryId, filter(params));
        territoryModel(model, d, params, locale, "/insights/territories/" + territoryId);
        return fragment(htmx, target, "insights/territory");
    }

    @GetMapping("/insights/branches/{branchId}")
    String branch(@PathVariable UUID branchId, @RequestParam Map<String, String> params,
            @RequestHeader(value = "HX-Request", required = false) String htmx,
            @RequestHeader(value = "HX-Target", required = false) String target, Locale locale, Model model) {
        Dashboards.Branch d = dashboards.branch(branchId, filter(params));
        model.addAttribute("d", d);
        model.addAttribute("f", d.filter());
        model.addAttribute("fmt", new InsightsFormat(locale));
        model.addAttribute("base", "/insights/branches/" + branchId);
        trend(model, d.trend(), d.filter(), locale);
        return fragment(htmx, target, "insights/branch");
    }

    @GetMapping("/insights/performance")
    String performance(@RequestParam Map<String, String> params, @RequestParam(required = false) String min,
            @RequestHeader(value = "HX-Request", required = false) String htmx,
            @RequestHeader(value = "HX-Target", required = false) String target, Locale locale, Model model) {
        Dashboards.Performance d = dashboards.performance(filter(params), minDelivered(min));
        model.addAttribute("d", d);
        model.addAttribute("f", d.filter());
        model.addAttribute("fmt", new InsightsFormat(locale));
        model.addAttribute("base", "/insights/performance");
        return fragment(htmx, target, "insights/performance");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    static final long DEFAULT_MIN_DELIVERED = 100;

    static long minDelivered(String min) {
        try {
            long v = min == null || min.isBlank() ? DEFAULT_MIN_DELIVERED : Long.parseLong(min.trim());
            return Math.max(1, Math.min(v, 1_000_000));
        } catch (NumberFormatException e) {
            return DEFAULT_MIN_DELIVERED;
        }
    }

    static DashboardFilter filter(Map<String, String> p) {
        return DashboardFilter.of(p.get("period"), p.get("from"), p.get("to"), p.get("channel"), p.get("template"),
                p.get("kit"), p.get("g"), LocalDate.now(DashboardFilter.ZONE));
    }

    /** The league: branches (default) or the compared parts, sorted by a column. */
    static Dashboards.League league(Dashboards.Territory d, Map<String, String> params) {
        boolean parts = "parts".equals(params.get("of"));
        DashboardRow.Column sort = DashboardRow.Column.parse(params.get("sort"), DashboardRow.Column.OPEN_RATE);
        boolean ascending = "asc".equals(params.get("dir"));
        return Dashboards.League.of(parts ? d.children() : d.branches(), sort, ascending);
    }

    private void territoryModel(Model model, Dashboards.Territory d, Map<String, String> params, Locale locale,
            String base) {
        model.addAttribute("d", d);
        model.addAttribute("f", d.filter());
        model.addAttribute("fmt", new InsightsFormat(locale));
        model.addAttribute("base", base);
        boolean all = "1".equals(params.get("all"));
        model.addAttribute("league", league(d, params).showingAll(all));
        // the league's own links keep "all" (sorting a whole table keeps it whole)
        String query = d.filter().query();
        model.addAttribute("leagueQuery", all ? query + (query.isEmpty() ? "?" : "&") + "all=1" : query);
        model.addAttribute("leagueOf", "parts".equals(params.get("of")) ? "parts" : "branches");
        model.addAttribute("heat", Dashboards.HeatMap.of(d.children()));
        trend(model, d.trend(), d.filter(), locale);
    }

    /** The trend chart and its rows for the table beside it ({@code insights/fragments :: trend-table}). */
    private void trend(Model model, java.util.List<Dashboards.TrendPoint> trend, DashboardFilter f, Locale locale) {
        model.addAttribute("trendPoints", TrendChart.Point.sent(trend));
        model.addAttribute("chartSvg", chart(trend, f, locale));
    }

    private String chart(java.util.List<Dashboards.TrendPoint> trend, DashboardFilter f, Locale locale) {
        return TrendChart.svg(trend, f.granularity(), new TrendChart.Labels(
                messages.getMessage("insights.trend.title", null, locale),
                messages.getMessage("insights.metric.sent", null, locale),
                messages.getMessage("insights.metric.openRate", null, locale),
                messages.getMessage("insights.metric.clickRate", null, locale)), locale);
    }

    /** The whole page, or for htmx the part it targets. */
    private static String fragment(String htmx, String target, String view) {
        if (htmx == null || target == null) {
            return view;
        }
        return switch (target) {
            case "league" -> "insights/dashboard :: league";
            case "dashboard" -> view + " :: dashboard";
            default -> view;
        };
    }
}
