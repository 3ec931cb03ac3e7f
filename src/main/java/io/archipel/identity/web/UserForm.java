package io.archipel.identity.web;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

import io.archipel.identity.Role;
import io.archipel.identity.UserAccountService.UserData;
import io.archipel.identity.UserAccountService.UserView;
import io.archipel.tenancy.ScopeType;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The user form as typed (kept as is when it comes back with errors). */
public class UserForm {

    @NotBlank(message = "{validation.required}")
    @Size(max = 120, message = "{validation.tooLong}")
    private String displayName;
    @NotBlank(message = "{validation.required}")
    @Email(message = "{validation.email}")
    @Size(max = 254, message = "{validation.tooLong}")
    private String email;
    @NotNull(message = "{validation.required}")
    private Role role;
    @NotNull(message = "{validation.required}")
    private ScopeType scopeType;
    private UUID scopeTerritoryId;
    private Set<UUID> scopeBranchIds = new LinkedHashSet<>();
    @Size(max = 200, message = "{validation.tooLong}")
    private String password;
    private Long version;

    static UserForm blank(boolean wholeTenant) {
        UserForm form = new UserForm();
        form.role = Role.HQ_MARKETER;
        form.scopeType = wholeTenant ? ScopeType.TENANT : ScopeType.TERRITORY;
        return form;
    }

    static UserForm of(UserView u) {
        UserForm form = new UserForm();
        form.displayName = u.displayName();
        form.email = u.email();
        form.role = u.role();
        form.scopeType = u.scopeType();
        form.scopeTerritoryId = u.scopeTerritoryId();
        form.scopeBranchIds = new LinkedHashSet<>(u.scopeBranchIds());
        form.version = u.version();
        return form;
    }

    /** Only the part of the scope picker that matches the chosen scope type counts. */
    UserData toData() {
        return new UserData(email == null ? null : email.trim(), displayName == null ? null : displayName.trim(), role,
                scopeType, scopeType == ScopeType.TERRITORY ? scopeTerritoryId : null,
                scopeType == ScopeType.BRANCHES && scopeBranchIds != null ? Set.copyOf(scopeBranchIds) : Set.of(),
                password == null || password.isEmpty() ? null : password);
    }

    public String getDisplayName() { return displayName; }
    public void setDisplayName(String displayName) { this.displayName = displayName; }
    public String getEmail() { return email; }
    public void setEmail(String email) { this.email = email; }
    public Role getRole() { return role; }
    public void setRole(Role role) { this.role = role; }
    public ScopeType getScopeType() { return scopeType; }
    public void setScopeType(ScopeType scopeType) { this.scopeType = scopeType; }
    public UUID getScopeTerritoryId() { return scopeTerritoryId; }
    public void setScopeTerritoryId(UUID scopeTerritoryId) { this.scopeTerritoryId = scopeTerritoryId; }
    public Set<UUID> getScopeBranchIds() { return scopeBranchIds; }
    public void setScopeBranchIds(Set<UUID> scopeBranchIds) { this.scopeBranchIds = scopeBranchIds; }
    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = password; }
    public Long getVersion() { return version; }
    public void setVersion(Long version) { this.version = version; }
}
