package io.archipel.brand.web;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import io.archipel.brand.Availability;
import io.archipel.brand.Templates;
import jakarta.validation.constraints.NotNull;
import org.springframework.format.annotation.DateTimeFormat;

/** Who may use a published template, as the publish and availability forms post it. */
public class TemplateAvailabilityForm {

    @NotNull(message = "{validation.required}")
    private Availability.Audience audience = Availability.Audience.NETWORK;
    private List<UUID> territoryIds = new ArrayList<>();
    private List<UUID> branchIds = new ArrayList<>();
    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
    private LocalDate from;
    @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
    private LocalDate until;
    private Long version;

    static TemplateAvailabilityForm of(Templates.Details d) {
        TemplateAvailabilityForm f = new TemplateAvailabilityForm();
        Availability a = d.availability() == null ? Availability.NETWORK : d.availability();
        f.audience = a.audience();
        f.territoryIds = new ArrayList<>(a.territoryIds());
        f.branchIds = new ArrayList<>(a.branchIds());
        f.from = a.from();
        f.until = a.until();
        f.version = d.version();
        return f;
    }

    Availability toAvailability() {
        return new Availability(audience, new LinkedHashSet<>(territoryIds == null ? List.of() : territoryIds),
                new LinkedHashSet<>(branchIds == null ? List.of() : branchIds), from, until);
    }

    public boolean pilot() {
        return audience == Availability.Audience.PILOT;
    }

    public Availability.Audience getAudience() { return audience; }
    public void setAudience(Availability.Audience audience) { this.audience = audience; }
    public List<UUID> getTerritoryIds() { return territoryIds; }
    public void setTerritoryIds(List<UUID> territoryIds) { this.territoryIds = territoryIds; }
    public List<UUID> getBranchIds() { return branchIds; }
    public void setBranchIds(List<UUID> branchIds) { this.branchIds = branchIds; }
    public LocalDate getFrom() { return from; }
    public void setFrom(LocalDate from) { this.from = from; }
    public LocalDate getUntil() { return until; }
    public void setUntil(LocalDate until) { this.until = until; }
    public Long getVersion() { return version; }
    public void setVersion(Long version) { this.version = version; }
}
