package io.archipel.campaign.web;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import io.archipel.brand.Availability;
import io.archipel.brand.TemplateProblem;
import io.archipel.campaign.KitService;
import io.archipel.campaign.Kits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.validation.BindingResult;

/** The forms of the HQ kit pages, and how the kit service's refusals land next to their fields. */
final class KitForms {

    private KitForms() {
    }

    /** "New kit": a name, a published template, a brief for branches. */
    public static class Create {
        @NotBlank(message = "{validation.required}")
        @Size(max = KitService.MAX_NAME_LENGTH, message = "{validation.tooLong}")
        private String name;
        @NotNull(message = "{validation.required}")
        private UUID templateId;
        @Size(max = KitService.MAX_BRIEF_LENGTH, message = "{validation.tooLong}")
        private String brief;

        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public UUID getTemplateId() { return templateId; }
        public void setTemplateId(UUID templateId) { this.templateId = templateId; }
        public String getBrief() { return brief; }
        public void setBrief(String brief) { this.brief = brief; }
    }

    /** The settings of a draft kit. */
    public static class Settings {
        @NotBlank(message = "{validation.required}")
        @Size(max = KitService.MAX_NAME_LENGTH, message = "{validation.tooLong}")
        private String name;
        @Size(max = KitService.MAX_BRIEF_LENGTH, message = "{validation.tooLong}")
        private String brief;
        private UUID segmentId;
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
        private LocalDate windowStart;
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
        private LocalDate windowEnd;
        private Long version;

        static Settings of(Kits.Details d) {
            Settings f = new Settings();
            f.name = d.summary().name();
            f.brief = d.brief();
            f.segmentId = d.segmentId();
            f.windowStart = d.summary().windowStart();
            f.windowEnd = d.summary().windowEnd();
            f.version = d.version();
            return f;
        }

        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public String getBrief() { return brief; }
        public void setBrief(String brief) { this.brief = brief; }
        public UUID getSegmentId() { return segmentId; }
        public void setSegmentId(UUID segmentId) { this.segmentId = segmentId; }
        public LocalDate getWindowStart() { return windowStart; }
        public void setWindowStart(LocalDate windowStart) { this.windowStart = windowStart; }
        public LocalDate getWindowEnd() { return windowEnd; }
        public void setWindowEnd(LocalDate windowEnd) { this.windowEnd = windowEnd; }
        public Long getVersion() { return version; }
        public void setVersion(Long version) { this.version = version; }
    }

    /** Who the kit is pushed to (the names match the pilot-group fields of the template publish form). */
    public static class Push {
        @NotNull(message = "{validation.required}")
        private Availability.Audience audience = Availability.Audience.NETWORK;
        private List<UUID> territoryIds = new ArrayList<>();
        private List<UUID> branchIds = new ArrayList<>();
        private Long version;

        static Push of(Kits.Details d) {
            Push f = new Push();
            Availability a = d.targets() == null ? Availability.NETWORK : d.targets();
            f.audience = a.audience();
            f.territoryIds = new ArrayList<>(a.territoryIds());
            f.branchIds = new ArrayList<>(a.branchIds());
            f.version = d.version();
            return f;
        }

        Availability toTargets() {
            return new Availability(audience, new LinkedHashSet<>(territoryIds == null ? List.of() : territoryIds),
                    new LinkedHashSet<>(branchIds == null ? List.of() : branchIds), null, null);
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
        public Long getVersion() { return version; }
        public void setVersion(Long version) { this.version = version; }
    }

    /**
     * Puts each refused value next to its field when the form has it ({@code targets} goes to the pilot group's
     * {@code territoryIds}); the rest becomes a global error of the form.
     */
    static void reject(BindingResult result, List<TemplateProblem> problems, List<String> fields) {
        for (TemplateProblem p : problems) {
            String field = "targets".equals(p.path()) ? "territoryIds" : p.path();
            if (fields.contains(field)) {
                if (!result.hasFieldErrors(field)) {
                    result.rejectValue(field, p.messageKey(), p.argsArray(), p.messageKey());
                }
            } else {
                result.reject(p.messageKey(), p.argsArray(), p.messageKey());
            }
        }
    }
}
