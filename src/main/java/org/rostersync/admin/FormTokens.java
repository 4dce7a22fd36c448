package org.rostersync.admin;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.web.util.WebUtils;

import jakarta.servlet.http.HttpSession;

/**
 * One-time tokens for the page forms that issue passwords. A double click sends a form twice: both requests would
 * reset the password, the browser shows the answer of the second, and the first could save its password last, so
 * the password on screen would not work. With a token only the first request resets; the second is refused and says
 * so. A page opened again gets a new token.
 */
final class FormTokens {

    private static final String ATTRIBUTE = FormTokens.class.getName();
    /** Forms one session keeps tokens for; a teacher opening more pages than this just gets fresh ones. */
    private static final int MAX_FORMS = 200;

    private FormTokens() {
    }

    /** A new token for the form (say, one student's reset), replacing the one given before. */
    static String issue(HttpSession session, String form) {
        ConcurrentHashMap<String, String> tokens;
        synchronized (WebUtils.getSessionMutex(session)) {
            tokens = tokens(session);
            if (tokens == null) {
                tokens = new ConcurrentHashMap<>();
                session.setAttribute(ATTRIBUTE, tokens);
            }
        }
        if (tokens.size() >= MAX_FORMS) {
            tokens.clear();
        }
        String token = UUID.randomUUID().toString();
        tokens.put(form, token);
        return token;
    }

    /** True exactly once for the token the form was given; false for a second submit or an outdated page. */
    static boolean redeem(HttpSession session, String form, String token) {
        ConcurrentHashMap<String, String> tokens = tokens(session);
        return token != null && tokens != null && tokens.remove(form, token);
    }

    @SuppressWarnings("unchecked")
    private static ConcurrentHashMap<String, String> tokens(HttpSession session) {
        return (ConcurrentHashMap<String, String>) session.getAttribute(ATTRIBUTE);
    }
}
