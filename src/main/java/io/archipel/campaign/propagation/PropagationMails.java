package io.archipel.campaign.propagation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.archipel.brand.TemplateChange;
import io.archipel.campaign.CampaignStatus;
import io.archipel.campaign.Campaigns;
import io.archipel.campaign.TemplateUpdates;
import io.archipel.campaign.notifications.CampaignRecipients;
import io.archipel.shared.mail.NoticeMail;
import io.archipel.shared.mail.OutgoingMail;
import org.springframework.context.MessageSource;
import org.springframework.web.util.HtmlUtils;

/**
 * The e-mail telling a branch person that a campaign moved to a new template version ("your texts are kept") or
 * stayed on its version (and why, and what happens next), in the recipient's language, as plain text and simple HTML
 * (every value escaped; no template engine runs on user text).
 */
final class PropagationMails {

    private final MessageSource messages;
    private final String fromName;
    private final String fromAddress;
    private final String baseUrl;

    PropagationMails(MessageSource messages, String fromName, String fromAddress, String baseUrl) {
        this.messages = messages;
        this.fromName = fromName;
        this.fromAddress = fromAddress;
        this.baseUrl = baseUrl;
    }

    OutgoingMail compose(CampaignRecipients.Recipient to, Campaigns.Details campaign, TemplateUpdates.Update u) {
        Locale locale = to.locale();
        Campaigns.Summary s = campaign.summary();
        boolean moved = u.moved();
        String kind = moved ? "moved" : "kept";
        String status = msg("campaign.status." + u.statusThen().name(), locale);
        String subject = msg("propagation.mail." + kind + ".subject", locale, s.name(),
                moved ? u.toNumber() : u.fromNumber(), u.templateName());
        List<String> lines = new ArrayList<>();
        lines.add(msg("propagation.mail.greeting", locale, to.name()));
        if (moved) {
            lines.add(msg("propagation.mail.moved.body", locale, s.name(), u.toNumber(), u.templateName(), status));
        } else {
            lines.add(msg("propagation.mail.kept.body", locale, s.name(), u.toNumber(), u.templateName(), status,
                    msg("propagation.reason." + u.reason().name(), locale)));
        }
        List<String> changes = u.changes().stream().map(c -> describe(c, locale)).toList();
        List<String> dropped = u.dropped().stream().map(d -> msg("propagation.mail.droppedLine", locale,
                place(d, locale), plain(d.value()))).toList();
        List<String> details = u.reasonDetails().stream().map(d -> place(d, locale) + " — "
                + messages.getMessage(d.messageKey(), d.argsArray(), d.messageKey(), locale)).toList();
        String next = moved ? msg(u.statusThen().editable() ? "propagation.mail.moved.next.editable"
                : "propagation.mail.moved.next.submitted", locale)
                : msg("propagation.mail.kept.next." + (u.statusThen() == CampaignStatus.IN_REVIEW ? "review" : "sending"),
                        locale, u.fromNumber());
        String link = baseUrl + "/portal/campaigns/" + s.id() + "?branchId=" + s.branchId();
        String action = msg("propagation.mail.action", locale);
        String footer = msg("propagation.mail.footer", locale);

        return NoticeMail.of(locale, subject).paragraphs(lines)
                .list(msg("propagation.mail.changes", locale), changes)
                .list(msg(moved ? "propagation.mail.dropped" : "propagation.mail.wouldDrop", locale), dropped)
                .list(msg("propagation.mail.details", locale), details)
                .paragraph(next).action(action, link)
                .to(footer, fromName, fromAddress, to.name(), to.email(), Map.of("X-Archipel-Campaign",
                        s.id().toString(), "X-Archipel-Notification", "TEMPLATE_" + u.outcome().name()));
    }

    /** "Heading · Text", "Subject", for a place of the campaign. */
    private String place(TemplateUpdates.Line line, Locale locale) {
        String what = line.messageKey() == null || !line.messageKey().startsWith("campaign.change.") ? null
                : messages.getMessage(line.messageKey(), null, line.messageKey(), locale);
        String block = line.blockType() == null ? null
                : messages.getMessage(line.blockType(), null, line.blockType(), locale);
        if (block != null && what != null) {
            return block.equalsIgnoreCase(what) ? block : block + " · " + what;
        }
        if (block != null) {
            return block;
        }
        if (what != null) {
            return what;
        }
        return line.path() == null ? "" : messages.getMessage("propagation.place." + line.path().replaceAll("\\[.*", ""),
                null, line.path(), locale);
    }

    private String describe(TemplateChange c, Locale locale) {
        return c.describe(messages, locale);
    }

    /** Rich text as words (a mail lists the branch's text, not its markup). */
    static String plain(String value) {
        return value == null ? "" : HtmlUtils.htmlUnescape(value.replaceAll("<[^>]*>", " ")).replaceAll("\\s+", " ")
                .strip();
    }

    private String msg(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }
}
