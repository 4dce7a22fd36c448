package org.rostersync.staff.internal;

import org.rostersync.staff.SignInSettings;
import org.rostersync.staff.internal.StaffSignInRefused.Reason;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Who a sign-in through the district's OpenID Connect provider is: Spring Security has run the authorization-code
 * flow and checked the ID token; this matches the email it vouches for (the {@code rostersync.sign-in.email-claim}
 * claim) against the roster's ACTIVE staff, ignoring case, and gives them the roles and schools of their rows. An
 * email the provider says is not verified, one no roster lists and one whose rows are all DEACTIVATED are refused
 * ({@link StaffSignInRefused}), and no session is made.
 * <p>
 * With the {@code email} claim the token must also say {@code email_verified: true}: some providers let users set
 * that claim themselves. {@code preferred_username} and {@code upn} are set by the directory, so for them only an
 * explicit {@code email_verified: false} refuses.
 */
class ProviderSignIn implements OAuth2UserService<OidcUserRequest, OidcUser> {

    private final OidcUserService provider = new OidcUserService();
    private final RosterStaff roster;
    private final String emailClaim;

    ProviderSignIn(RosterStaff roster, SignInSettings settings) {
        this.roster = roster;
        this.emailClaim = settings.emailClaim();
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        OidcUser user = provider.loadUser(request);
        String registrationId = request.getClientRegistration().getRegistrationId();
        Object claim = user.getClaims().get(emailClaim);
        String email = claim instanceof String text ? text.strip() : null;
        if (email == null || email.isEmpty() || email.indexOf('@') < 1) {
            throw new StaffSignInRefused(Reason.NO_EMAIL, null, null);
        }
        Boolean verified = user.getEmailVerified();
        if (emailClaim.equals("email") ? !Boolean.TRUE.equals(verified) : Boolean.FALSE.equals(verified)) {
            throw new StaffSignInRefused(Reason.EMAIL_UNVERIFIED, email, null);
        }
        RosterStaff.Found found = roster.byEmail(email);
        if (found instanceof RosterStaff.Active active) {
            return new ProviderStaffMember(active.email(), active.districtId(), active.schoolRoles(), registrationId,
                    user.getIdToken(), user.getUserInfo());
        }
        if (found instanceof RosterStaff.Deactivated gone) {
            throw new StaffSignInRefused(Reason.DEACTIVATED, email, gone.districtId());
        }
        throw new StaffSignInRefused(Reason.UNKNOWN_EMAIL, email, null);
    }
}
