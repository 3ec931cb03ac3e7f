package io.archipel.campaign.web;

import java.util.UUID;

import io.archipel.campaign.TemplateUpdates;
import io.archipel.shared.Flash;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The branch's "Got it" on the notice telling that a campaign moved to a new template version (or could not). The
 * notice itself is a fragment the campaign pages include ({@code portal/campaigns/template-update}).
 */
@Controller
class TemplateUpdateController {

    private final TemplateUpdates updates;

    TemplateUpdateController(TemplateUpdates updates) {
        this.updates = updates;
    }

    @PostMapping("/portal/campaigns/{campaignId}/template-update/ack")
    String acknowledge(@PathVariable UUID campaignId, @RequestParam(required = false) String from,
            RedirectAttributes redirect) {
        updates.acknowledge(campaignId);
        Flash.success(redirect, "propagation.notice.acknowledged");
        return "redirect:/portal/campaigns/" + campaignId + ("content".equals(from) ? "/content" : "");
    }
}
