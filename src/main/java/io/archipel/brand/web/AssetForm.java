package io.archipel.brand.web;

import io.archipel.brand.AssetLibrary.AssetView;

/** The asset edit form: name, comma-separated tags and the version it was loaded at. */
public class AssetForm {

    private String name;
    private String tags;
    private Long version;

    static AssetForm of(AssetView asset) {
        AssetForm form = new AssetForm();
        form.name = asset.name();
        form.tags = String.join(", ", asset.summary().tags());
        form.version = asset.version();
        return form;
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getTags() { return tags; }
    public void setTags(String tags) { this.tags = tags; }
    public Long getVersion() { return version; }
    public void setVersion(Long version) { this.version = version; }
}
