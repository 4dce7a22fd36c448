package org.rostersync.staff.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rostersync.staff.SignInSettings;
import org.rostersync.staff.StaffRole;
import org.rostersync.support.DatabaseTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Which claim of a checked ID token names the staff member ({@code rostersync.sign-in.email-claim}) and when
 * {@code email_verified} refuses, over the roster's real rows: the tokens are made here, as Spring Security hands
 * them over once it has checked them (the flow itself is {@code ProviderSignInTests}').
 */
abstract class ProviderClaimsTests extends DatabaseTestSupport {

    @Autowired
    RosterStaff roster;

    @Test
    void entraIdStaffAreFoundByTheDirectorysSignInNameWithoutAnEmailVerifiedClaim() {
        // given: Entra ID's preferred_username, no email_verified, and an email claim of someone else
        staff("lincoln", "TEACHER");
        staff("washington", "SCHOOL_ADMIN");
        ProviderSignIn signIn = new ProviderSignIn(roster, settings("preferred_username"));

        // when
        OidcUser user = signIn.loadUser(request(Map.of("preferred_username", "Kim.Lee@Springfield.example",
                "email", "someone.else@springfield.example")));

        // then: one staff member, a role per school
        assertThat(user).isInstanceOf(ProviderStaffMember.class);
        ProviderStaffMember member = (ProviderStaffMember) user;
        assertThat(member.getUsername()).isEqualTo("kim.lee@springfield.example");
        assertThat(member.schoolRoles()).containsExactlyInAnyOrderEntriesOf(Map.of("lincoln", StaffRole.TEACHER,
                "washington", StaffRole.SCHOOL_ADMIN));
        assertThat(member.role()).isEqualTo(StaffRole.SCHOOL_ADMIN);
        assertThat(member.getAuthorities()).extracting(Object::toString)
                .containsExactlyInAnyOrder("ROLE_SCHOOL_ADMIN", "ROLE_TEACHER");

        // and an explicit email_verified: false still refuses
        assertThatThrownBy(() -> signIn.loadUser(request(Map.of("preferred_username", "kim.lee@springfield.example",
                "email_verified", false))))
                .isInstanceOfSatisfying(StaffSignInRefused.class,
                        refused -> assertThat(refused.reason()).isEqualTo(StaffSignInRefused.Reason.EMAIL_UNVERIFIED));
    }

    @Test
    void theEmailClaimNeedsTheProviderToSayItIsVerified() {
        // given
        staff("lincoln", "TEACHER");
        ProviderSignIn signIn = new ProviderSignIn(roster, settings("email"));

        // when / then: without email_verified, refused; with it, in
        assertThatThrownBy(() -> signIn.loadUser(request(Map.of("email", "kim.lee@springfield.example"))))
                .isInstanceOfSatisfying(StaffSignInRefused.class,
                        refused -> assertThat(refused.reason()).isEqualTo(StaffSignInRefused.Reason.EMAIL_UNVERIFIED));
        assertThat(signIn.loadUser(request(Map.of("email", "kim.lee@springfield.example", "email_verified", true)))
                .getName()).isEqualTo("kim.lee@springfield.example");
        assertThatThrownBy(() -> signIn.loadUser(request(Map.of("email", "not-an-address", "email_verified", true))))
                .isInstanceOfSatisfying(StaffSignInRefused.class,
                        refused -> assertThat(refused.reason()).isEqualTo(StaffSignInRefused.Reason.NO_EMAIL));
    }

    private static SignInSettings settings(String emailClaim) {
        return new SignInSettings(10, 300, Duration.ofMinutes(1), 10_000, emailClaim, Duration.ofMinutes(1), null,
                Duration.ofDays(365));
    }

    /** What Spring Security hands the user service once it has checked the provider's ID token. */
    private static OidcUserRequest request(Map<String, Object> claims) {
        ClientRegistration registration = ClientRegistration.withRegistrationId("entra").clientId("roster-sync")
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}").scope("openid", "profile")
                .authorizationUri("https://login.example/authorize").tokenUri("https://login.example/token")
                .jwkSetUri("https://login.example/keys").build();
        Instant now = Instant.now();
        OidcIdToken idToken = OidcIdToken.withTokenValue("id-token").subject("subject-1").issuedAt(now)
                .expiresAt(now.plusSeconds(300)).claims(all -> all.putAll(claims)).build();
        return new OidcUserRequest(registration, new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "access",
                now, now.plusSeconds(300)), idToken);
    }

    private void staff(String schoolId, String role) {
        Timestamp now = Timestamp.from(Instant.parse("2026-08-01T00:00:00Z"));
        jdbc.update("""
                INSERT INTO staff_account (staff_id, school_id, district_id, email, email_key, first_name, last_name,
                                           role, status, created_at, updated_at)
                VALUES ('K-1', ?, 'springfield', 'Kim.Lee@springfield.example', 'kim.lee@springfield.example', 'Kim',
                        'Lee', ?, 'ACTIVE', ?, ?)""", schoolId, role, now, now);
    }
}
