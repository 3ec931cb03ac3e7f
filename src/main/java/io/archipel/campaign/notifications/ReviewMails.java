package io.archipel.campaign.notifications;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.archipel.campaign.CampaignDates;
import io.archipel.campaign.Campaigns;
import io.archipel.delivery.OutgoingMail;
import org.springframework.context.MessageSource;
import org.springframework.web.util.HtmlUtils;

/**
 * Writes the short notification e-mails of the review workflow in the recipient's language: a subject, a few plain
 * lines, an optional quoted comment and one link, as plain text and as simple HTML (every value escaped). No template
 * engine runs on user text.
 */
final class ReviewMails {

    /** The kinds of notification, each with its message keys under {@code review.mail.<kind>.}. */
    enum Kind { SUBMITTED, CHANGES_REQUESTED, APPROVED, DEADLINE_NEAR, ESCALATED }

    private final MessageSource messages;
    private final String fromName;
    private final String fromAddress;
    private final String baseUrl;

    ReviewMails(MessageSource messages, String fromName, String fromAddress, String baseUrl) {
        this.messages = messages;
        this.fromName = fromName;
        this.fromAddress = fromAddress;
        this.baseUrl = baseUrl;
    }

    OutgoingMail compose(Kind kind, ReviewAudience.Recipient to, Campaigns.Details campaign, String actorName,
            String comment) {
        Locale locale = to.locale();
        Campaigns.Summary s = campaign.summary();
        String key = "review.mail." + kind.name().toLowerCase(Locale.ROOT).replace("_", "") + ".";
        String branch = s.branchName() + " (" + s.branchCode() + ")";
        String subject = msg(key + "subject", locale, s.name(), branch);
        List<String> lines = new ArrayList<>();
        lines.add(msg("review.mail.greeting", locale, to.name()));
        switch (kind) {
            case SUBMITTED -> {
                lines.add(msg(key + "body", locale, branch, s.name(), s.templateName()));
                if (s.reviewDueAt() != null) {
                    lines.add(msg("review.mail.deadline", locale, dateTime(s.reviewDueAt(), locale)));
                }
            }
            case ESCALATED -> lines.add(msg(key + "body", locale, branch, s.name()));
            case DEADLINE_NEAR -> {
                lines.add(msg(key + "body", locale, branch, s.name()));
                if (s.reviewDueAt() != null) {
                    lines.add(msg("review.mail.deadline", locale, dateTime(s.reviewDueAt(), locale)));
                }
            }
            case CHANGES_REQUESTED -> lines.add(msg(key + "body", locale, actorName, s.name()));
            case APPROVED -> {
                lines.add(msg(key + "body", locale, actorName, s.name()));
                lines.add(s.sendAt() == null ? msg("review.mail.approved.asap", locale)
                        : msg("review.mail.approved.sendAt", locale,
                                CampaignDates.format(s.sendAt(), s.branchZone(), messages, locale)));
            }
        }
        String link = baseUrl + (kind == Kind.SUBMITTED || kind == Kind.DEADLINE_NEAR || kind == Kind.ESCALATED
                ? "/hq/reviews/" + s.id() : "/portal/campaigns/" + s.id() + "?branchId=" + s.branchId());
        String action = msg(key + "action", locale);
        String commentLabel = msg("review.mail.comment", locale);
        String footer = msg("review.mail.footer", locale);

        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append("\n\n");
        }
        if (comment != null && !comment.isBlank()) {
            text.append(commentLabel).append("\n");
            for (String l : comment.strip().split("\\R")) {
                text.append("> ").append(l).append("\n");
            }
            text.append("\n");
        }
        text.append(action).append(": ").append(link).append("\n\n-- \n").append(footer).append("\n");

        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html><html lang=\"").append(locale.getLanguage()).append("\"><head><meta charset=\"utf-8\">")
                .append("<title>").append(esc(subject)).append("</title></head>")
                .append("<body style=\"margin:0;padding:24px;background:#f4f6fa;font-family:Arial,Helvetica,sans-serif;")
                .append("color:#1f2937;font-size:15px;line-height:1.5\">")
                .append("<div style=\"max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px\">");
        for (String line : lines) {
            html.append("<p style=\"margin:0 0 12px\">").append(esc(line)).append("</p>");
        }
        if (comment != null && !comment.isBlank()) {
            html.append("<p style=\"margin:16px 0 4px;font-weight:bold\">").append(esc(commentLabel)).append("</p>")
                    .append("<blockquote style=\"margin:0 0 16px;padding:8px 12px;border-left:4px solid #2563eb;")
                    .append("background:#eff6ff;white-space:pre-line\">").append(esc(comment.strip()))
                    .append("</blockquote>");
        }
        html.append("<p style=\"margin:20px 0\"><a href=\"").append(esc(link)).append("\" style=\"display:inline-block;")
                .append("background:#2563eb;color:#ffffff;text-decoration:none;padding:10px 18px;border-radius:6px;")
                .append("font-weight:bold\">").append(esc(action)).append("</a></p>")
                .append("<p style=\"margin:16px 0 0;font-size:12px;color:#6b7280\">").append(esc(footer)).append("</p>")
                .append("</div></body></html>");
        return new OutgoingMail(fromName, fromAddress, null, to.name(), to.email(), subject, html.toString(),
                text.toString(), java.util.Map.of("X-Archipel-Campaign", s.id().toString(),
                        "X-Archipel-Notification", kind.name()));
    }

    private String msg(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }

    private String dateTime(Instant at, Locale locale) {
        return CampaignDates.format(at, messages, locale);
    }

    private static String esc(String s) {
        return HtmlUtils.htmlEscape(s == null ? "" : s, "UTF-8");
    }
}
