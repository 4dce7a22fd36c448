package org.rostersync.staff;

import org.springframework.http.HttpStatus;

/** An error a caller can act on, answered as {@code {"error": code, "message": what to do}}. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    public ApiException(HttpStatus status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static ApiException notFound(String what) {
        return new ApiException(HttpStatus.NOT_FOUND, "not_found", what + " does not exist");
    }

    public static ApiException forbidden(String what) {
        return new ApiException(HttpStatus.FORBIDDEN, "forbidden", "you may not " + what);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "bad_request", message);
    }
}
