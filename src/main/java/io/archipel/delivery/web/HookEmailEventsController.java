package io.archipel.delivery.web;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import io.archipel.delivery.WebhookSecrets;
import io.archipel.delivery.hooks.EmailEvents;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
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
 * The bounce / complaint webhook of a tenant's mail provider: {@code POST /hooks/{tenantSlug}/email-events} with
 * {@code Authorization: Bearer <webhook secret>} and a generic JSON body
 * {@code {"events":[{"type":"hard_bounce|soft_bounce|complaint","email":"…","messageId":"<…>","occurredAt":"…",
 * "reason":"…"}]}} (messageId, occurredAt and reason optional; at most 1,000 events per call). A wrong or missing
 * secret or an unknown tenant → 401 without detail; a malformed body → 400 with a problem document naming what is
 * wrong (nothing of the call is recorded then).
 */
@RestController
class HookEmailEventsController {

    static final int MAX_EVENTS = 1000;
    private static final int MAX_BODY = 2 * 1024 * 1024;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private final WebhookSecrets secrets;
    private final EmailEvents events;
    private final JsonMapper json;

    HookEmailEventsController(WebhookSecrets secrets, EmailEvents events, JsonMapper json) {
        this.secrets = secrets;
        this.events = events;
        this.json = json;
    }

    private static final class Malformed extends RuntimeException {
        Malformed(String detail) {
            super(detail, null, false, false);
        }
    }

    @PostMapping("/hooks/{tenantSlug}/email-events")
    ResponseEntity<?> receive(@PathVariable String tenantSlug,
            @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
            @RequestBody(required = false) byte[] body) {
        UUID tenantId = secrets.authenticate(tenantSlug, authorization).orElse(null);
        if (tenantId == null) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .build();
        }
        List<EmailEvents.Reported> reported;
        try {
            reported = parse(body);
        } catch (Malformed e) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
            problem.setTitle("Malformed e-mail events");
            problem.setType(URI.create("about:blank"));
            return ResponseEntity.badRequest().body(problem);
        }
        EmailEvents.Outcome outcome = events.record(tenantId, reported);
        return ResponseEntity.ok(Map.of("received", outcome.received(), "matched", outcome.matched(),
                "suppressed", outcome.suppressed()));
    }

    private List<EmailEvents.Reported> parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new Malformed("The body is empty: expected {\"events\": [...]}.");
        }
        if (body.length > MAX_BODY) {
            throw new Malformed("The body is larger than " + MAX_BODY + " bytes.");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw new Malformed("The body is not valid JSON (" + e.getOriginalMessage() + ").");
        }
        JsonNode list = root == null ? null : root.get("events");
        if (list == null || !list.isArray()) {
            throw new Malformed("Expected an object with an \"events\" array.");
        }
        if (list.size() > MAX_EVENTS) {
            throw new Malformed("At most " + MAX_EVENTS + " events per call (" + list.size() + " sent).");
        }
        List<EmailEvents.Reported> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            JsonNode e = list.get(i);
            String where = "events[" + i + "]";
            if (e == null || !e.isObject()) {
                throw new Malformed(where + " is not an object.");
            }
            String type = text(e, "type", where);
            EmailEvents.Type kind = switch (type == null ? "" : type.toLowerCase(Locale.ROOT)) {
                case "hard_bounce" -> EmailEvents.Type.HARD_BOUNCE;
                case "soft_bounce" -> EmailEvents.Type.SOFT_BOUNCE;
                case "complaint" -> EmailEvents.Type.COMPLAINT;
                default -> throw new Malformed(where + ".type must be hard_bounce, soft_bounce or complaint.");
            };
            String email = text(e, "email", where);
            if (email == null || email.strip().length() > 254 || !EMAIL.matcher(email.strip()).matches()) {
                throw new Malformed(where + ".email must be an e-mail address.");
            }
            String messageId = text(e, "messageId", where);
            if (messageId != null && messageId.length() > 250) {
                throw new Malformed(where + ".messageId is longer than 250 characters.");
            }
            String occurred = text(e, "occurredAt", where);
            Instant at;
            try {
                at = occurred == null || occurred.isBlank() ? Instant.now() : OffsetDateTime.parse(occurred.strip())
                        .toInstant();
            } catch (DateTimeParseException ex) {
                throw new Malformed(where + ".occurredAt must be an ISO-8601 date-time with offset "
                        + "(e.g. 2026-11-23T10:15:30Z).");
            }
            out.add(new EmailEvents.Reported(kind, email.strip(), messageId, at, text(e, "reason", where)));
        }
        return out;
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new Malformed(where + "." + field + " must be a string.");
        }
        return value.asString();
    }
}
