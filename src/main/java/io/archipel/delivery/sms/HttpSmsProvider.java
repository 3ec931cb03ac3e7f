package io.archipel.delivery.sms;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.archipel.delivery.smtp.CampaignTransport.Kind;
import io.archipel.delivery.smtp.CampaignTransport.Outcome;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A generic HTTP SMS provider: one {@code POST} per SMS to the tenant's URL with {@code Authorization: Bearer <token>}
 * and the JSON body {@code {"to": "+33…", "text": "…", "reference": "…", "from": "…"}} ({@code reference} is the
 * campaign recipient id, or {@code test-…} for a test SMS; {@code from} only with a sender name). 2xx → accepted,
 * 4xx → permanent failure (the provider refused this SMS), 5xx, timeouts and connection errors → temporary (retried).
 * A batch is sent with a few requests in flight at once.
 */
@Component
class HttpSmsProvider implements SmsProvider {

    private static final int DETAIL_MAX = 300;

    private final HttpClient client;
    private final JsonMapper json;
    private final Duration requestTimeout;
    private final int parallel;

    HttpSmsProvider(JsonMapper json,
            @Value("${archipel.sms.http.connect-timeout:PT5S}") Duration connectTimeout,
            @Value("${archipel.sms.http.request-timeout:PT10S}") Duration requestTimeout,
            @Value("${archipel.sms.http.parallel:8}") int parallel) {
        this.json = json;
        this.requestTimeout = requestTimeout;
        this.parallel = Math.max(1, parallel);
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public SmsSettings.Provider kind() {
        return SmsSettings.Provider.HTTP;
    }

    @Override
    public List<Outcome> send(UUID tenantId, ResolvedSmsSettings settings, List<SmsMessage> messages) {
        List<Outcome> outcomes = new ArrayList<>(messages.size());
        if (settings.httpUrl() == null || settings.token() == null) {
            messages.forEach(m -> outcomes.add(new Outcome(Kind.TEMPORARY, "The HTTP SMS provider is not set up")));
            return outcomes;
        }
        URI uri = URI.create(settings.httpUrl());
        for (int from = 0; from < messages.size(); from += parallel) {
            List<CompletableFuture<Outcome>> inFlight = new ArrayList<>();
            for (SmsMessage m : messages.subList(from, Math.min(messages.size(), from + parallel))) {
                inFlight.add(sendOne(uri, settings, m));
            }
            inFlight.forEach(f -> outcomes.add(f.join()));
        }
        return outcomes;
    }

    private CompletableFuture<Outcome> sendOne(URI uri, ResolvedSmsSettings settings, SmsMessage m) {
        ObjectNode body = json.createObjectNode();
        body.put("to", m.toE164());
        body.put("text", m.text());
        body.put("reference", m.recipientId() == null ? "test-" + UUID.randomUUID() : m.recipientId().toString());
        if (settings.senderName() != null) {
            body.put("from", settings.senderName());
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + settings.token())
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(HttpSmsProvider::outcome)
                .exceptionally(e -> new Outcome(Kind.TEMPORARY, cut(describe(e))));
    }

    static Outcome outcome(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return Outcome.ACCEPTED_OUTCOME;
        }
        String detail = cut("HTTP " + status + (response.body() == null || response.body().isBlank() ? ""
                : ": " + response.body().strip().replaceAll("\\s+", " ")));
        // 408 and 429 say "later", not "never"
        boolean temporary = status >= 500 || status == 408 || status == 429 || status < 200 || status >= 300 && status < 400;
        return new Outcome(temporary ? Kind.TEMPORARY : Kind.PERMANENT, detail);
    }

    private static String describe(Throwable e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String what = cause instanceof java.net.http.HttpTimeoutException ? "Timed out"
                : cause instanceof java.net.ConnectException ? "Connection refused"
                : cause instanceof IOException ? "Connection error" : cause.getClass().getSimpleName();
        return cause.getMessage() == null ? what : what + ": " + cause.getMessage();
    }

    private static String cut(String s) {
        return s.length() <= DETAIL_MAX ? s : s.substring(0, DETAIL_MAX - 1) + "…";
    }
}
