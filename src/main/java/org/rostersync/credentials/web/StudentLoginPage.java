package org.rostersync.credentials.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The page behind the login address printed on every slip ({@code rostersync.login-url}, by default
 * {@code http://localhost:8080/login}): a plain form that calls {@code POST /api/student-login}.
 */
@Controller
class StudentLoginPage {

    @GetMapping("/login")
    String page() {
        return "forward:/login.html";
    }
}
