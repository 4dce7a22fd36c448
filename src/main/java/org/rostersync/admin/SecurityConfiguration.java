package org.rostersync.admin;

import org.rostersync.school.SchoolDirectory;
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

import jakarta.servlet.http.HttpServletResponse;

/**
 * Three filter chains over one staff list: the API ({@code /api/**}) signs staff in with stateless HTTP Basic
 * (student login is open); the actuator answers health to anyone (details only for a district admin) and everything
 * else to district admins by HTTP Basic; the pages sign staff in with a form and a session, with CSRF tokens on every
 * form. The student sign-in page ({@code /login}) is open.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    StaffDirectory staffDirectory(StaffSettings settings, SchoolDirectory directory) {
        return new StaffDirectory(settings, directory);
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiSecurity(HttpSecurity http) throws Exception {
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/api/student-login").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint((request, response, e) -> write(response,
                        HttpStatus.UNAUTHORIZED, "unauthorized", "sign in with a staff username and password")))
                .exceptionHandling(ex -> ex.accessDeniedHandler((request, response, e) -> write(response,
                        HttpStatus.FORBIDDEN, "forbidden", "your account may not do this")))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain actuatorSecurity(HttpSecurity http) throws Exception {
        http.securityMatcher(EndpointRequest.toAnyEndpoint())
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(EndpointRequest.to("health")).permitAll()
                        .anyRequest().hasRole(StaffRole.DISTRICT_ADMIN.name()))
                .httpBasic(basic -> basic.realmName("roster-sync"))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain pageSecurity(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/login", "/login.html", "/staff/login", "/css/**", "/js/**", "/favicon.ico",
                                "/error").permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/staff/login").defaultSuccessUrl("/", false).permitAll())
                .logout(logout -> logout.logoutUrl("/staff/logout").logoutSuccessUrl("/staff/login?signedOut"));
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
