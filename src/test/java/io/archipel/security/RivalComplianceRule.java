package io.archipel.security;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.archipel.campaign.Compliance;
import io.archipel.campaign.ComplianceService;
import io.archipel.tenancy.TenantContext;

/**
 * A compliance rule owned by the Rival tenant (its words carry {@link RivalTenant#MARKER}), created once per JVM next
 * to {@link RivalTenant}, for the {@code {ruleId}} path variable; and one of the demo network for probes that stay
 * inside it.
 */
final class RivalComplianceRule {

    private static final Map<UUID, UUID> RULES = new ConcurrentHashMap<>();

    private RivalComplianceRule() {
    }

    static synchronized void ensure(UUID rivalTenantId, UUID demoTenantId, ComplianceService compliance) {
        for (UUID tenantId : List.of(rivalTenantId, demoTenantId)) {
            RULES.computeIfAbsent(tenantId, id -> {
                UUID[] rule = new UUID[1];
                TenantContext.runAsSystem(id, () -> rule[0] = compliance.create(new Compliance.RuleDraft(
                        Compliance.RuleKind.RESTRICTED_WORD, Compliance.Severity.WARNING, false,
                        List.of(id.equals(rivalTenantId) ? RivalTenant.MARKER : "isolation-probe"), null, List.of(),
                        null, id.equals(rivalTenantId) ? RivalTenant.MARKER + " note" : null)));
                return rule[0];
            });
        }
    }

    /** The rule of this network (a random id, hence unknown, for any other). */
    static UUID of(UUID tenantId) {
        return RULES.getOrDefault(tenantId, UUID.randomUUID());
    }
}
