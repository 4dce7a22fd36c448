package org.rostersync.credentials.web;

import org.rostersync.credentials.CredentialSettings;
import org.rostersync.credentials.StudentLogins;
import org.rostersync.staff.SignInLockout;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Staff sign-ins lock out by the students' {@code rostersync.login.*} settings: one rule for every login. */
@Configuration(proxyBeanMethods = false)
class StaffLockoutSettings {

    @Bean
    SignInLockout staffSignInLockout(CredentialSettings settings) {
        return StudentLogins.lockoutOf(settings.login());
    }
}
