package io.archipel.campaign;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;

/**
 * Autonomy policies of the current tenant: the network default, a template's own policy, and per-territory overrides
 * of a template's policy. HQ_ADMIN and HQ_MARKETER edit (others get {@code AccessDeniedException}); every user reads
 * what concerns them. Unknown template or territory (or another tenant's) → {@code NotFoundException}.
 */
@Service
public class PolicyService {

    /** The network default (the initial policy until HQ saves one). */
    public Policies.Policy networkDefault() {
        throw new UnsupportedOperationException("not yet");
    }

    /** @throws Policies.InvalidPolicyException when a value is out of range */
    public void setNetworkDefault(Policies.Policy policy) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The template's own policy, empty when it follows the network default. */
    public Optional<Policies.Policy> templatePolicy(UUID templateId) {
        throw new UnsupportedOperationException("not yet");
    }

    public void setTemplatePolicy(UUID templateId, Policies.Policy policy) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Back to the network default (territory overrides stay). */
    public void clearTemplatePolicy(UUID templateId) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The territory overrides of a template, by territory id. */
    public Map<UUID, Policies.Override> overrides(UUID templateId) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Saves (or, when every field is null, removes) a territory's override. */
    public void setOverride(UUID templateId, UUID territoryId, Policies.Override override) {
        throw new UnsupportedOperationException("not yet");
    }

    public void removeOverride(UUID templateId, UUID territoryId) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * The policy in force for a branch (in the caller's scope) and template: the nearest territory override on the
     * branch's path wins field by field, then the template's policy, then the network default.
     */
    public Policies.Effective effective(UUID templateId, UUID branchId) {
        throw new UnsupportedOperationException("not yet");
    }

    /** One row per territory of the tree (depth first, by name) with its effective policy and the source of each value. */
    public List<Policies.EffectiveRow> effectiveTable(UUID templateId) {
        throw new UnsupportedOperationException("not yet");
    }
}
