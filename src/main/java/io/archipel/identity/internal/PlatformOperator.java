package io.archipel.identity.internal;

import java.util.Locale;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Runs the platform: creates and suspends tenants. Belongs to no tenant. */
@Entity
@Table(name = "platform_operator")
public class PlatformOperator {

    @Id
    private UUID id;
    private String email;
    @Column(name = "display_name")
    private String displayName;
    @Column(name = "password_hash")
    private String passwordHash;
    private String locale;
    private boolean active = true;

    protected PlatformOperator() {
    }

    public PlatformOperator(UUID id, String email, String displayName, String passwordHash) {
        this.id = id;
        this.email = email.toLowerCase(Locale.ROOT);
        this.displayName = displayName;
        this.passwordHash = passwordHash;
    }

    public UUID getId() { return id; }
    public String getEmail() { return email; }
    public String getDisplayName() { return displayName; }
    public String getLocale() { return locale; }
    public void setLocale(String locale) { this.locale = locale; }
    public boolean isActive() { return active; }
}
