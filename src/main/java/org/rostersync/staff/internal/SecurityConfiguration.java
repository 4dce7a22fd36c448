package org.rostersync.staff.internal;

import org.rostersync.staff.SignInLimits;
import org.rostersync.staff.StaffRole;

import java.util.Set;

import io.micrometer.observation.ObservationRegistry;

import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.rostersync.school.SchoolDirectory;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.firewall.CompositeRequestRejectedHandler;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.ObservationMarkingRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Three filter chains over one staff list: the API ({@code /api/**}) signs staff in with stateless HTTP Basic
 * (student login is open; a browser's write on behalf of another site is refused); the actuator answers health to
 * anyone (details for an operator, and a district admin's own feeds) and everything else to operators by HTTP Basic;
 * the pages sign staff in with a form and a session, with CSRF tokens on every form and a Content-Security-Policy
 * that allows no inline script, and through the district's OpenID Connect provider where one is configured
 * ({@link ProviderSignInChain}). The student sign-in page ({@code /login}) is open.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** The pages load scripts, styles and images from this server only, and may be framed by nobody. */
    static final String PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

    /** JSON, CSV and PDF answers load nothing. */
    static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    @Bean
    StaffDirectory staffDirectory(StaffSettings settings, SchoolDirectory directory, PasswordEncoder encoder) {
        return new StaffDirectory(settings, directory, encoder);
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiSecurity(HttpSecurity http, SignInLimits signIns) throws Exception {
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/api/student-login").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint((request, response, e) -> write(response,
                        HttpStatus.UNAUTHORIZED, "unauthorized", "sign in with a staff username and password")))
                .exceptionHandling(ex -> ex.accessDeniedHandler((request, response, e) -> write(response,
                        HttpStatus.FORBIDDEN, "forbidden", "your account may not do this")))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // no CSRF tokens for API clients; a browser's write on behalf of another site is refused instead
                .csrf(csrf -> csrf.disable())
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(API_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)))
                .addFilterBefore(new CrossSiteWrites(), BasicAuthenticationFilter.class)
                .addFilterBefore(StaffSignInThrottle.basic(signIns), BasicAuthenticationFilter.class);
        return http.build();
    }

    /**
     * A browser that has signed in to the API with HTTP Basic sends those credentials with any request to it, also
     * one that a page of another site makes it send (a form posting to a password reset). Browsers say so in
     * {@code Sec-Fetch-Site}; such a write is refused before any sign-in. {@code same-site} is another origin too (a
     * school's web site on the district's domain), so only {@code same-origin} and {@code none} (typed by the user)
     * pass. Older browsers send no {@code Sec-Fetch-Site} but do send {@code Origin} with a write: one that is not
     * this server's own (as the client reached it, through a proxy's forwarded headers) is refused too. Scripts and
     * tools send neither header.
     */
    static final class CrossSiteWrites extends OncePerRequestFilter {

        private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
        private static final Set<String> OWN = Set.of("same-origin", "none");

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, java.io.IOException {
            String site = request.getHeader("Sec-Fetch-Site");
            String origin = request.getHeader("Origin");
            if (!SAFE.contains(request.getMethod()) && (site != null
                    && !OWN.contains(site.toLowerCase(java.util.Locale.ROOT))
                    || origin != null && !origin.equalsIgnoreCase(ownOrigin(request)))) {
                write(response, HttpStatus.FORBIDDEN, "cross_site", "a page of another site may not change data"
                        + " here; use roster-sync's own pages, or call the API from a script");
                return;
            }
            chain.doFilter(request, response);
        }

        /** scheme://host[:port] of this request, the port left out where it is the scheme's default (as browsers do). */
        static String ownOrigin(HttpServletRequest request) {
            String scheme = request.getScheme().toLowerCase(java.util.Locale.ROOT);
            int port = request.getServerPort();
            boolean standard = port <= 0 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
            return scheme + "://" + request.getServerName() + (standard ? "" : ":" + port);
        }
    }

    /** Strict, except for the Student ID segment of the API addresses that take one (see {@link StudentIdFirewall}). */
    @Bean
    HttpFirewall httpFirewall() {
        return new StudentIdFirewall();
    }

    /**
     * Tomcat leaves an encoded slash ({@code %2F}) or backslash ({@code %5C}) in the address as it is, for Spring to
     * decode once within its segment: by default it refuses the first and turns the second into a separator. The
     * firewall still refuses both outside a Student ID segment of the API.
     */
    @Bean
    TomcatConnectorCustomizer studentIdEscapes() {
        return connector -> {
            connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
            connector.setEncodedReverseSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
        };
    }

    /**
     * The firewall refuses an address that could mean two things once decoded ({@code %25}, {@code %3B}, {@code //},
     * a {@code ..} segment) outside a Student ID segment; on the API that is an answer in the API's form that says
     * what to do, elsewhere the plain 400 it always was. The address is not logged: it may hold a Student ID.
     */
    @Bean
    RequestRejectedHandler requestRejectedHandler(ObjectProvider<ObservationRegistry> observations) {
        RequestRejectedHandler plain = new HttpStatusRequestRejectedHandler();
        RequestRejectedHandler answer = (request, response, e) -> {
            String path = request.getRequestURI().substring(request.getContextPath().length()).replaceAll("/+", "/");
            if (!path.startsWith("/api/")) {
                plain.handle(request, response, e);
                return;
            }
            write(response, HttpStatus.BAD_REQUEST, "bad_request", "the server refuses this address: it holds an"
                    + " encoded percent sign, semicolon, slash or backslash, a double slash, or a . or .. segment"
                    + " outside a Student ID. Put a Student ID in /api/schools/{schoolId}/students/{studentId} as one"
                    + " percent-encoded segment (%2F for a slash, %25 for a percent sign, %3B for a semicolon, %5C for"
                    + " a backslash, %2E for each dot of . or ..); or find the student in"
                    + " GET /api/schools/{schoolId}/students, and reset passwords with POST"
                    + " /api/schools/{schoolId}/password-resets, which takes the Student IDs in its body");
        };
        // as Spring Security does without a handler of ours: refusals still mark the request's observation
        ObservationRegistry registry = observations.getIfUnique();
        return registry == null || registry.isNoop() ? answer
                : new CompositeRequestRejectedHandler(new ObservationMarkingRequestRejectedHandler(registry), answer);
    }

    @Bean
    @Order(2)
    SecurityFilterChain actuatorSecurity(HttpSecurity http, SignInLimits signIns) throws Exception {
        http.securityMatcher(EndpointRequest.toAnyEndpoint())
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(EndpointRequest.to("health")).permitAll()
                        // metrics, Prometheus and info span every district: for the deployment's operators only
                        .anyRequest().hasRole(StaffRole.OPERATOR.name()))
                .httpBasic(basic -> basic.realmName("roster-sync"))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(API_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .addFilterBefore(StaffSignInThrottle.basic(signIns), BasicAuthenticationFilter.class);
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain pageSecurity(HttpSecurity http, SignInLimits signIns, ProviderSignInChain providers)
            throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/login", "/login.html", "/staff/login", "/staff/refused", "/css/**", "/js/**",
                                "/favicon.ico", "/error").permitAll()
                        .anyRequest().authenticated())
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(PAGE_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)))
                .formLogin(form -> form.loginPage("/staff/login").defaultSuccessUrl("/", false).permitAll())
                // a form sent after its session ended has no valid CSRF token: nothing was done, say so at sign-in
                .exceptionHandling(ex -> ex.accessDeniedHandler((request, response, e) -> {
                    if (e instanceof CsrfException) {
                        response.sendRedirect(request.getContextPath() + "/staff/login?expired");
                    } else {
                        response.sendError(HttpStatus.FORBIDDEN.value());
                    }
                }))
                .logout(logout -> logout.logoutUrl("/staff/logout").logoutSuccessUrl("/staff/login?signedOut"))
                .addFilterBefore(StaffSignInThrottle.form(signIns, "/staff/login"),
                        UsernamePasswordAuthenticationFilter.class);
        providers.configure(http);
        return http.build();
    }

    private static void write(HttpServletResponse response, HttpStatus status, String code, String message)
            throws java.io.IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"roster-sync\"");
        }
        response.getWriter().write("{\"error\":\"" + code + "\",\"message\":\"" + message + "\"}");
    }
}
