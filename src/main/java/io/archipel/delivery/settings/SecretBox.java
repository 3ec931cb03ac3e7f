package io.archipel.delivery.settings;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.archipel.delivery.internal.PlatformSecrets;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Encrypts the tenants' sending secrets (SMTP relay password, DKIM private key) with AES-256-GCM. The key is the
 * SHA-256 of {@code archipel.secrets.key} (at least 32 characters) or, when that is blank, 32 random bytes generated
 * once in {@code platform_secret}. The tenant id is the additional authenticated data, so a ciphertext copied to
 * another tenant's row does not decrypt. Layout: 12-byte nonce, then ciphertext and 16-byte tag.
 */
@Component
public class SecretBox {

    private static final String SECRET_NAME = "sending-settings-key";
    private static final int NONCE_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    @Autowired
    SecretBox(@Value("${archipel.secrets.key:}") String configured, JdbcTemplate jdbc) {
        this(configured.isBlank() ? PlatformSecrets.getOrCreate(jdbc, SECRET_NAME, 32) : derive(configured));
    }

    SecretBox(byte[] key) {
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    public byte[] encrypt(UUID tenantId, String plain) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(aad(tenantId));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plain text; {@link IllegalStateException} when the value was altered, moved or sealed under another key. */
    public String decrypt(UUID tenantId, byte[] sealed) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(aad(tenantId));
            return new String(cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("A stored sending secret cannot be decrypted (archipel.secrets.key changed?)",
                    e);
        }
    }

    private static byte[] aad(UUID tenantId) {
        return tenantId.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] derive(String configured) {
        if (configured.strip().length() < 32) {
            throw new IllegalStateException("archipel.secrets.key must be at least 32 characters");
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(configured.strip().getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
