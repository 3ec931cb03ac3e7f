package io.archipel.brand.web;

import io.archipel.brand.TemplateCategory;
import io.archipel.brand.TemplateChannel;
import io.archipel.brand.TemplateService;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** What the "new template" form posts. */
public class TemplateCreateForm {

    @NotBlank(message = "{validation.required}")
    @Size(max = TemplateService.MAX_NAME_LENGTH, message = "{validation.tooLong}")
    private String name;
    @NotNull(message = "{validation.required}")
    private TemplateChannel channel = TemplateChannel.EMAIL;
    @NotNull(message = "{validation.required}")
    private TemplateCategory category;
    @Size(max = TemplateService.MAX_DESCRIPTION_LENGTH, message = "{validation.tooLong}")
    private String description;

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public TemplateChannel getChannel() { return channel; }
    public void setChannel(TemplateChannel channel) { this.channel = channel; }
    public TemplateCategory getCategory() { return category; }
    public void setCategory(TemplateCategory category) { this.category = category; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
}
