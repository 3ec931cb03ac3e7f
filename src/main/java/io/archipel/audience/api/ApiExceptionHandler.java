package io.archipel.audience.api;

import java.net.URI;
import java.util.List;

import io.archipel.audience.Contacts.InvalidContactException;
import io.archipel.audience.Contacts.StaleContactException;
import io.archipel.audience.api.ApiDtos.FieldError;
import io.archipel.shared.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

/**
 * The API's errors as RFC 9457 problems ({@code application/problem+json}): {@code title}, {@code status},
 * {@code detail} in English, a stable {@code code}, and for 400/422 an {@code errors} array of
 * {@code {field, code, message}}.
 */
@RestControllerAdvice(basePackageClasses = ApiExceptionHandler.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;

    private final ContactApiService api;

    ApiExceptionHandler(ContactApiService api) {
        this.api = api;
    }

    @ExceptionHandler(ApiRequestException.class)
    ResponseEntity<ProblemDetail> refused(ApiRequestException e, HttpServletRequest request) {
        return problem(e.status(), e.code(), e.getMessage(), e.errors(), request);
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e, HttpServletRequest request) {
        return problem(404, "not_found", "No such contact.", null, request);
    }

    /** A path id that is no UUID names nothing: the same 404 as an unknown id. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> badId(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return problem(404, "not_found", "No such contact.", null, request);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> outOfScope(AccessDeniedException e, HttpServletRequest request) {
        return problem(403, "forbidden", "This contact or branch is outside this API key's scope.", null, request);
    }

    @ExceptionHandler(InvalidContactException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidContactException e, HttpServletRequest request) {
        return problem(422, "validation", "The request is not valid.",
                List.of(new FieldError(e.field(), e.messageKey(), api.text(e.messageKey()))), request);
    }

    @ExceptionHandler(StaleContactException.class)
    ResponseEntity<ProblemDetail> stale(StaleContactException e, HttpServletRequest request) {
        return problem(409, "conflict", "The contact changed during this call; send it again.", null, request);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        return problem(400, "malformed_json", "The body is not valid JSON of the expected shape: "
                + shortReason(e), List.of(new FieldError(null, "malformed_json", shortReason(e))), request);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return problem(415, "unsupported_media_type", "Send the body as application/json.", null, request);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missing(MissingServletRequestParameterException e, HttpServletRequest request) {
        return problem(400, "parameter.missing", "Parameter '" + e.getParameterName() + "' is required.",
                List.of(new FieldError(e.getParameterName(), "validation.required", "This parameter is required.")),
                request);
    }

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ProblemDetail> unexpected(RuntimeException e, HttpServletRequest request) {
        log.error("API call {} {} failed", request.getMethod(), request.getRequestURI(), e);
        return problem(500, "internal_error", "Something went wrong on our side; nothing more is known.", null,
                request);
    }

    /**
     * What Jackson says, first line only (never an echo of the body), with where: line and column, and the JSON path
     * of the value when it is a value of the wrong type (e.g. {@code contacts[0].tags}).
     */
    static String shortReason(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof JacksonException je) {
            String message = je.getOriginalMessage() == null ? "unreadable body"
                    : je.getOriginalMessage().lines().findFirst().orElse("unreadable body");
            StringBuilder where = new StringBuilder();
            StringBuilder path = new StringBuilder();
            for (JacksonException.Reference ref : je.getPath()) {
                if (ref.getPropertyName() != null) {
                    path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
            if (!path.isEmpty()) {
                where.append(" at ").append(path);
            }
            TokenStreamLocation location = je.getLocation();
            if (location != null && location.getLineNr() > 0) {
                where.append(" (line ").append(location.getLineNr()).append(", column ")
                        .append(location.getColumnNr()).append(')');
            }
            return cut(message + where);
        }
        String message = cause == null || cause.getMessage() == null ? "empty or unreadable body" : cause.getMessage();
        return cut(message.lines().findFirst().orElse(message));
    }

    private static String cut(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    private static ResponseEntity<ProblemDetail> problem(int status, String code, String detail,
            List<FieldError> errors, HttpServletRequest request) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(status), detail);
        p.setInstance(URI.create(request.getRequestURI()));
        p.setProperty("code", code);
        if (errors != null) {
            p.setProperty("errors", errors);
        }
        return ResponseEntity.status(status).contentType(PROBLEM).body(p);
    }
}
