package io.archipel.audience.web;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.archipel.audience.Contacts.Contact;
import io.archipel.audience.Contacts.ContactData;
import jakarta.validation.constraints.Size;
import org.springframework.validation.BindingResult;

/**
 * What the contact form posts. Dates and the amount are kept as typed (text) so a wrong value comes back in the form
 * with its error instead of being lost by type conversion.
 */
public class ContactForm {

    @Size(max = 254, message = "{validation.tooLong}")
    private String email;
    @Size(max = 40, message = "{validation.tooLong}")
    private String mobile;
    @Size(max = 100, message = "{validation.tooLong}")
    private String firstName;
    @Size(max = 100, message = "{validation.tooLong}")
    private String lastName;
    private String birthDate;
    @Size(max = 20, message = "{validation.tooLong}")
    private String postalCode;
    @Size(max = 120, message = "{validation.tooLong}")
    private String city;
    @Size(max = 40, message = "{validation.tooLong}")
    private String loyaltyTier;
    private String lastPurchaseDate;
    private String totalSpend;
    @Size(max = 1000, message = "{validation.tooLong}")
    private String tags;
    private long version;
    /** Custom attribute values as typed, by key (checked by the service against HQ's declarations). */
    private Map<String, String> attributes = new LinkedHashMap<>();

    static ContactForm of(Contact c) {
        ContactForm f = new ContactForm();
        f.email = c.email();
        f.mobile = c.mobile();
        f.firstName = c.firstName();
        f.lastName = c.lastName();
        f.birthDate = c.birthDate() == null ? null : c.birthDate().toString();
        f.postalCode = c.postalCode();
        f.city = c.city();
        f.loyaltyTier = c.loyaltyTier();
        f.lastPurchaseDate = c.lastPurchaseDate() == null ? null : c.lastPurchaseDate().toString();
        f.totalSpend = c.totalSpend() == null ? null : c.totalSpend().toPlainString();
        f.tags = String.join(", ", c.tags());
        f.version = c.version();
        if (c.attributes() != null) {
            c.attributes().forEach((k, v) -> f.attributes.put(k, formValue(v)));
        }
        return f;
    }

    /** The data for the service, or null after adding field errors for dates and amount that do not parse. */
    ContactData toData(BindingResult errors) {
        LocalDate birth = date("birthDate", birthDate, errors);
        LocalDate purchase = date("lastPurchaseDate", lastPurchaseDate, errors);
        BigDecimal spend = null;
        if (totalSpend != null && !totalSpend.isBlank()) {
            try {
                spend = new BigDecimal(totalSpend.strip().replace(" ", "").replace("\u00a0", "").replace(',', '.'));
            } catch (NumberFormatException e) {
                errors.rejectValue("totalSpend", "contact.totalSpend.invalid");
            }
        }
        if (errors.hasErrors()) {
            return null;
        }
        List<String> tagList = tags == null ? List.of() : Arrays.stream(tags.split(",")).map(String::strip)
                .filter(t -> !t.isEmpty()).toList();
        return new ContactData(email, mobile, firstName, lastName, birth, postalCode, city, loyaltyTier, purchase,
                spend, tagList, attributes == null ? Map.of() : attributes);
    }

    /** A stored attribute value as the form shows it: numbers plain, booleans true/false, dates ISO. */
    static String formValue(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof BigDecimal b) {
            return b.stripTrailingZeros().toPlainString();
        }
        if (v instanceof Number n) {
            return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
        }
        return v.toString();
    }

    private static LocalDate date(String field, String value, BindingResult errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            errors.rejectValue(field, "contact.date.invalid");
            return null;
        }
    }

    public String getEmail() { return email; }
    public void setEmail(String email) { this.email = email; }
    public String getMobile() { return mobile; }
    public void setMobile(String mobile) { this.mobile = mobile; }
    public String getFirstName() { return firstName; }
    public void setFirstName(String firstName) { this.firstName = firstName; }
    public String getLastName() { return lastName; }
    public void setLastName(String lastName) { this.lastName = lastName; }
    public String getBirthDate() { return birthDate; }
    public void setBirthDate(String birthDate) { this.birthDate = birthDate; }
    public String getPostalCode() { return postalCode; }
    public void setPostalCode(String postalCode) { this.postalCode = postalCode; }
    public String getCity() { return city; }
    public void setCity(String city) { this.city = city; }
    public String getLoyaltyTier() { return loyaltyTier; }
    public void setLoyaltyTier(String loyaltyTier) { this.loyaltyTier = loyaltyTier; }
    public String getLastPurchaseDate() { return lastPurchaseDate; }
    public void setLastPurchaseDate(String lastPurchaseDate) { this.lastPurchaseDate = lastPurchaseDate; }
    public String getTotalSpend() { return totalSpend; }
    public void setTotalSpend(String totalSpend) { this.totalSpend = totalSpend; }
    public String getTags() { return tags; }
    public void setTags(String tags) { this.tags = tags; }
    public Map<String, String> getAttributes() { return attributes; }
    public void setAttributes(Map<String, String> attributes) { this.attributes = attributes; }
    public long getVersion() { return version; }
    public void setVersion(long version) { this.version = version; }
}
