package io.archipel.campaign.web;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.archipel.brand.EmailPreviewResponse;
import io.archipel.brand.EmailTemplateContent;
import io.archipel.brand.PrecompiledEmail;
import io.archipel.brand.SmsLength;
import io.archipel.brand.SmsTemplateContent;
import io.archipel.brand.TemplateChannel;
import io.archipel.brand.TemplatePreviewer;
import io.archipel.brand.TemplatePreviewer.SampleContact;
import io.archipel.campaign.CampaignContents;
import io.archipel.campaign.CampaignDates;
import io.archipel.campaign.CampaignService;
import io.archipel.campaign.CampaignStatus;
import io.archipel.campaign.Campaigns;
import io.archipel.campaign.Compliance;
import io.archipel.campaign.IllegalTransitionException;
import io.archipel.campaign.WeeklyLimitReachedException;
import io.archipel.shared.Flash;
import io.archipel.shared.NotFoundException;
import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * One campaign under review ({@code /hq/reviews/{campaignId}}): the e-mail or SMS as recipients will get it, what the
 * branch changed against the template (word by word), audience, send date, the policy that applies, the timeline and
 * the comment thread; and the decision: approve (optional comment), request changes (comment required), comment.
 * The engine checks scope and the lifecycle; a decision someone else already took is explained, not a crash.
 */
@Controller
class ReviewController {

    static final int MAX_COMMENT = 2000;

    private final CampaignService campaigns;
    private final TemplatePreviewer previewer;
    private final MessageSource messages;

    ReviewController(CampaignService campaigns, TemplatePreviewer previewer, MessageSource messages) {
        this.campaigns = campaigns;
        this.previewer = previewer;
        this.messages = messages;
    }

    /** The decision form: which button was pressed is the URL; the comment is optional or required by it. */
    public static class DecisionForm {
        private String comment;

        public String getComment() {
            return comment;
        }

        public void setComment(String comment) {
            this.comment = comment;
        }

        String trimmed() {
            return comment == null ? "" : comment.strip();
        }
    }

    @GetMapping("/hq/reviews/{campaignId}")
    String detail(@PathVariable UUID campaignId, Model model, Locale locale) {
        Campaigns.Details d = campaigns.get(campaignId);
        model.addAttribute("approveForm", new DecisionForm());
        model.addAttribute("changesForm", new DecisionForm());
        model.addAttribute("commentForm", new DecisionForm());
        return page(d, model, locale);
    }

    /** The e-mail's HTML for the sandboxed preview frame (branch details, sample contact). */
    @GetMapping("/hq/reviews/{campaignId}/preview")
    ResponseEntity<String> preview(@PathVariable UUID campaignId, Locale locale) {
        Campaigns.Details d = campaigns.get(campaignId);
        if (d.template().email() == null) {
            throw new NotFoundException("E-mail campaign");
        }
        EmailTemplateContent email = CampaignContents.resolveEmail(d.template().email(), d.content());
        return EmailPreviewResponse.of(previewer.previewEmail(email, d.summary().branchId(),
                SampleContact.defaults(locale), locale).html());
    }

    @PostMapping("/hq/reviews/{campaignId}/approve")
    String approve(@PathVariable UUID campaignId, @ModelAttribute("approveForm") DecisionForm form,
            BindingResult errors, Model model, Locale locale, RedirectAttributes redirect) {
        Campaigns.Details d = campaigns.get(campaignId);
        if (form.trimmed().length() > MAX_COMMENT) {
            errors.rejectValue("comment", "review.comment.tooLong", new Object[] {MAX_COMMENT}, null);
            return rerender(d, "approve", model, locale);
        }
        try {
            campaigns.approve(campaignId, form.trimmed().isEmpty() ? null : form.trimmed());
        } catch (IllegalTransitionException e) {
            return alreadyDecided(campaignId, locale, redirect);
        } catch (WeeklyLimitReachedException e) {
            Flash.error(redirect, "review.error.weeklyLimit", d.summary().branchName(), e.limit());
            return "redirect:/hq/reviews/" + campaignId;
        }
        Flash.success(redirect, "review.approved", d.summary().name(), d.summary().branchName());
        return "redirect:/hq/reviews";
    }

    @PostMapping("/hq/reviews/{campaignId}/request-changes")
    String requestChanges(@PathVariable UUID campaignId, @ModelAttribute("changesForm") DecisionForm form,
            BindingResult errors, Model model, Locale locale, RedirectAttributes redirect) {
        Campaigns.Details d = campaigns.get(campaignId);
        if (form.trimmed().isEmpty()) {
            errors.rejectValue("comment", "review.changes.commentRequired");
        } else if (form.trimmed().length() > MAX_COMMENT) {
            errors.rejectValue("comment", "review.comment.tooLong", new Object[] {MAX_COMMENT}, null);
        }
        if (errors.hasErrors()) {
            return rerender(d, "changes", model, locale);
        }
        try {
            campaigns.requestChanges(campaignId, form.trimmed());
        } catch (IllegalTransitionException e) {
            return alreadyDecided(campaignId, locale, redirect);
        }
        Flash.success(redirect, "review.changesRequested", d.summary().name(), d.summary().branchName());
        return "redirect:/hq/reviews";
    }

