package io.archipel.tenancy.web;

import java.util.UUID;

import io.archipel.tenancy.BranchService.BranchData;
import io.archipel.tenancy.BranchService.BranchView;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** What the branch form posts. Lengths match the columns of table {@code branch}. */
public class BranchForm {

    @NotBlank(message = "{validation.required}")
    @Pattern(regexp = "[A-Za-z0-9_-]{2,30}", message = "{branch.code.pattern}")
    private String code;
    @NotBlank(message = "{validation.required}")
    @Size(max = 120, message = "{validation.tooLong}")
    private String name;
    @NotNull(message = "{validation.required}")
    private UUID territoryId;
    @NotBlank(message = "{validation.required}")
    @Size(max = 200, message = "{validation.tooLong}")
    private String addressLine1;
    @Size(max = 200, message = "{validation.tooLong}")
    private String addressLine2;
    @NotBlank(message = "{validation.required}")
    @Size(max = 20, message = "{validation.tooLong}")
    private String postalCode;
    @NotBlank(message = "{validation.required}")
    @Size(max = 120, message = "{validation.tooLong}")
    private String city;
    @NotBlank(message = "{validation.required}")
    private String countryCode = "FR";
    @Pattern(regexp = "[0-9 +.()\\-]{6,40}", message = "{branch.phone.pattern}")
    private String phone;
    @Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+", message = "{validation.email}")
    @Size(max = 254, message = "{validation.tooLong}")
    private String email;
    @Size(max = 1000, message = "{validation.tooLong}")
    private String openingHours;
    @NotBlank(message = "{validation.required}")
    private String timeZone = "Europe/Paris";
    @NotBlank(message = "{validation.required}")
    @Size(max = 120, message = "{validation.tooLong}")
    private String senderName;
    private Long version;

    static BranchForm of(BranchView b) {
        BranchForm f = new BranchForm();
        f.code = b.code();
        f.name = b.name();
        f.territoryId = b.territoryId();
        f.addressLine1 = b.addressLine1();
        f.addressLine2 = b.addressLine2();
        f.postalCode = b.postalCode();
        f.city = b.city();
        f.countryCode = b.countryCode();
        f.phone = b.phone();
        f.email = b.email();
        f.openingHours = b.openingHours();
        f.timeZone = b.timeZone();
        f.senderName = b.senderName();
        f.version = b.version();
        return f;
    }

    BranchData toData() {
        return new BranchData(code, name, territoryId, addressLine1, addressLine2, postalCode, city, countryCode, phone,
                email, openingHours, timeZone, senderName);
    }

    public String getCode() { return code; }
    public void setCode(String code) { this.code = code; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public UUID getTerritoryId() { return territoryId; }
    public void setTerritoryId(UUID territoryId) { this.territoryId = territoryId; }
    public String getAddressLine1() { return addressLine1; }
    public void setAddressLine1(String addressLine1) { this.addressLine1 = addressLine1; }
    public String getAddressLine2() { return addressLine2; }
    public void setAddressLine2(String addressLine2) { this.addressLine2 = addressLine2; }
    public String getPostalCode() { return postalCode; }
    public void setPostalCode(String postalCode) { this.postalCode = postalCode; }
    public String getCity() { return city; }
    public void setCity(String city) { this.city = city; }
    public String getCountryCode() { return countryCode; }
    public void setCountryCode(String countryCode) { this.countryCode = countryCode; }
    public String getPhone() { return phone; }
    public void setPhone(String phone) { this.phone = phone; }
    public String getEmail() { return email; }
    public void setEmail(String email) { this.email = email; }
    public String getOpeningHours() { return openingHours; }
    public void setOpeningHours(String openingHours) { this.openingHours = openingHours; }
    public String getTimeZone() { return timeZone; }
    public void setTimeZone(String timeZone) { this.timeZone = timeZone; }
    public String getSenderName() { return senderName; }
    public void setSenderName(String senderName) { this.senderName = senderName; }
    public Long getVersion() { return version; }
    public void setVersion(Long version) { this.version = version; }
}
