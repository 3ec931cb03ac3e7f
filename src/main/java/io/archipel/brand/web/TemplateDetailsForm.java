package io.archipel.brand.web;

import io.archipel.brand.TemplateCategory;
import io.archipel.brand.TemplateService;
import io.archipel.brand.Templates;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Name, category and description of a template, edited on its overview. */
public class TemplateDetailsForm {

    @NotBlank(message = "{validation.required}")
    @Size(max = TemplateService.MAX_NAME_LENGTH, message = "{validation.tooLong}")
    private String name;
    @NotNull(message = "{validation.required}")
    private TemplateCategory category;
    @Size(max = TemplateService.MAX_DESCRIPTION_LENGTH, message = "{validation.tooLong}")
    private String description;
    private Long version;

    static TemplateDetailsForm of(Templates.Details d) {
        TemplateDetailsForm f = new TemplateDetailsForm();
        f.name = d.name();
        f.category = d.category();
        f.description = d.description();
        f.version = d.version();
        return f;
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public TemplateCategory getCategory() { return category; }
    public void setCategory(TemplateCategory category) { this.category = category; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
    public Long getVersion() { return version; }
    public void setVersion(Long version) { this.version = version; }
}
