package io.archipel.identity.web;

import java.util.UUID;

import io.archipel.identity.ApiKeys;
import io.archipel.tenancy.ScopeType;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The "new API key" form as typed (kept as is when it comes back with errors). */
public class ApiKeyForm {

    @NotBlank(message = "{validation.required}")
    @Size(max = ApiKeys.NAME_MAX_LENGTH, message = "{apiKeys.name.tooLong}")
    private String name;
    @NotNull(message = "{validation.required}")
    private ScopeType scopeType;
    private UUID territoryId;
    private UUID branchId;

    static ApiKeyForm blank(boolean wholeTenant) {
        ApiKeyForm form = new ApiKeyForm();
        form.scopeType = wholeTenant ? ScopeType.TENANT : ScopeType.BRANCHES;
        return form;
    }

    ApiKeys.ApiKeyDraft toDraft() {
        return new ApiKeys.ApiKeyDraft(name, scopeType, scopeType == ScopeType.TERRITORY ? territoryId : null,
                scopeType == ScopeType.BRANCHES ? branchId : null);
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public ScopeType getScopeType() { return scopeType; }
    public void setScopeType(ScopeType scopeType) { this.scopeType = scopeType; }
    public UUID getTerritoryId() { return territoryId; }
    public void setTerritoryId(UUID territoryId) { this.territoryId = territoryId; }
    public UUID getBranchId() { return branchId; }
    public void setBranchId(UUID branchId) { this.branchId = branchId; }
}
