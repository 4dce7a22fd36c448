package org.rostersync.staff.internal;

import java.time.Clock;
import java.time.Duration;

import org.rostersync.staff.StaffEventType;
import org.rostersync.staff.StaffEvents;
import org.rostersync.staff.StaffMember;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.oauth2.client.authentication.OAuth2LoginAuthenticationToken;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Writes the staff sign-in audit from Spring Security's own events: sign-ins with the form, by HTTP Basic and through
 * the provider, refused form and HTTP Basic sign-ins, and sign-outs. Refusals by the provider and ended sessions are
 * written where they happen ({@link ProviderSignInRefusals}, {@link StaffRecheck}).
 * <p>
 * An API script signs in by HTTP Basic with every call, so such sign-ins are written once an hour per username (an
 * indexed look-up of the last one); each refused one is written (the rate limits bound how many). A refused username that is not in the staff list
 * is written as {@code ?}: what was typed may be a password typed into the wrong field.
 */
@Component
class SignInAudit {

    static final String FORM = "FORM";
    static final String BASIC = "BASIC";
    static final String OIDC = "OIDC";

    /** An API script's sign-ins by HTTP Basic are written at most this often. */
    private static final Duration BASIC_EVERY = Duration.ofHours(1);

    private final StaffEvents events;
    private final StaffDirectory staff;
    private final Clock clock;

    SignInAudit(StaffEvents events, StaffDirectory staff, Clock clock) {
        this.events = events;
        this.staff = staff;
        this.clock = clock;
    }

    @EventListener
    void signedIn(AuthenticationSuccessEvent event) {
        Authentication authentication = event.getAuthentication();
        if (authentication instanceof OAuth2LoginAuthenticationToken login
                && login.getPrincipal() instanceof ProviderStaffMember member) {
            events.add(StaffEventType.SIGNED_IN, member.getUsername(), OIDC, member.registrationId(),
                    member.districtId(), null, address(authentication));
        } else if (authentication instanceof UsernamePasswordAuthenticationToken
                && authentication.getPrincipal() instanceof StaffMember member) {
            boolean basic = isBasic();
            if (basic && events.signedInSince(member.getUsername(), BASIC, clock.instant().minus(BASIC_EVERY))) {
                return; // this script's sign-in of the hour is written already
            }
            events.add(StaffEventType.SIGNED_IN, member.getUsername(), basic ? BASIC : FORM, null,
                    member.districtId(), null, address(authentication));
        }
    }

    @EventListener
    void refused(AbstractAuthenticationFailureEvent event) {
        Authentication authentication = event.getAuthentication();
        if (!(authentication instanceof UsernamePasswordAuthenticationToken)) {
            return; // the provider's refusals are written by ProviderSignInRefusals
        }
        StaffMember member = known(authentication.getName());
        events.add(StaffEventType.SIGN_IN_REFUSED, member == null ? null : member.getUsername(),
                isBasic() ? BASIC : FORM, null, member == null ? null : member.districtId(),
                member == null ? "UNKNOWN_USERNAME" : "BAD_CREDENTIALS", address(authentication));
    }

    @EventListener
    void signedOut(LogoutSuccessEvent event) {
        Authentication authentication = event.getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof StaffMember member) {
            boolean provider = member instanceof ProviderStaffMember;
            events.add(StaffEventType.SIGNED_OUT, member.getUsername(), provider ? OIDC : FORM,
                    provider ? ((ProviderStaffMember) member).registrationId() : null, member.districtId(), null,
                    address(authentication));
        }
    }

    private StaffMember known(String username) {
        try {
            return (StaffMember) staff.loadUserByUsername(username);
        } catch (UsernameNotFoundException e) {
            return null;
        }
    }

    private static String address(Authentication authentication) {
        if (authentication.getDetails() instanceof WebAuthenticationDetails details) {
            return details.getRemoteAddress();
        }
        HttpServletRequest request = request();
        return request == null ? null : request.getRemoteAddr();
    }

    private static boolean isBasic() {
        HttpServletRequest request = request();
        String header = request == null ? null : request.getHeader("Authorization");
        return header != null && header.regionMatches(true, 0, "Basic ", 0, 6);
    }

    private static HttpServletRequest request() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest() : null;
    }
}