    @PostMapping("/hq/reviews/{campaignId}/comment")
    String comment(@PathVariable UUID campaignId, @ModelAttribute("commentForm") DecisionForm form,
            BindingResult errors, Model model, Locale locale, RedirectAttributes redirect) {
        Campaigns.Details d = campaigns.get(campaignId);
        if (form.trimmed().isEmpty()) {
            errors.rejectValue("comment", "review.comment.required");
        } else if (form.trimmed().length() > MAX_COMMENT) {
            errors.rejectValue("comment", "review.comment.tooLong", new Object[] {MAX_COMMENT}, null);
        }
        if (errors.hasErrors()) {
            return rerender(d, "comment", model, locale);
        }
        campaigns.comment(campaignId, form.trimmed());
        Flash.success(redirect, "review.commented");
        return "redirect:/hq/reviews/" + campaignId + "#comments";
    }

    private String alreadyDecided(UUID campaignId, Locale locale, RedirectAttributes redirect) {
        Campaigns.Details now = campaigns.get(campaignId);
        String status = now.summary().status().name();
        Flash.error(redirect, "review.error.alreadyDecided", now.summary().name(),
                messages.getMessage(now.summary().status().messageKey(), null, status, locale));
        return "redirect:/hq/reviews/" + campaignId;
    }

    /** The page again with the form that failed (the other two empty), keeping what was typed. */
    private String rerender(Campaigns.Details d, String failed, Model model, Locale locale) {
        if (!"approve".equals(failed)) {
            model.addAttribute("approveForm", new DecisionForm());
        }
        if (!"changes".equals(failed)) {
            model.addAttribute("changesForm", new DecisionForm());
        }
        if (!"comment".equals(failed)) {
            model.addAttribute("commentForm", new DecisionForm());
        }
        model.addAttribute("failedForm", failed);
        return page(d, model, locale);
    }

    private String page(Campaigns.Details d, Model model, Locale locale) {
        Campaigns.Summary s = d.summary();
        Instant now = Instant.now();
        model.addAttribute("d", d);
        model.addAttribute("c", s);
        model.addAttribute("changes", ReviewViews.changes(d.changes(), messages, locale));
        model.addAttribute("deadline", ReviewViews.deadline(s.reviewDueAt(), now, messages, locale));
        model.addAttribute("sendAt", s.sendAt() == null ? null
                : CampaignDates.format(s.sendAt(), s.branchZone(), messages, locale));
        model.addAttribute("recipients", s.segmentId() == null ? null : recipients(s.id()));
        model.addAttribute("findings", findings(s.id()));
        model.addAttribute("timeline", d.timeline() == null ? List.of() : d.timeline());
        model.addAttribute("comments", d.comments() == null ? List.of() : d.comments());
        model.addAttribute("when", new When(messages, locale));
        boolean inReview = s.status() == CampaignStatus.IN_REVIEW;
        model.addAttribute("inReview", inReview);
        model.addAttribute("canDecide", inReview && campaigns.mayReview(s.id()));
        if (s.channel() == TemplateChannel.EMAIL) {
            if (d.template().email() != null) {
                EmailTemplateContent email = CampaignContents.resolveEmail(d.template().email(), d.content());
                PrecompiledEmail.Rendered rendered = previewer.previewEmail(email, s.branchId(),
                        SampleContact.defaults(locale), locale);
                model.addAttribute("previewSubject", rendered.subject());
                model.addAttribute("previewText", rendered.text());
            }
        } else {
            if (d.template().sms() != null) {
                SmsTemplateContent sms = CampaignContents.resolveSms(d.template().sms(), d.content());
                String text = previewer.previewSms(sms, s.branchId(), SampleContact.defaults(locale), locale);
                model.addAttribute("smsText", text);
                model.addAttribute("smsLength", SmsLength.of(text));
            }
        }
        return "hq/reviews/detail";
    }

    /** The compliance checks on the content as it stands (warnings a reviewer should weigh). */
    private List<Compliance.Finding> findings(UUID campaignId) {
        try {
            return campaigns.findings(campaignId);
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private Long recipients(UUID campaignId) {
        try {
            return campaigns.recipients(campaignId);
        } catch (RuntimeException e) {
            // the count is information, not a reason to refuse the page (e.g. the segment was deleted since)
            return null;
        }
    }

    /** Dates for the page: full date-time in the network's zone. */
    public static final class When {
        private final MessageSource messages;
        private final Locale locale;

        When(MessageSource messages, Locale locale) {
            this.messages = messages;
            this.locale = locale;
        }

        public String full(Instant at) {
            return ReviewViews.dateTime(at, messages, locale);
        }
    }
}
