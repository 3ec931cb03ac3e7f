package io.archipel.identity.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the RFC 9457 problems the API's security layer answers itself (401, 403, 429), in the same shape as the
 * controllers' problems: {@code type, title, status, detail, code, instance}. English, and with nothing that helps
 * guessing a key (one 401 for missing, malformed, unknown, revoked or wrong keys).
 */
final class ApiProblems {

    static final String MEDIA_TYPE = "application/problem+json";

    private ApiProblems() {
    }

    static void write(JsonMapper json, HttpServletRequest request, HttpServletResponse response, int status,
            String title, String code, String detail) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("code", code);
        body.put("instance", request.getRequestURI());
        response.setStatus(status);
        response.setContentType(MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        if (status == HttpServletResponse.SC_UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"archipel-api\"");
        }
        response.getWriter().write(json.writeValueAsString(body));
    }

    static void unauthorized(JsonMapper json, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        write(json, request, response, 401, "Unauthorized", "unauthorized",
                "A valid API key is required: send it as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.");
    }
}
