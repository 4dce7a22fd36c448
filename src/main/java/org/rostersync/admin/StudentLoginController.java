package org.rostersync.admin;

import org.rostersync.account.AccountStatus;
import org.rostersync.credentials.StudentLogins;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Student login, open to anyone: one answer for every failure, so it reveals nothing about accounts. */
@RestController
class StudentLoginController {

    static final String FAILED = "the username or password is not right, or this account cannot sign in now;"
            + " check the slip from your teacher and try again later, or ask your teacher for a new password";

    private final StudentLogins logins;

    StudentLoginController(StudentLogins logins) {
        this.logins = logins;
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
    ResponseEntity<?> login(@RequestBody LoginRequest request) {
        return logins.login(request.username(), request.password())
                .<ResponseEntity<?>>map(ok -> ResponseEntity.ok(new LoginAnswer(ok.username(), ok.status())))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                        .body(new ApiError("login_failed", FAILED)));
    }
}
