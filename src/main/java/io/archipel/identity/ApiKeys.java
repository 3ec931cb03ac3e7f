package io.archipel.identity;

import java.time.Instant;
import java.util.UUID;

import io.archipel.tenancy.ScopeType;

/** Read models of the REST API keys of a tenant (see {@link ApiKeyService}). */
public final class ApiKeys {

    private ApiKeys() {
    }

    /** Every key reads {@code ark_<prefix>_<secret>}; the prefix is public and shown in lists. */
    public static final String KEY_START = "ark_";
    public static final int NAME_MAX_LENGTH = 80;

    /**
     * A key as the HQ page lists it. {@code scopeType} TENANT (whole network), TERRITORY ({@code scopeName} is the
     * territory's) or BRANCHES (exactly one branch, {@code scopeName} is "CODE · name").
     */
    public record ApiKeyView(UUID id, String name, String prefix, ScopeType scopeType, UUID scopeTerritoryId,
            UUID scopeBranchId, String scopeName, String createdBy, Instant createdAt, Instant lastUsedAt,
            Instant revokedAt, String revokedBy) {

        public boolean active() {
            return revokedAt == null;
        }

        /** The public part as shown in lists: {@code ark_<prefix>_…}. */
        public String displayPrefix() {
            return KEY_START + prefix + "_…";
        }
    }

    /** A key just created: {@code secret} is the whole key, shown once and never stored. */
    public record CreatedApiKey(ApiKeyView key, String secret) {
    }

    /** What the create form submits: a name and a scope (territory or branch id by scope type). */
    public record ApiKeyDraft(String name, ScopeType scopeType, UUID territoryId, UUID branchId) {
    }
}
