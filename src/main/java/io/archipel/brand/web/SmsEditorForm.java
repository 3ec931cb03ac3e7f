package io.archipel.brand.web;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.archipel.brand.SmsTemplateContent;

/** The SMS editor form: the parts in order, the opt-out mention, the lock version and the preview branch. */
public class SmsEditorForm {

    /** A crafted request cannot make the server work on more parts than the service accepts. */
    static final int MAX_BOUND_PARTS = SmsTemplateContent.MAX_PARTS * 2;

    private Long version;
    private List<SmsEditorPart> parts = new ArrayList<>();
    private String optOut = "";
    private UUID branchId;

    static SmsEditorForm of(SmsTemplateContent content, long version, UUID branchId) {
        SmsEditorForm form = new SmsEditorForm();
        form.version = version;
        form.parts = new ArrayList<>(content.parts().stream().map(SmsEditorPart::of).toList());
        form.optOut = content.optOut();
        form.branchId = branchId;
        return form;
    }

    /** Drops holes left by the binder (missing indexes), bounds the list and makes sure every part has a safe id. */
    void tidy() {
        List<SmsEditorPart> clean = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (SmsEditorPart p : parts == null ? List.<SmsEditorPart>of() : parts) {
            if (p == null || clean.size() >= MAX_BOUND_PARTS) {
                continue;
            }
            p.ensureId();
            if (seen.contains(p.getId())) {
                p.setId(null);
                p.ensureId();
            }
            seen.add(p.getId());
            clean.add(p);
        }
        parts = clean;
        optOut = optOut == null ? "" : optOut;
    }

    SmsTemplateContent toContent() {
        return new SmsTemplateContent(parts.stream().map(SmsEditorPart::toPart).toList(),
                SmsEditorPart.normalise(optOut).strip());
    }

    int indexOf(String partId) {
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).getId().equals(partId)) {
                return i;
            }
        }
        return -1;
    }

    public Long getVersion() {
        return version;
    }

    public void setVersion(Long version) {
        this.version = version;
    }

    public List<SmsEditorPart> getParts() {
        return parts;
    }

    public void setParts(List<SmsEditorPart> parts) {
        this.parts = parts;
    }

    public String getOptOut() {
        return optOut;
    }

    public void setOptOut(String optOut) {
        this.optOut = optOut;
    }

    public UUID getBranchId() {
        return branchId;
    }

    public void setBranchId(UUID branchId) {
        this.branchId = branchId;
    }
}
