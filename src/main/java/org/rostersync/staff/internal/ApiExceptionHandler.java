package org.rostersync.staff.internal;

import org.rostersync.staff.ApiError;
import org.rostersync.staff.ApiException;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;

/**
 * Turns every failure into {@code {"error", "message"}} with a status; never a stack trace. The features answer their
 * own refusals (the import's in the sync module) before this catch-all.
 */
@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ApiError> api(ApiException e) {
        return error(e.status(), e.code(), e.getMessage());
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ApiError> tooLarge(MaxUploadSizeExceededException e) {
        return error(HttpStatus.PAYLOAD_TOO_LARGE, "file_too_large",
                "the file is larger than the upload limit (spring.servlet.multipart.max-file-size); split it or"
                        + " ask an admin to raise the limit");
    }

    @ExceptionHandler({ MissingServletRequestPartException.class, MissingServletRequestParameterException.class })
    ResponseEntity<ApiError> missing(Exception e) {
        return error(HttpStatus.BAD_REQUEST, "bad_request", e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ApiError> mismatch(MethodArgumentTypeMismatchException e) {
        Class<?> type = e.getRequiredType();
        String use = type == null ? ""
                : type.isEnum() ? "; use one of " + java.util.Arrays.stream(type.getEnumConstants())
                        .map(Object::toString).collect(java.util.stream.Collectors.joining(", "))
                : type == Boolean.class || type == boolean.class ? "; use true or false"
                : Number.class.isAssignableFrom(type) || type == int.class || type == long.class
                        ? "; use a whole number" : "";
        return error(HttpStatus.BAD_REQUEST, "bad_request",
                "parameter '" + e.getName() + "' has an invalid value '" + e.getValue() + "'" + use);
    }

    /** Tomcat could not decode the query string (a {@code %} escape that is no UTF-8 text); it is the caller's. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ApiError> undecodableQuery(InvalidParameterException e, HttpServletRequest request)
            throws InvalidParameterException {
        apiOnly(e, request);
        return error(HttpStatus.BAD_REQUEST, "bad_request", "the query string is not valid: every % must start an"
                + " escape of UTF-8 text (%20 for a space, %25 for a percent sign, %C3%A9 for é)");
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        return error(HttpStatus.BAD_REQUEST, "bad_request",
                "the request body is not valid JSON for this call");
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ApiError> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        // what the call can answer (the rejected rows also as text/csv); JSON's variants only as application/json
        List<String> types = e.getSupportedMediaTypes().stream()
                .filter(type -> type.isConcrete() && !type.getSubtype().contains("+"))
                .map(type -> type.getType() + "/" + type.getSubtype()).distinct().toList();
        return error(HttpStatus.NOT_ACCEPTABLE, "not_acceptable", "this call answers "
                + (types.isEmpty() ? "application/json" : String.join(" or ", types)) + "; send that in Accept");
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ApiError> notMultipart(MultipartException e, HttpServletRequest request) throws MultipartException {
        apiOnly(e, request);
        return error(HttpStatus.BAD_REQUEST, "bad_request", "send the file as multipart/form-data, in a part named"
                + " 'file' (curl -F file=@roster.csv)");
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ApiError> noSuchCall(NoResourceFoundException e, HttpServletRequest request)
            throws NoResourceFoundException {
        apiOnly(e, request);
        return error(HttpStatus.NOT_FOUND, "not_found", "there is no API call " + request.getMethod() + " "
                + request.getRequestURI() + "; docs/api.md, linked from the README, lists them");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiError> wrongMethod(HttpRequestMethodNotSupportedException e, HttpServletRequest request)
            throws HttpRequestMethodNotSupportedException {
        apiOnly(e, request);
        String allowed = e.getSupportedHttpMethods() == null ? "" : e.getSupportedHttpMethods().toString();
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).contentType(MediaType.APPLICATION_JSON)
                .allow(e.getSupportedHttpMethods() == null ? new HttpMethod[0]
                        : e.getSupportedHttpMethods().toArray(HttpMethod[]::new))
                .body(new ApiError("method_not_allowed", request.getRequestURI() + " does not take "
                        + request.getMethod() + (allowed.isEmpty() ? "" : "; it takes " + allowed)));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiError> wrongBody(HttpMediaTypeNotSupportedException e, HttpServletRequest request)
            throws HttpMediaTypeNotSupportedException {
        apiOnly(e, request);
        return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "this call takes a body of type "
                + e.getSupportedMediaTypes().stream().map(MediaType::toString).distinct().toList()
                + ", not " + e.getContentType());
    }

    /**
     * Anything else on the API: a 500 in the API's form; the details go to the server log (without the address or
     * any message, which may hold student data), not the caller.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> unexpected(Exception e, HttpServletRequest request) throws Exception {
        apiOnly(e, request);
        if (e instanceof AccessDeniedException || e instanceof AuthenticationException) {
            throw e; // Spring Security answers these (401, 403)
        }
        if (e instanceof ErrorResponse response) {
            HttpStatus status = HttpStatus.resolve(response.getStatusCode().value());
            if (status != null && status.is4xxClientError()) {
                String detail = response.getBody().getDetail();
                return error(status, status.name().toLowerCase(java.util.Locale.ROOT),
                        detail == null ? status.getReasonPhrase() : detail);
            }
        }
        String id = ServerErrors.log(log, request, e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "the server failed on this call; its log"
                + " has the details under error " + id + ". Try again, and report it if it keeps failing");
    }

    /** Pages keep their own error page: only calls under {@code /api/} answer in the API's JSON form. */
    private static <E extends Exception> void apiOnly(E e, HttpServletRequest request) throws E {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.equals("/api") && !path.startsWith("/api/")) {
            throw e;
        }
    }

    /** Always JSON, even for a caller that asked for a PDF, so every error reads as {"error", "message"}. */
    private static ResponseEntity<ApiError> error(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(new ApiError(code, message));
    }
}
