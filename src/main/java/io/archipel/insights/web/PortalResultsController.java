package io.archipel.insights.web;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.archipel.insights.Insights.Bucket;
import io.archipel.insights.Insights.Filter;
import io.archipel.insights.InsightsQueries;
import io.archipel.insights.dashboard.TrendChart;
import io.archipel.tenancy.NetworkQueries;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The branch's results ({@code /portal/results}, branch managers): its campaigns with their figures, the trend, its
 * contact base, and the branch beside the anonymous medians of its region and of the network. Scope is checked by
 * {@link NetworkQueries#actingBranch} and {@link InsightsQueries} (404 another tenant's branch, 403 outside the
 * manager's branches).
 */
@Controller
@RequestMapping("/portal/results")
class PortalResultsController {

    /** The periods offered, the default first. */
    enum Period {
        M3("3m", Bucket.WEEK), D30("30d", Bucket.WEEK), M6("6m", Bucket.MONTH), M12("12m", Bucket.MONTH);

        final String code;
        final Bucket bucket;

        Period(String code, Bucket bucket) {
            this.code = code;
            this.bucket = bucket;
        }

        public String code() {
            return code;
        }

        Filter filter(LocalDate today) {
            return switch (this) {
                case D30 -> Filter.lastDays(30, today);
                case M3 -> Filter.lastMonths(3, today);
                case M6 -> Filter.lastMonths(6, today);
                case M12 -> Filter.lastMonths(12, today);
            };
        }

        static Period of(String code) {
            for (Period p : values()) {
                if (p.code.equals(code)) {
                    return p;
                }
            }
            return M3;
        }
    }

    private final NetworkQueries network;
    private final InsightsQueries insights;
    private final MessageSource messages;

    PortalResultsController(NetworkQueries network, InsightsQueries insights, MessageSource messages) {
        this.network = network;
        this.insights = insights;
        this.messages = messages;
    }

    @GetMapping
    String results(@RequestParam(required = false) UUID branchId, @RequestParam(required = false) String period,
            Model model, Locale locale) {
        NetworkQueries.BranchCard branch = network.actingBranch(branchId).orElse(null);
        model.addAttribute("myBranches", network.visibleBranches());
        model.addAttribute("branch", branch);
        Period p = Period.of(period);
        model.addAttribute("period", p.code());
        model.addAttribute("periods", List.of(Period.D30.code(), Period.M3.code(), Period.M6.code(),
                Period.M12.code()));
        ResultsFormat format = new ResultsFormat(locale);
        model.addAttribute("fmt", format);
        if (branch == null) {
            return "portal/results";
        }
        Filter filter = p.filter(LocalDate.now(zone(branch.timeZone())));
        model.addAttribute("filter", filter);
        model.addAttribute("peers", insights.peers(branch.id(), filter));
        List<TrendChart.Point> trend = TrendChart.Point.delivered(insights.branchTrend(branch.id(), p.bucket, filter));
        boolean weekly = p.bucket == Bucket.WEEK;
        model.addAttribute("trend", trend);
        model.addAttribute("weekly", weekly);
        model.addAttribute("chartSvg", TrendChart.draw(trend, !weekly, new TrendChart.Labels(
                msg(weekly ? "results.trend.weekly" : "results.trend.monthly", locale),
                msg("results.trend.delivered", locale), msg("results.trend.openRate", locale),
                msg("results.metric.clickRate", locale), msg("results.trend.desc", locale)), locale));
        model.addAttribute("campaigns", insights.branchCampaigns(branch.id(), filter));
        return "portal/results";
    }

    private String msg(String key, Locale locale) {
        return messages.getMessage(key, null, locale);
    }

    private static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException | NullPointerException e) {
            return ZoneId.of("Europe/Paris");
        }
    }
}
