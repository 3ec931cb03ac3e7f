package io.archipel.delivery.web;

import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.archipel.brand.TemplateChannel;
import io.archipel.campaign.CampaignContents;
import io.archipel.campaign.CampaignService;
import io.archipel.campaign.Campaigns;
import io.archipel.delivery.TestEmails;
import io.archipel.shared.Flash;
import io.archipel.shared.NotFoundException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Send me a test" of the campaign wizard's step 2: the campaign's saved content, with its branch's details and the
 * sample contact, to the signed-in person's own address ({@link TestEmails}). It lives in delivery, which reads
 * campaigns through their API, so that the campaign module needs no more than {@code shared.mail} to send its
 * notifications (no dependency cycle once delivery sends campaigns).
 */
@Controller
class PortalCampaignTestEmailController {

    /** What a test send did: sent to {@code to}, or the message key of why not. */
    record TestOutcome(String to, String errorKey, Object[] errorArgs) {
        public boolean sent() {
            return errorKey == null;
        }
    }

    private final CampaignService campaigns;
    private final TestEmails testEmails;

    PortalCampaignTestEmailController(CampaignService campaigns, TestEmails testEmails) {
        this.campaigns = campaigns;
        this.testEmails = testEmails;
    }

    @PostMapping("/portal/campaigns/{campaignId}/test-email")
    String testEmail(@PathVariable UUID campaignId, @RequestHeader(name = "HX-Request", required = false) String htmx,
            Model model, Locale locale, RedirectAttributes redirect) {
        Campaigns.Details d = campaigns.get(campaignId);
        if (d.template().channel() != TemplateChannel.EMAIL) {
            throw new NotFoundException("E-mail campaign");
        }
        TestOutcome outcome;
        try {
            outcome = new TestOutcome(testEmails.send(CampaignContents.resolveEmail(d.template().email(), d.content()),
                    d.summary().branchId(), Map.of("X-Archipel-Campaign", campaignId.toString()), locale).to(), null,
                    new Object[0]);
        } catch (TestEmails.TestEmailException e) {
            outcome = new TestOutcome(null, e.messageKey(), e.args());
        }
        if (htmx != null) {
            model.addAttribute("outcome", outcome);
            return "portal/campaigns/content :: test-result";
        }
        if (outcome.sent()) {
            Flash.success(redirect, "delivery.testEmail.sent", outcome.to());
        } else {
            Flash.error(redirect, outcome.errorKey(), outcome.errorArgs());
        }
        return "redirect:/portal/campaigns/" + campaignId + "/content";
    }
}
