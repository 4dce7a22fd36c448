package org.rostersync.credentials.web;

import java.time.Duration;
import java.util.Optional;

import org.rostersync.account.AccountStatus;
import org.rostersync.credentials.StudentLogins;
import org.rostersync.staff.ApiError;
import org.rostersync.staff.SignInLimits;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Student login, open to anyone: one answer for every failure, so it reveals nothing about accounts. An attempt over
 * its address's or username's limit is answered 429 before the password is hashed.
 */
@RestController
class StudentLoginController {

    static final String FAILED = "the username or password is not right, or this account cannot sign in now;"
            + " check the slip from your teacher and try again later, or ask your teacher for a new password";

    private final StudentLogins logins;
    private final SignInLimits limits;

    StudentLoginController(StudentLogins logins, SignInLimits limits) {
        this.logins = logins;
        this.limits = limits;
    }

    record LoginRequest(String username, String password) {

        @Override
        public String toString() {
            return "LoginRequest[" + username + ", password hidden]";
        }
    }

    record LoginAnswer(String username, AccountStatus status) {
    }

    @PostMapping("/api/student-login")
    ResponseEntity<?> login(@RequestBody LoginRequest request, HttpServletRequest http) {
        Optional<Duration> wait = limits.admitStudent(http.getRemoteAddr(), request.username());
        if (wait.isPresent()) {
            long seconds = SignInLimits.seconds(wait.get());
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                    .body(new ApiError(SignInLimits.RATE_LIMITED, SignInLimits.refusal(seconds)));
        }
        return logins.login(request.username(), request.password())
                .<ResponseEntity<?>>map(ok -> ResponseEntity.ok(new LoginAnswer(ok.username(), ok.status())))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                        .body(new ApiError("login_failed", FAILED)));
    }
}
