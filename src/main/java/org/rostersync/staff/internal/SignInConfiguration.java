package org.rostersync.staff.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * How staff sign in (form and HTTP Basic alike): Spring Security's own check of the staff list's passwords, with the
 * database lockout checked after the password, so a locked username answers as slowly and as plainly as a wrong
 * password. The rate limits come before it, in {@link StaffSignInThrottle}.
 */
@Configuration(proxyBeanMethods = false)
class SignInConfiguration {

    @Bean
    DaoAuthenticationProvider staffAuthentication(StaffDirectory staff, PasswordEncoder encoder,
            StaffLockout lockout) {
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(staff);
        provider.setPasswordEncoder(encoder);
        // replaces the check for expired credentials, which a staff member from the YAML list never has
        provider.setPostAuthenticationChecks(lockout);
        return provider;
    }
}
