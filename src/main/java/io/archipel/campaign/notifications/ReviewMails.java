package io.archipel.campaign.notifications;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.archipel.campaign.CampaignDates;
import io.archipel.campaign.Campaigns;
import io.archipel.shared.mail.NoticeMail;
import io.archipel.shared.mail.OutgoingMail;
import org.springframework.context.MessageSource;

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

    OutgoingMail compose(Kind kind, CampaignRecipients.Recipient to, Campaigns.Details campaign, String actorName,
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

        return NoticeMail.of(locale, subject).paragraphs(lines).quote(commentLabel, comment).action(action, link)
                .to(footer, fromName, fromAddress, to.name(), to.email(), java.util.Map.of("X-Archipel-Campaign",
                        s.id().toString(), "X-Archipel-Notification", kind.name()));
    }

    private String msg(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }

    private String dateTime(Instant at, Locale locale) {
        return CampaignDates.format(at, messages, locale);
    }
}
