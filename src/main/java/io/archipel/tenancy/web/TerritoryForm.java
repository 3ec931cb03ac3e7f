package io.archipel.tenancy.web;

import java.util.UUID;

import io.archipel.tenancy.TerritoryKind;
import io.archipel.tenancy.TerritoryService.TerritoryView;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** What the territory form posts. Lengths match the columns of table {@code territory}. */
public class TerritoryForm {

    private UUID parentId;
    @NotNull(message = "{validation.required}")
    private TerritoryKind kind;
    @Size(max = 40, message = "{validation.tooLong}")
    @Pattern(regexp = "[A-Za-z0-9_-]+", message = "{territory.code.pattern}")
    private String code;
    @NotBlank(message = "{validation.required}")
    @Size(max = 120, message = "{validation.tooLong}")
    private String name;
    private Long version;

    static TerritoryForm of(TerritoryView t) {
        TerritoryForm f = new TerritoryForm();
        f.parentId = t.parentId();
        f.kind = t.kind();
        f.code = t.code();
        f.name = t.name();
        f.version = t.version();
        return f;
    }

    public UUID getParentId() { return parentId; }
    public void setParentId(UUID parentId) { this.parentId = parentId; }
    public TerritoryKind getKind() { return kind; }
    public void setKind(TerritoryKind kind) { this.kind = kind; }
    public String getCode() { return code; }
    public void setCode(String code) { this.code = code; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public Long getVersion() { return version; }
    public void setVersion(Long version) { this.version = version; }
}
