package org.rostersync.staff.internal;

import org.rostersync.staff.SignInLimits;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.www.BasicAuthenticationConverter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Holds back a staff sign-in over its address's or username's limit ({@link SignInLimits}) before Spring Security
 * checks its password. Placed in a filter chain just before the filter that signs in: {@link #basic} for HTTP Basic
 * (the API and the actuator), {@link #form} for the sign-in form. Requests that carry no credentials pass untouched.
 */
final class StaffSignInThrottle extends OncePerRequestFilter {

    private final SignInLimits limits;
    private final RequestMatcher formPost;
    private final String loginUrl;
    private final BasicAuthenticationConverter basic = new BasicAuthenticationConverter();

    private StaffSignInThrottle(SignInLimits limits, String loginUrl) {
        this.limits = limits;
        this.formPost = loginUrl == null ? null
                : PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, loginUrl);
        this.loginUrl = loginUrl;
    }

    /** For a chain that signs staff in with HTTP Basic: a 429 in the API's JSON form, with {@code Retry-After}. */
    static StaffSignInThrottle basic(SignInLimits limits) {
        return new StaffSignInThrottle(limits, null);
    }

    /**
     * For a chain with the sign-in form posted to {@code loginUrl}: a held-back sign-in goes back to the form, which
     * says to wait ({@code ?throttled}), as a wrong password goes back to it with {@code ?error}.
     */
    static StaffSignInThrottle form(SignInLimits limits, String loginUrl) {
        return new StaffSignInThrottle(limits, loginUrl);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> username = formPost == null ? basicUsername(request)
                : formPost.matches(request) ? Optional.of(String.valueOf(request.getParameter("username")))
                : Optional.empty();
        Optional<Duration> wait = username.flatMap(name -> limits.admitStaff(request.getRemoteAddr(), name));
        if (wait.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        long seconds = SignInLimits.seconds(wait.get());
        if (formPost != null) {
            response.sendRedirect(request.getContextPath() + loginUrl + "?throttled");
            return;
        }
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter().write("{\"error\":\"" + SignInLimits.RATE_LIMITED + "\",\"message\":\""
                + SignInLimits.refusal(seconds) + "\"}");
    }

    /** The username of HTTP Basic credentials; a malformed header is left to Spring Security, which refuses it. */
    private Optional<String> basicUsername(HttpServletRequest request) {
        try {
            UsernamePasswordAuthenticationToken credentials = basic.convert(request);
            return credentials == null ? Optional.empty() : Optional.of(credentials.getName());
        } catch (AuthenticationException e) {
            return Optional.empty();
        }
    }
}
