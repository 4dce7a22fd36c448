package org.rostersync.admin;

import org.rostersync.sync.FeedBusyException;
import org.rostersync.sync.RunNotApprovableException;
import org.rostersync.sync.RunNotRevertableException;
import org.rostersync.sync.FeedNotPullableException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;

/** Turns every failure into {@code {"error", "message"}} with a status; never a stack trace. */
@RestControllerAdvice
class ApiExceptionHandler {


    @ExceptionHandler(ApiException.class)
    ResponseEntity<ApiError> api(ApiException e) {
        return error(e.status(), e.code(), e.getMessage());
    }

    @ExceptionHandler(FeedBusyException.class)
    ResponseEntity<ApiError> busy(FeedBusyException e) {
        return error(HttpStatus.CONFLICT, "feed_busy", e.getMessage());
    }

    @ExceptionHandler(RunNotApprovableException.class)
    ResponseEntity<ApiError> notApprovable(RunNotApprovableException e) {
        return error(HttpStatus.CONFLICT, "not_approvable", e.getMessage());
    }

    @ExceptionHandler(RunNotRevertableException.class)
    ResponseEntity<ApiError> notRevertable(RunNotRevertableException e) {
        return error(HttpStatus.CONFLICT, "not_revertable", e.getMessage());
    }

    @ExceptionHandler(FeedNotPullableException.class)
    ResponseEntity<ApiError> notPullable(FeedNotPullableException e) {
        return error(HttpStatus.BAD_REQUEST, "bad_request", e.getMessage());
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
        return error(HttpStatus.BAD_REQUEST, "bad_request",
                "parameter '" + e.getName() + "' has an invalid value '" + e.getValue() + "'");
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        return error(HttpStatus.BAD_REQUEST, "bad_request",
                "the request body is not valid JSON for this call");
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ApiError> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return error(HttpStatus.NOT_ACCEPTABLE, "not_acceptable",
                "this call answers application/json" );
    }

    /** Always JSON, even for a caller that asked for a PDF, so every error reads as {"error", "message"}. */
    private static ResponseEntity<ApiError> error(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(new ApiError(code, message));
    }
}
