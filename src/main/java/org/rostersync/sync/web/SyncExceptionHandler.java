package org.rostersync.sync.web;

import org.rostersync.staff.ApiError;
import org.rostersync.sync.FeedBusyException;
import org.rostersync.sync.FeedNotPullableException;
import org.rostersync.sync.RunNotApprovableException;
import org.rostersync.sync.RunNotRevertableException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The import's refusals in the API's {@code {"error", "message"}} form. Ordered before the staff module's catch-all,
 * which would otherwise answer them as a server failure; the pages' own handler still comes first.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE - 1)
class SyncExceptionHandler {

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

    private static ResponseEntity<ApiError> error(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(new ApiError(code, message));
    }
}
