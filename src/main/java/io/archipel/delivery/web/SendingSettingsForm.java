package io.archipel.delivery.web;

import io.archipel.delivery.SendingSettings;
import io.archipel.delivery.SendingSettings.Security;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The relay, rate and DKIM identity part of the sending settings page (the password is never sent back). */
public class SendingSettingsForm {

    static final String HOST = "^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$";
    static final String DOMAIN = "^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$";
    static final String SELECTOR = "^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?)*$";

    private Long version;

    @Size(max = 255, message = "{validation.tooLong}")
    @Pattern(regexp = HOST, message = "{sending.validation.host}")
    private String relayHost;

    @Min(value = 1, message = "{sending.validation.port}")
    @Max(value = 65535, message = "{sending.validation.port}")
    private Integer relayPort;

    @NotNull(message = "{validation.required}")
    private Security relaySecurity = Security.STARTTLS;

    @Size(max = 255, message = "{validation.tooLong}")
    private String relayUsername;

    @Size(max = 500, message = "{validation.tooLong}")
    private String relayPassword;

    private boolean clearPassword;

    @NotNull(message = "{validation.required}")
    @Min(value = 1, message = "{sending.validation.rate}")
    @Max(value = 100000, message = "{sending.validation.rate}")
    private Integer maxPerSecond;

    @NotNull(message = "{validation.required}")
    @Min(value = 1, message = "{sending.validation.connections}")
    @Max(value = 32, message = "{sending.validation.connections}")
    private Integer connections;

    @Size(max = 255, message = "{validation.tooLong}")
    @Pattern(regexp = DOMAIN, message = "{sending.validation.domain}")
    private String dkimDomain;

    @Size(max = 63, message = "{validation.tooLong}")
    @Pattern(regexp = SELECTOR, message = "{sending.validation.selector}")
    private String dkimSelector;

    static SendingSettingsForm of(SendingSettings.View v) {
        SendingSettingsForm f = new SendingSettingsForm();
        f.version = v.version();
        f.relayHost = v.relayHost();
        f.relayPort = v.relayPort();
        f.relaySecurity = v.relaySecurity();
        f.relayUsername = v.relayUsername();
        f.maxPerSecond = v.maxPerSecond();
        f.connections = v.connections();
        f.dkimDomain = v.dkimDomain();
        f.dkimSelector = v.dkimSelector();
        return f;
    }

    SendingSettings.Changes toChanges() {
        return new SendingSettings.Changes(relayHost, relayPort, relaySecurity, relayUsername, relayPassword,
                clearPassword, maxPerSecond, connections, dkimDomain, dkimSelector);
    }

    boolean ownRelay() {
        return relayHost != null && !relayHost.isBlank();
    }

    public Long getVersion() { return version; }
    public void setVersion(Long version) { this.version = version; }
    public String getRelayHost() { return relayHost; }
    public void setRelayHost(String relayHost) { this.relayHost = relayHost; }
    public Integer getRelayPort() { return relayPort; }
    public void setRelayPort(Integer relayPort) { this.relayPort = relayPort; }
    public Security getRelaySecurity() { return relaySecurity; }
    public void setRelaySecurity(Security relaySecurity) { this.relaySecurity = relaySecurity; }
    public String getRelayUsername() { return relayUsername; }
    public void setRelayUsername(String relayUsername) { this.relayUsername = relayUsername; }
    public String getRelayPassword() { return relayPassword; }
    public void setRelayPassword(String relayPassword) { this.relayPassword = relayPassword; }
    public boolean isClearPassword() { return clearPassword; }
    public void setClearPassword(boolean clearPassword) { this.clearPassword = clearPassword; }
    public Integer getMaxPerSecond() { return maxPerSecond; }
    public void setMaxPerSecond(Integer maxPerSecond) { this.maxPerSecond = maxPerSecond; }
    public Integer getConnections() { return connections; }
    public void setConnections(Integer connections) { this.connections = connections; }
    public String getDkimDomain() { return dkimDomain; }
    public void setDkimDomain(String dkimDomain) { this.dkimDomain = dkimDomain; }
    public String getDkimSelector() { return dkimSelector; }
    public void setDkimSelector(String dkimSelector) { this.dkimSelector = dkimSelector; }
}
