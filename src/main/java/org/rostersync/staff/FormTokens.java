package org.rostersync.staff;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.UUID;

import org.springframework.web.util.WebUtils;

import jakarta.servlet.http.HttpSession;

/**
 * One-time tokens for the page forms that issue passwords. A double click sends a form twice: both requests would
 * reset the password, the browser shows the answer of the second, and the first could save its password last, so
 * the password on screen would not work. With a token only the first request resets; the second is refused and says
 * so. Every page opened gets a token of its own, good for one reset: a teacher with the Students page open in two
 * tabs (grade 4 in one, grade 5 in the other) can reset from either.
 */
public final class FormTokens {

    private static final String ATTRIBUTE = FormTokens.class.getName();
    /** Unused tokens one session keeps; past this the oldest page's form is refused as out of date. */
    private static final int MAX_TOKENS = 200;

    private FormTokens() {
    }

    /** A new token for the form (say, one student's reset); the tokens of the form's other open pages stay good. */
    public static String issue(HttpSession session, String form) {
        String token = UUID.randomUUID().toString();
        synchronized (WebUtils.getSessionMutex(session)) {
            LinkedHashMap<String, String> tokens = tokens(session);
            if (tokens == null) {
                tokens = new LinkedHashMap<>();
            }
            for (Iterator<String> oldest = tokens.keySet().iterator(); tokens.size() >= MAX_TOKENS; ) {
                oldest.next();
                oldest.remove();
            }
            tokens.put(token, form);
            session.setAttribute(ATTRIBUTE, tokens);
        }
        return token;
    }

    /** True exactly once for a token given to the form; false for a second submit or a page too old to remember. */
    public static boolean redeem(HttpSession session, String form, String token) {
        if (token == null) {
            return false;
        }
        synchronized (WebUtils.getSessionMutex(session)) {
            LinkedHashMap<String, String> tokens = tokens(session);
            if (tokens == null || !form.equals(tokens.get(token))) {
                return false;
            }
            tokens.remove(token);
            session.setAttribute(ATTRIBUTE, tokens);
            return true;
        }
    }

    @SuppressWarnings("unchecked")
    private static LinkedHashMap<String, String> tokens(HttpSession session) {
        return session.getAttribute(ATTRIBUTE) instanceof LinkedHashMap<?, ?> tokens
                ? (LinkedHashMap<String, String>) tokens : null;
    }
}
