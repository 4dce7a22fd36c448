package org.rostersync.staff.internal;

import java.util.Map;

import org.rostersync.staff.StaffMember;
import org.rostersync.staff.StaffRole;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * A roster staff member signed in through the district's OpenID Connect provider: a {@link StaffMember} to the pages
 * and the access policy (roles and schools from their ACTIVE {@code staff_account} rows), an {@link OidcUser} to
 * Spring Security. Has no password; its username is the email, in lower case.
 */
class ProviderStaffMember extends StaffMember implements OidcUser {

    private final String registrationId;
    private final OidcIdToken idToken;
    private final OidcUserInfo userInfo;

    ProviderStaffMember(String email, String districtId, Map<String, StaffRole> schoolRoles, String registrationId,
            OidcIdToken idToken, OidcUserInfo userInfo) {
        super(email, "", districtId, schoolRoles);
        this.registrationId = registrationId;
        this.idToken = idToken;
        this.userInfo = userInfo;
    }

    /** The same person with the roles and schools the roster gives them now. */
    ProviderStaffMember withRoster(RosterStaff.Active roster) {
        return new ProviderStaffMember(getUsername(), roster.districtId(), roster.schoolRoles(), registrationId,
                idToken, userInfo);
    }

    boolean sameAs(RosterStaff.Active roster) {
        return roster.districtId().equals(districtId()) && roster.schoolRoles().equals(schoolRoles());
    }

    String registrationId() {
        return registrationId;
    }

    @Override
    public Map<String, Object> getClaims() {
        return idToken.getClaims();
    }

    @Override
    public OidcUserInfo getUserInfo() {
        return userInfo;
    }

    @Override
    public OidcIdToken getIdToken() {
        return idToken;
    }

    @Override
    public Map<String, Object> getAttributes() {
        return idToken.getClaims();
    }

    @Override
    public String getName() {
        return getUsername();
    }
}
