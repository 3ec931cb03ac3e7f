package io.archipel.campaign;

import java.util.List;

import io.archipel.brand.EmailTemplateContent;
import io.archipel.brand.SmsTemplateContent;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checks a campaign's RESOLVED content (the pinned template version with the branch's values applied) against the
 * tenant's compliance rules. The campaign engine calls it on submit: any {@link Compliance.Severity#BLOCKING} finding
 * refuses the submission.
 * <p>
 * Placeholder of the campaign engine: finds nothing. The compliance helper replaces the bodies.
 */
@Service
public class ComplianceService {

    /** Findings on an e-mail; {@code language} is the network's language ("fr", "en"), for word lists. */
    @Transactional(readOnly = true)
    public List<Compliance.Finding> check(EmailTemplateContent content, String language) {
        return List.of();
    }

    /** Findings on an SMS; {@code language} is the network's language ("fr", "en"), for word lists. */
    @Transactional(readOnly = true)
    public List<Compliance.Finding> check(SmsTemplateContent content, String language) {
        return List.of();
    }
}
