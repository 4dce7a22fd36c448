package org.rostersync.staff.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.rostersync.staff.SignInSettings;
import org.rostersync.staff.StaffEvents;
import org.rostersync.staff.internal.StaffSignInRefused.Reason;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.stereotype.Component;

/**
 * Sign-in through the district's OpenID Connect provider, on the pages' filter chain, when Spring Boot has client
 * registrations ({@code spring.security.oauth2.client.registration.<id>.*}); without any, the pages sign in with the
 * form alone, as before. Spring Security runs the whole protocol (authorization-code flow, state, nonce, the ID
 * token's signature, issuer, audience and times); roster-sync only decides who the vouched-for email is.
 */
@Component
class ProviderSignInChain {

    /** A provider the sign-in page offers: "Sign in with {@code name}", at {@code /oauth2/authorization/{id}}. */
    record Provider(String id, String name) {
    }

    private final ClientRegistrationRepository registrations;
    private final RosterStaff roster;
    private final StaffEvents events;
    private final SignInSettings settings;
    private final Clock clock;

    ProviderSignInChain(ObjectProvider<ClientRegistrationRepository> registrations, RosterStaff roster,
            StaffEvents events, SignInSettings settings, Clock clock) {
        this.registrations = registrations.getIfAvailable();
        this.roster = roster;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
    }

    /** The configured providers, for the sign-in page; none without registrations. */
    List<Provider> providers() {
        List<Provider> providers = new ArrayList<>();
        if (registrations instanceof Iterable<?> all) {
            for (Object each : all) {
                ClientRegistration registration = (ClientRegistration) each;
                providers.add(new Provider(registration.getRegistrationId(), registration.getClientName()));
            }
        }
        return providers;
    }

    void configure(HttpSecurity http) throws Exception {
        if (registrations == null) {
            return;
        }
        http.oauth2Login(login -> login
                        // never straight to the one provider: the form stays for the YAML staff
                        .loginPage("/staff/login")
                        .defaultSuccessUrl("/", false)
                        .userInfoEndpoint(info -> info.oidcUserService(new ProviderSignIn(roster, settings))
                                // a plain OAuth 2.0 registration vouches for no email: nobody signs in through it
                                .userService(request -> {
                                    throw new StaffSignInRefused(Reason.PROVIDER_ERROR, null, null);
                                }))
                        .failureHandler(new ProviderSignInRefusals(events)))
                .addFilterBefore(new StaffRecheck(roster, events, clock, settings.staffRecheck()),
                        AuthorizationFilter.class);
    }
}
