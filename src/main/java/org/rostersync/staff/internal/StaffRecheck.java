package org.rostersync.staff.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.rostersync.staff.StaffEventType;
import org.rostersync.staff.StaffEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * Keeps a roster staff member's session in step with the roster: at most every {@code rostersync.sign-in.staff-recheck}
 * (by the application's clock) their {@code staff_account} rows are read again. No ACTIVE row left (the next staff run
 * deactivated them): the session ends at once, the audit says ACCESS_REVOKED, and the browser is told why. Changed
 * roles or schools replace the session's staff member, so a school lost is a school no longer shown. Staff from the
 * YAML list are not touched: their list changes only with a restart.
 */
class StaffRecheck extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(StaffRecheck.class);

    /** When this session's staff member was last read from the roster (their sign-in counts). */
    static final String CHECKED_AT = StaffRecheck.class.getName() + ".checkedAt";

    private final RosterStaff roster;
    private final StaffEvents events;
    private final Clock clock;
    private final Duration every;
    private final SecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

    StaffRecheck(RosterStaff roster, StaffEvents events, Clock clock, Duration every) {
        this.roster = roster;
        this.events = events;
        this.clock = clock;
        this.every = every;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        SecurityContext context = SecurityContextHolder.getContext();
        HttpSession session = request.getSession(false);
        if (session != null && context.getAuthentication() instanceof OAuth2AuthenticationToken token
                && token.getPrincipal() instanceof ProviderStaffMember member) {
            Instant now = clock.instant();
            Instant checked = (Instant) session.getAttribute(CHECKED_AT);
            if (checked == null) {
                session.setAttribute(CHECKED_AT, now); // signed in just now: the sign-in read the roster
            } else if (now.isBefore(checked) || !now.isBefore(checked.plus(every))) {
                RosterStaff.Found found = roster.byEmail(member.getUsername());
                if (!(found instanceof RosterStaff.Active active)) {
                    revoke(request, response, member);
                    return;
                }
                if (!member.sameAs(active)) {
                    ProviderStaffMember updated = member.withRoster(active);
                    SecurityContext replaced = SecurityContextHolder.createEmptyContext();
                    replaced.setAuthentication(new OAuth2AuthenticationToken(updated, updated.getAuthorities(),
                            token.getAuthorizedClientRegistrationId()));
                    SecurityContextHolder.setContext(replaced);
                    sessions.saveContext(replaced, request, response);
                }
                session.setAttribute(CHECKED_AT, now);
            }
        }
        chain.doFilter(request, response);
    }

    private void revoke(HttpServletRequest request, HttpServletResponse response, ProviderStaffMember member)
            throws IOException {
        events.add(StaffEventType.ACCESS_REVOKED, member.getUsername(), SignInAudit.OIDC, member.registrationId(),
                member.districtId(), StaffSignInRefused.Reason.REVOKED.name(), request.getRemoteAddr());
        log.info("A roster staff member's session ended: the roster no longer lists them as ACTIVE");
        ProviderSignInRefusals.end(request);
        response.sendRedirect(request.getContextPath() + "/staff/refused?reason="
                + StaffSignInRefused.Reason.REVOKED.name());
    }
}
