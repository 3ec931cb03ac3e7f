package io.archipel.audience.api;

import java.util.List;

/** A request the API refuses as a whole: its HTTP status, a stable code, an English detail and field errors. */
class ApiRequestException extends RuntimeException {

    private final int status;
    private final String code;
    private final List<ApiDtos.FieldError> errors;

    ApiRequestException(int status, String code, String detail, List<ApiDtos.FieldError> errors) {
        super(detail);
        this.status = status;
        this.code = code;
        this.errors = List.copyOf(errors);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    List<ApiDtos.FieldError> errors() {
        return errors;
    }
}
