package io.archipel.delivery.sms;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Encrypts the SMS provider's token at rest: AES-256-GCM under the key {@code archipel.sms.secret-key} (base64, 32
 * bytes) or, when none is configured, a key generated at first start and kept in {@code platform_secret}. The tenant id
 * is the associated data, so a ciphertext copied into another tenant's row does not decrypt.
 */
@Component
class SecretBox {

    private static final String SECRET_NAME = "sms-provider-key";
    private static final int NONCE_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    SecretBox(@Value("${archipel.sms.secret-key:}") String configured, JdbcTemplate jdbc) {
        byte[] bytes = configured.isBlank() ? stored(jdbc) : java.util.Base64.getDecoder().decode(configured.strip());
        if (bytes.length != 32) {
            throw new IllegalStateException("archipel.sms.secret-key must be 32 bytes in base64");
        }
        this.key = new SecretKeySpec(bytes, "AES");
    }

    byte[] encrypt(UUID tenantId, String plain) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(tenantId.toString().getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String decrypt(UUID tenantId, byte[] box) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, box, 0, NONCE_BYTES));
            cipher.updateAAD(tenantId.toString().getBytes(StandardCharsets.US_ASCII));
            return new String(cipher.doFinal(box, NONCE_BYTES, box.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The SMS provider token cannot be decrypted (key changed?)", e);
        }
    }

    private static byte[] stored(JdbcTemplate jdbc) {
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        // the first instance to start wins; the others read its key
        jdbc.update("insert into platform_secret (name, value) values (?, ?) on conflict (name) do nothing",
                SECRET_NAME, fresh);
        return jdbc.queryForObject("select value from platform_secret where name = ?", byte[].class, SECRET_NAME);
    }
}
