package io.archipel.delivery.web;

import io.archipel.delivery.sms.SmsSettings;

/** The SMS settings form: the token field is write-only (blank keeps the stored token). */
public class SmsSettingsForm {

    private SmsSettings.Provider provider = SmsSettings.Provider.DEVELOPMENT;
    private String httpUrl;
    private String token;
    private String senderName;
    private long version;

    static SmsSettingsForm of(SmsSettings.View view) {
        SmsSettingsForm form = new SmsSettingsForm();
        form.provider = view.provider();
        form.httpUrl = view.httpUrl();
        form.senderName = view.senderName();
        form.version = view.version();
        return form;
    }

    SmsSettings.Changes changes() {
        return new SmsSettings.Changes(provider, httpUrl, token, senderName);
    }

    public SmsSettings.Provider getProvider() {
        return provider;
    }

    public void setProvider(SmsSettings.Provider provider) {
        this.provider = provider;
    }

    public String getHttpUrl() {
        return httpUrl;
    }

    public void setHttpUrl(String httpUrl) {
        this.httpUrl = httpUrl;
    }

    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token;
    }

    public String getSenderName() {
        return senderName;
    }

    public void setSenderName(String senderName) {
        this.senderName = senderName;
    }

    public long getVersion() {
        return version;
    }

    public void setVersion(long version) {
        this.version = version;
    }
}
