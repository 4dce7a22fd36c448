package org.rostersync.staff.internal;

import java.io.IOException;

import org.rostersync.staff.StaffEventType;
import org.rostersync.staff.StaffEvents;
import org.rostersync.staff.internal.StaffSignInRefused.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * A sign-in through the provider that did not end with a roster staff member: written to the audit, the session that
 * carried the flow's state is ended, and the browser goes to the page that says why and whom to ask. The log names
 * the reason only: no email, code or token.
 */
class ProviderSignInRefusals implements AuthenticationFailureHandler {

    private static final Logger log = LoggerFactory.getLogger(ProviderSignInRefusals.class);

    /** The callback's path ends in the registration id: {@code /login/oauth2/code/{registrationId}}. */
    private static final String CALLBACK = "/login/oauth2/code/";

    private final StaffEvents events;

    ProviderSignInRefusals(StaffEvents events) {
        this.events = events;
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException {
        StaffSignInRefused refused = exception instanceof StaffSignInRefused known ? known
                : new StaffSignInRefused(Reason.PROVIDER_ERROR, null, null);
        String path = request.getRequestURI();
        int at = path.indexOf(CALLBACK);
        String registrationId = at < 0 ? null : path.substring(at + CALLBACK.length());
        events.add(StaffEventType.SIGN_IN_REFUSED, refused.username(), SignInAudit.OIDC, registrationId,
                refused.districtId(), refused.reason().name(), request.getRemoteAddr());
        log.info("Staff sign-in through provider '{}' refused: {}", registrationId, refused.reason());
        end(request);
        response.sendRedirect(request.getContextPath() + "/staff/refused?reason=" + refused.reason().name());
    }

    /** No session stays behind a refusal. */
    static void end(HttpServletRequest request) {
        SecurityContextHolder.clearContext();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }
}
