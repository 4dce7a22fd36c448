package org.rostersync.staff.internal;

import java.security.SecureRandom;
import java.util.HexFormat;

import jakarta.servlet.http.HttpServletRequest;

import org.rostersync.logging.Failures;
import org.slf4j.Logger;
import org.springframework.web.servlet.HandlerMapping;

/**
 * A failure the server did not expect, in its log without personal data: the route it happened on (the pattern, not
 * the address, which may hold a Student ID), an id the caller is told so the line can be found, and the failure's
 * classes and stack without their messages (a database error quotes the names and IDs it refused).
 */
final class ServerErrors {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ServerErrors() {
    }

    /** Logs the failure and returns the id that names its log line. */
    static String log(Logger log, HttpServletRequest request, Throwable failure) {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        log.error("Unexpected error {} on {} {}", id, request.getMethod(), route == null ? "(no route)" : route,
                Failures.withoutMessages(failure));
        return id;
    }
}
