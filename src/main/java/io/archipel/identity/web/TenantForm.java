package io.archipel.identity.web;

import io.archipel.identity.TenantOnboarding.NewTenant;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The "new network" form as typed. */
public class TenantForm {

    @NotBlank(message = "{validation.required}")
    @Size(max = 120, message = "{validation.tooLong}")
    private String name;
    @NotBlank(message = "{validation.required}")
    private String slug;
    @NotBlank(message = "{validation.required}")
    @Pattern(regexp = "fr|en", message = "{validation.required}")
    private String defaultLocale = "fr";
    @NotBlank(message = "{validation.required}")
    @Size(max = 120, message = "{validation.tooLong}")
    private String adminName;
    @NotBlank(message = "{validation.required}")
    @Email(message = "{validation.email}")
    @Size(max = 254, message = "{validation.tooLong}")
    private String adminEmail;
    @NotBlank(message = "{validation.required}")
    @Size(max = 200, message = "{validation.tooLong}")
    private String adminPassword;

    NewTenant toData() {
        return new NewTenant(trim(name), trim(slug), defaultLocale, trim(adminName), trim(adminEmail), adminPassword);
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getSlug() { return slug; }
    public void setSlug(String slug) { this.slug = slug; }
    public String getDefaultLocale() { return defaultLocale; }
    public void setDefaultLocale(String defaultLocale) { this.defaultLocale = defaultLocale; }
    public String getAdminName() { return adminName; }
    public void setAdminName(String adminName) { this.adminName = adminName; }
    public String getAdminEmail() { return adminEmail; }
    public void setAdminEmail(String adminEmail) { this.adminEmail = adminEmail; }
    public String getAdminPassword() { return adminPassword; }
    public void setAdminPassword(String adminPassword) { this.adminPassword = adminPassword; }
}
