package io.archipel.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.archipel.delivery.settings.SecretBox;
import io.archipel.delivery.settings.SendingSettingsStore;
import io.archipel.delivery.settings.SendingSettingsStore.Row;
import io.archipel.identity.CurrentUser;
import io.archipel.tenancy.TenantContext;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * HQ's sending settings of a tenant (table {@code sending_settings}): the SMTP relay (none: the platform's
 * {@code spring.mail.*} default), the rate (mails per second) and number of parallel connections, the DKIM key of the
 * tenant's sending domain and the secret that authenticates its webhooks. Relay password and DKIM key are stored
 * encrypted ({@link SecretBox}); the webhook secret only as its SHA-256.
 * <p>
 * Two kinds of callers: the transport and the webhooks (trusted code, any thread: {@link #transport(UUID)},
 * {@link #webhookSecretMatches(UUID, String)}), and the HQ page (the signed-in HQ admin's tenant: {@link #view()}
 * and the changes). Every method opens its own transaction inside the tenant, so callers need none.
 */
@Service
public class SendingSettings {

    /** How the connection to the relay is secured. */
    public enum Security {
        /** Plain SMTP (a relay on the same host or network only). */
        NONE,
        /** Plain connection upgraded with STARTTLS (usually port 587), required. */
        STARTTLS,
        /** TLS from the first byte ("SMTPS", usually port 465). */
        TLS
    }

    /** A tenant's own SMTP relay. {@code username} null: no authentication. */
    public record Relay(String host, int port, Security security, String username, String password) {
        @Override
        public String toString() {
            return "Relay[" + host + ":" + port + " " + security + " user=" + username + "]";
        }
    }

    /** The DKIM key of the tenant's sending domain. */
    public record Dkim(String domain, String selector, RSAPrivateCrtKey privateKey) {
        /** The DNS name of the TXT record: {@code selector._domainkey.domain}. */
        public String recordName() {
            return selector + "._domainkey." + domain;
        }

        /** The TXT record's value: {@code v=DKIM1; k=rsa; p=<public key>}. */
        public String recordValue() {
            return dnsRecordValue(privateKey);
        }

        @Override
        public String toString() {
            return "Dkim[" + recordName() + "]";
        }
    }

    /**
     * What the transport needs for a tenant. {@code relay} empty: the platform default. {@code dkim} empty: not
     * signed. {@code version} changes with every change of the settings (the transport rebuilds its pool then).
     */
    public record TransportSettings(Optional<Relay> relay, Optional<Dkim> dkim, int maxPerSecond, int connections,
            long version) {
    }

    /** The settings as the HQ page shows them: never a secret, only whether one is set. */
    public record View(String relayHost, Integer relayPort, Security relaySecurity, String relayUsername,
            boolean relayPasswordSet, int maxPerSecond, int connections, String dkimDomain, String dkimSelector,
            boolean dkimKeySet, String dkimRecordName, String dkimRecordValue, boolean webhookSecretSet,
            Instant updatedAt, String updatedBy, long version) {
    }

    /**
     * A change of relay, rate and DKIM identity. {@code newPassword} null or blank keeps the stored password;
     * {@code clearPassword} removes it. A blank host means the platform default (the other relay fields are cleared).
     */
    public record Changes(String relayHost, Integer relayPort, Security relaySecurity, String relayUsername,
            String newPassword, boolean clearPassword, int maxPerSecond, int connections, String dkimDomain,
            String dkimSelector) {
    }

    /** A PEM text that is not an RSA private key (PKCS#8 or PKCS#1), or one shorter than 1024 bits. */
    public static class InvalidKeyException extends RuntimeException {
        public InvalidKeyException(String message) {
            super(message);
        }
    }

    public static final int DEFAULT_MAX_PER_SECOND = 100;
    public static final int DEFAULT_CONNECTIONS = 4;

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN (RSA )?PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END (RSA )?PRIVATE KEY-----");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SendingSettingsStore store;
    private final SecretBox secrets;
    private final TransactionTemplate tx;
    /** Decrypted settings per tenant, keyed by version: the transport asks for every batch. */
    private final ConcurrentHashMap<UUID, TransportSettings> cache = new ConcurrentHashMap<>();

    SendingSettings(SendingSettingsStore store, SecretBox secrets, PlatformTransactionManager transactions) {
        this.store = store;
        this.secrets = secrets;
        this.tx = new TransactionTemplate(transactions);
    }

    // ---------------------------------------------------------------- for the transport and webhooks (trusted)

    /** The tenant's relay, rate, connections and DKIM key (defaults when HQ never saved anything). */
    public TransportSettings transport(UUID tenantId) {
        Optional<Row> row = inTenant(tenantId, () -> store.find(tenantId));
        if (row.isEmpty()) {
            return new TransportSettings(Optional.empty(), Optional.empty(), DEFAULT_MAX_PER_SECOND,
                    DEFAULT_CONNECTIONS, -1);
        }
        Row r = row.get();
        TransportSettings cached = cache.get(tenantId);
        if (cached != null && cached.version() == r.version()) {
            return cached;
        }
        Optional<Relay> relay = r.relayHost() == null || r.relayHost().isBlank() ? Optional.empty()
                : Optional.of(new Relay(r.relayHost(), r.relayPort() == null ? defaultPort(security(r))
                        : r.relayPort(), security(r), blankToNull(r.relayUsername()),
                        r.relayPasswordEncrypted() == null ? null : secrets.decrypt(tenantId, r.relayPasswordEncrypted())));
        TransportSettings settings = new TransportSettings(relay, dkim(tenantId, r), r.maxPerSecond(),
                r.connections(), r.version());
        cache.put(tenantId, settings);
        return settings;
    }

    /** The tenant's own relay; empty when it uses the platform default. */
    public Optional<Relay> relay(UUID tenantId) {
        return transport(tenantId).relay();
    }

    /** The tenant's DKIM key; empty when HQ configured none (or only part of it). */
    public Optional<Dkim> dkim(UUID tenantId) {
        return transport(tenantId).dkim();
    }

    /**
     * Whether {@code presented} is the tenant's current webhook secret (compared in constant time on the SHA-256
     * hashes). False when the tenant has none.
     */
    public boolean webhookSecretMatches(UUID tenantId, String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > 512) {
            return false;
        }
        Optional<String> stored = inTenant(tenantId, () -> store.find(tenantId).map(Row::webhookSecretHash));
        if (stored.isEmpty() || stored.get() == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256Hex(presented).getBytes(StandardCharsets.US_ASCII),
                stored.get().getBytes(StandardCharsets.US_ASCII));
    }

    // ---------------------------------------------------------------- for the HQ page (current tenant)

    public View view() {
        UUID tenantId = TenantContext.require();
        Optional<Row> row = inTenant(tenantId, () -> store.find(tenantId));
        if (row.isEmpty()) {
            return new View(null, null, Security.STARTTLS, null, false, DEFAULT_MAX_PER_SECOND, DEFAULT_CONNECTIONS,
                    null, null, false, null, null, false, null, null, -1);
        }
        Row r = row.get();
        Optional<Dkim> dkim = dkim(tenantId, r);
        String recordValue = null;
        if (r.dkimPrivateKeyEncrypted() != null) {
            recordValue = dnsRecordValue(parsePrivateKey(secrets.decrypt(tenantId, r.dkimPrivateKeyEncrypted())));
        }
        return new View(r.relayHost(), r.relayPort(), security(r), r.relayUsername(),
                r.relayPasswordEncrypted() != null, r.maxPerSecond(), r.connections(), r.dkimDomain(),
                r.dkimSelector(), r.dkimPrivateKeyEncrypted() != null, dkim.map(Dkim::recordName).orElse(null),
                recordValue, r.webhookSecretHash() != null, r.updatedAt(), r.updatedBy(), r.version());
    }

    /**
     * Saves relay, rate and DKIM identity if the settings still have {@code version} (-1: never saved);
     * {@link OptimisticLockingFailureException} when someone changed them meanwhile.
     */
    public void save(long version, Changes c) {
        UUID tenantId = TenantContext.require();
        boolean ownRelay = c.relayHost() != null && !c.relayHost().isBlank();
        boolean keep = ownRelay && !c.clearPassword() && (c.newPassword() == null || c.newPassword().isEmpty());
        byte[] password = ownRelay && !keep && !c.clearPassword() ? secrets.encrypt(tenantId, c.newPassword()) : null;
        boolean saved = inTenant(tenantId, () -> {
            long expected = version;
            if (version < 0) {
                if (store.find(tenantId).isPresent()) {
                    return false;
                }
                store.ensure(tenantId);
                expected = store.find(tenantId).orElseThrow().version();
            }
            return store.update(tenantId, expected, ownRelay ? c.relayHost().strip() : null,
                    ownRelay ? c.relayPort() : null, (c.relaySecurity() == null ? Security.STARTTLS
                            : c.relaySecurity()).name(), ownRelay ? blankToNull(c.relayUsername()) : null, password,
                    keep, c.maxPerSecond(), c.connections(), blankToNull(c.dkimDomain()),
                    blankToNull(c.dkimSelector()), by());
        });
        if (!saved) {
            throw new OptimisticLockingFailureException("The sending settings were changed by someone else");
        }
        cache.remove(tenantId);
    }

    /** Generates an RSA 2048 key for DKIM and stores it; returns the TXT record value to publish. */
    public String generateDkimKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            RSAPrivateCrtKey key = (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
            storeDkimKey(toPem(key));
            return dnsRecordValue(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stores a pasted PEM private key (PKCS#8 or PKCS#1 RSA); {@link InvalidKeyException} when it is not one. */
    public String importDkimKey(String pem) {
        RSAPrivateCrtKey key = parsePrivateKey(pem);
        storeDkimKey(toPem(key));
        return dnsRecordValue(key);
    }

    public void removeDkimKey() {
        UUID tenantId = TenantContext.require();
        inTenant(tenantId, () -> {
            store.ensure(tenantId);
            store.updateDkimKey(tenantId, null, by());
            return null;
        });
        cache.remove(tenantId);
    }

    /** Generates a new webhook secret, stores its SHA-256 and returns it (to be shown once). */
    public String generateWebhookSecret() {
        UUID tenantId = TenantContext.require();
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        inTenant(tenantId, () -> {
            store.ensure(tenantId);
            store.updateWebhookSecretHash(tenantId, sha256Hex(secret), by());
            return null;
        });
        cache.remove(tenantId);
        return secret;
    }

    // ---------------------------------------------------------------- helpers

    private void storeDkimKey(String pem) {
        UUID tenantId = TenantContext.require();
        byte[] sealed = secrets.encrypt(tenantId, pem);
        inTenant(tenantId, () -> {
            store.ensure(tenantId);
            store.updateDkimKey(tenantId, sealed, by());
            return null;
        });
        cache.remove(tenantId);
    }

    private Optional<Dkim> dkim(UUID tenantId, Row r) {
        if (r.dkimDomain() == null || r.dkimSelector() == null || r.dkimPrivateKeyEncrypted() == null) {
            return Optional.empty();
        }
        return Optional.of(new Dkim(r.dkimDomain(), r.dkimSelector(),
                parsePrivateKey(secrets.decrypt(tenantId, r.dkimPrivateKeyEncrypted()))));
    }

    private <T> T inTenant(UUID tenantId, java.util.function.Supplier<T> work) {
        return TenantContext.callAs(tenantId, () -> tx.execute(status -> work.get()));
    }

    private static String by() {
        return CurrentUser.find().map(u -> u.email()).orElse("system");
    }

    private static Security security(Row r) {
        return r.relaySecurity() == null ? Security.STARTTLS : Security.valueOf(r.relaySecurity());
    }

    public static int defaultPort(Security security) {
        return switch (security) {
            case NONE -> 25;
            case STARTTLS -> 587;
            case TLS -> 465;
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static String sha256Hex(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The TXT value publishing the public half of {@code key}. */
    public static String dnsRecordValue(RSAPrivateCrtKey key) {
        try {
            byte[] publicKey = KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent())).getEncoded();
            return "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(publicKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a PEM RSA private key, PKCS#8 ("PRIVATE KEY") or PKCS#1 ("RSA PRIVATE KEY"). */
    public static RSAPrivateCrtKey parsePrivateKey(String pem) {
        Matcher m = pem == null ? null : PEM.matcher(pem);
        if (m == null || !m.find()) {
            throw new InvalidKeyException("not a PEM private key");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2).replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyException("not base64");
        }
        if (m.group(1) != null) {
            der = pkcs1ToPkcs8(der);
        }
        try {
            if (KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der))
                    instanceof RSAPrivateCrtKey key) {
                if (key.getModulus().bitLength() < 1024) {
                    throw new InvalidKeyException("RSA key shorter than 1024 bits");
                }
                return key;
            }
            throw new InvalidKeyException("not an RSA private key");
        } catch (GeneralSecurityException e) {
            throw new InvalidKeyException("not an RSA private key");
        }
    }

    static String toPem(RSAPrivateCrtKey key) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo (version 0, rsaEncryption, NULL parameters). */
    private static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
                0x01, 0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = der(0x04, pkcs1);
        byte[] body = new byte[version.length + algorithm.length + octets.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
        System.arraycopy(octets, 0, body, version.length + algorithm.length, octets.length);
        return der(0x30, body);
    }

    private static byte[] der(int tag, byte[] content) {
        int n = content.length;
        byte[] length;
        if (n < 0x80) {
            length = new byte[] {(byte) n};
        } else if (n < 0x100) {
            length = new byte[] {(byte) 0x81, (byte) n};
        } else if (n < 0x10000) {
            length = new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
        } else {
            length = new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        }
        byte[] out = new byte[1 + length.length + n];
        out[0] = (byte) tag;
        System.arraycopy(length, 0, out, 1, length.length);
        System.arraycopy(content, 0, out, 1 + length.length, n);
        return out;
    }
}
