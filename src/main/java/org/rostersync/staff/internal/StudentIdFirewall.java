package org.rostersync.staff.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Spring Security's {@link StrictHttpFirewall} as it is, except for one segment of the API addresses that take a
 * Student ID ({@code /api/schools/{schoolId}/students/{studentId}}, its {@code /events} and
 * {@code /password-reset}). A Student ID is the SIS's and may hold a slash, a percent sign, a semicolon or a
 * backslash, or be {@code .} or {@code ..}: percent-encoded as that one segment ({@code %2F %25 %3B %5C}, {@code %2E}
 * for a dot) it is let through, where the strict firewall refuses such escapes anywhere in an address.
 * <p>
 * Why that is safe: the escapes are refused because two layers could decode them differently (one sees another
 * address than the other). Here every layer that decides reads the raw address, decoded once per segment: Spring
 * Security's matchers and Spring MVC's {@code PathPatternParser}; Tomcat passes {@code %2F} and {@code %5C} through
 * undecoded (see {@link SecurityConfiguration#studentIdEscapes}) and maps everything to the one dispatcher. The
 * segment may hold only characters of a path segment and escapes (no raw {@code ;}, {@code \} or dot segment), and
 * the rest of the address, with a placeholder in the ID's place, must pass the strict firewall: the school, the
 * path around the ID, the method, the host and every header are checked as on any other address. Pages never put
 * such an ID in their path (they use {@code ?id=}, see {@code StudentPaths}) and stay strict.
 */
final class StudentIdFirewall implements HttpFirewall {

    /** An API address that takes a Student ID: the address up to it, the ID's segment, and what follows it. */
    private static final Pattern STUDENT_ADDRESS = Pattern.compile(
            "(/api/schools/[^/]+/students/)([^/]+)(/events|/password-reset)?");

    /** One path segment of RFC 3986 characters and escapes, without {@code ;} (Tomcat's path parameters). */
    private static final Pattern SEGMENT = Pattern.compile("(?:[A-Za-z0-9._~!$&'()*+,=:@-]|%[0-9A-Fa-f]{2})+");

    private final StrictHttpFirewall strict = new StrictHttpFirewall();
    private final StrictHttpFirewall studentId = new StrictHttpFirewall();

    StudentIdFirewall() {
        studentId.setAllowUrlEncodedSlash(true);
        studentId.setAllowUrlEncodedDoubleSlash(true);
        studentId.setAllowUrlEncodedPercent(true);
        studentId.setAllowUrlEncodedPeriod(true);
        studentId.setAllowSemicolon(true);
        studentId.setAllowBackSlash(true);
    }

    @Override
    public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        Matcher address = uri.startsWith(context) ? STUDENT_ADDRESS.matcher(uri.substring(context.length())) : null;
        if (address == null || !address.matches() || !SEGMENT.matcher(address.group(2)).matches()
                || address.group(2).equals(".") || address.group(2).equals("..")) {
            return strict.getFirewalledRequest(request);
        }
        String around = address.group(1) + "student-id" + (address.group(3) == null ? "" : address.group(3));
        strict.getFirewalledRequest(new WithPath(request, context + around, around)); // throws if refused
        return studentId.getFirewalledRequest(request);
    }

    @Override
    public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
        return strict.getFirewalledResponse(response);
    }

    /** The request as the strict firewall checks it: the same, at another address. */
    private static final class WithPath extends HttpServletRequestWrapper {

        private final String uri;
        private final String servletPath;

        WithPath(HttpServletRequest request, String uri, String servletPath) {
            super(request);
            this.uri = uri;
            this.servletPath = servletPath;
        }

        @Override
        public String getRequestURI() {
            return uri;
        }

        @Override
        public String getServletPath() {
            return servletPath;
        }

        @Override
        public String getPathInfo() {
            return null;
        }
    }
}
