package io.archipel.delivery.web;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.archipel.delivery.WebhookSecrets;
import io.archipel.delivery.sms.SmsReplies;
import io.archipel.tenancy.TenantContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SMS provider's inbound webhook: {@code POST /hooks/{tenantSlug}/sms-replies} with {@code Authorization: Bearer
 * <the tenant's webhook secret>} and the JSON {@code {"from": "+336…", "text": "STOP"}}. Answers 200 with what was
 * done ({@code {"stop": true, "contactsWithdrawn": 1}}), 400 for a body without {@code from}, and 401 without detail
 * for an unknown tenant or a missing or wrong secret (it tells nothing about which, like the e-mail events webhook; checked by {@link WebhookSecrets},
 * constant-time).
 */
@RestController
class SmsReplyHookController {

    private final SmsReplies replies;
    private final WebhookSecrets secrets;

    private final JsonMapper json;

    SmsReplyHookController(SmsReplies replies, WebhookSecrets secrets, JsonMapper json) {
        this.replies = replies;
        this.secrets = secrets;
        this.json = json;
    }

    @PostMapping(path = "/hooks/{tenantSlug}/sms-replies", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> reply(@PathVariable String tenantSlug,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestBody(required = false) byte[] raw) {
        Optional<UUID> tenant = secrets.authenticate(tenantSlug, authorization);
        if (tenant.isEmpty()) {
            return ResponseEntity.status(401).body(Map.of("error", "unauthorized"));
        }
        JsonNode body;
        try {
            body = raw == null || raw.length == 0 ? null : json.readTree(raw);
        } catch (JacksonException e) {
            return ResponseEntity.badRequest().body(Map.of("error", "invalid_json"));
        }
        String from = text(body, "from");
        String text = text(body, "text");
        if (from == null || from.isBlank()) {
            return ResponseEntity.badRequest().body(Map.of("error", "from_required"));
        }
        SmsReplies.Outcome[] outcome = new SmsReplies.Outcome[1];
        TenantContext.runAsSystem(tenant.get(), () -> outcome[0] = replies.receive(from, text));
        return ResponseEntity.ok(Map.of("stop", outcome[0].stop(), "contactsWithdrawn",
                outcome[0].contactsWithdrawn()));
    }

    private static String text(JsonNode body, String field) {
        if (body == null || !body.isObject()) {
            return null;
        }
        JsonNode node = body.get(field);
        return node == null || !node.isString() ? null : node.asString();
    }
}
