package io.archipel.identity.security;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

import io.archipel.identity.ApiKeyAuthentication;
import io.archipel.identity.ApiKeyService;
import io.archipel.tenancy.TenantContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Authenticates every {@code /api/**} call by its API key ({@code Authorization: Bearer <key>}, or
 * {@code X-Api-Key: <key>}), whatever else the request carries: a session cookie or any other authentication is
 * ignored and, without a valid key, the answer is 401. Then applies the key's rate limit (429 with
 * {@code Retry-After}, {@code RateLimit-*} headers on every answer) and runs the request as the key, with its
 * tenant in {@link TenantContext} (cleared after, like {@link TenantContextFilter} does for people).
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    /** Served to anyone: the OpenAPI description. */
    static final String OPENAPI_PATH = "/api/v1/openapi.json";

    private final ApiKeyService apiKeys;
    private final ApiRateLimiter limiter;
    private final JsonMapper json;

    ApiKeyAuthenticationFilter(ApiKeyService apiKeys, ApiRateLimiter limiter, JsonMapper json) {
        this.apiKeys = apiKeys;
        this.limiter = limiter;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // whatever came with the request (a test's or a session's authentication) does not count here
        SecurityContextHolder.clearContext();
        if (HttpMethod.GET.matches(request.getMethod()) && OPENAPI_PATH.equals(pathOf(request))) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ApiKeyService.Authenticated> key = Optional.ofNullable(presentedKey(request))
                .flatMap(apiKeys::authenticate);
        if (key.isEmpty()) {
            ApiProblems.unauthorized(json, request, response);
            return;
        }
        ApiKeyService.Authenticated k = key.get();
        ApiRateLimiter.Decision decision = limiter.tryConsume(k.keyId());
        response.setHeader("RateLimit-Limit", Integer.toString(decision.limit()));
        response.setHeader("RateLimit-Remaining", Integer.toString(decision.remaining()));
        response.setHeader("RateLimit-Reset", Long.toString(decision.resetSeconds()));
        response.setHeader("RateLimit-Policy", decision.limit() + ";w=60");
        if (!decision.allowed()) {
            response.setHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
            ApiProblems.write(json, request, response, 429, "Too Many Requests", "rate_limited",
                    "This API key made more than " + decision.limit() + " calls in a minute. Retry after "
                            + decision.retryAfterSeconds() + " second(s).");
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new ApiKeyAuthentication(k.keyId(), k.tenantId(), k.name(), k.prefix()));
        SecurityContextHolder.setContext(context);
        TenantContext.set(k.tenantId());
        try {
            chain.doFilter(request, response);
        } finally {
            TenantContext.clear();
            SecurityContextHolder.clearContext();
        }
    }

    static String presentedKey(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.length() > 7
                && authorization.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return authorization.substring(7).strip();
        }
        String header = request.getHeader("X-Api-Key");
        return header == null || header.isBlank() ? null : header.strip();
    }

    private static String pathOf(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }
}
