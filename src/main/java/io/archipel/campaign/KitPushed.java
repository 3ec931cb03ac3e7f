package io.archipel.campaign;

import java.util.UUID;

/**
 * Published inside the transaction that pushed a kit ({@link KitService#push}). Listen AFTER_COMMIT: the managers of
 * the targeted branches are told. {@code actor} is the login of who pushed it, or {@code system}.
 */
public record KitPushed(UUID tenantId, UUID kitId, String actor) {
}
