package org.rostersync.staff.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rostersync.school.District;
import org.rostersync.school.InvalidSettingsException;
import org.rostersync.school.School;
import org.rostersync.school.SchoolDirectory;
import org.rostersync.staff.StaffMember;
import org.rostersync.staff.StaffRole;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The {@code rostersync.staff} settings are validated at start-up; plain JUnit, no Spring context. */
@ExtendWith(OutputCaptureExtension.class)
class StaffDirectoryTests {

    /** {@code secret}, a bcrypt hash as {@code htpasswd -bnBC 10 "" secret} writes one. */
    private static final String SECRET = "{bcrypt}$2y$10$15qnKGLSvy5NObEymT2a0O62uh35TCm7iQ/A3epwqjU.j8qXBVz62";

    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    private final SchoolDirectory schools = new SchoolDirectory(List.of(new District("springfield", "Springfield",
            List.of(new School("lincoln", "Lincoln", "springfield", "101", ZoneId.of("America/Chicago"))))),
            List.of());

    private StaffDirectory directory(StaffSettings.StaffEntry... entries) {
        return new StaffDirectory(new StaffSettings(List.of(entries)), schools, encoder);
    }

    @Test
    void anEncodedPasswordSignsIn() {
        StaffDirectory directory = directory(
                new StaffSettings.StaffEntry("admin", SECRET, "DISTRICT_ADMIN", "springfield", null),
                new StaffSettings.StaffEntry("teacher", "{noop}teacher", "TEACHER", "springfield", List.of("lincoln")));

        assertThat(encoder.matches("secret", directory.loadUserByUsername("admin").getPassword())).isTrue();
        assertThat(encoder.matches("teacher", directory.loadUserByUsername("teacher").getPassword())).isTrue();
    }

    @Test
    void aPasswordThatIsNoHashIsNamedAtStartUpAndNeverQuoted() {
        // given: the plain password behind a {bcrypt} prefix could never sign in (401, and a WARN "Encoded password
        // does not look like BCrypt" at each try), and an id Spring Security has no encoder for answered every
        // sign-in with a 500
        StaffSettings.StaffEntry plainBehindPrefix = new StaffSettings.StaffEntry("bob", "{bcrypt}hunter2",
                "DISTRICT_ADMIN", "springfield", null);
        StaffSettings.StaffEntry unknownId = new StaffSettings.StaffEntry("carol",
                "{BCRYPT}$2y$10$15qnKGLSvy5NObEymT2a0O62uh35TCm7iQ/A3epwqjU.j8qXBVz62", "DISTRICT_ADMIN",
                "springfield", null);
        StaffSettings.StaffEntry plain = new StaffSettings.StaffEntry("dave", "hunter2", "DISTRICT_ADMIN",
                "springfield", null);
        StaffSettings.StaffEntry notPbkdf2 = new StaffSettings.StaffEntry("erin", "{pbkdf2}hunter2",
                "DISTRICT_ADMIN", "springfield", null);

        // then
        assertThatThrownBy(() -> directory(plainBehindPrefix, unknownId, plain, notPbkdf2))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("rostersync.staff[0].password: the text after {bcrypt} is not a bcrypt hash")
                .hasMessageContaining("htpasswd -bnBC 10")
                .hasMessageContaining("rostersync.staff[1].password: its prefix in braces names no password encoding (the"
                        + " ids are lower-case: {bcrypt}")
                .hasMessageNotContaining("{BCRYPT}")
                .hasMessageContaining("rostersync.staff[2].password: give an encoded password")
                .hasMessageContaining("rostersync.staff[3].password: the text after its prefix in braces is not a"
                        + " hash of that encoding")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void staffWithoutADistrictOrSchoolAreToldWhichOnesExist() {
        // given
        StaffSettings.StaffEntry noDistrict = new StaffSettings.StaffEntry("admin", SECRET, "DISTRICT_ADMIN", null,
                null);
        StaffSettings.StaffEntry misspelt = new StaffSettings.StaffEntry("principal", SECRET, "SCHOOL_ADMIN",
                "springfeld", List.of("lincoln"));
        StaffSettings.StaffEntry noSchool = new StaffSettings.StaffEntry("teacher", SECRET, "TEACHER", "springfield",
                List.of());
        StaffSettings.StaffEntry unknownSchool = new StaffSettings.StaffEntry("aide", SECRET, "TEACHER",
                "springfield", List.of("lincon"));

        // then
        assertThatThrownBy(() -> directory(noDistrict, misspelt, noSchool, unknownSchool))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("rostersync.staff[0].district: missing; give the id of the district this staff"
                        + " member works for; known districts: [springfield]")
                .hasMessageContaining("rostersync.staff[1].district: unknown district 'springfeld'; known districts:"
                        + " [springfield]")
                .hasMessageContaining("rostersync.staff[2].schools: a TEACHER needs at least one school of district"
                        + " 'springfield': [lincoln]")
                .hasMessageContaining("rostersync.staff[3].schools: unknown school 'lincon'; schools of district"
                        + " 'springfield': [lincoln]");
    }

    @Test
    void noStaffAtAllStartsButSaysNobodyCanSignIn(CapturedOutput output) {
        directory();

        assertThat(output).contains("No staff are configured (rostersync.staff): nobody can sign in");
    }

    @Test
    void anOperatorWorksForTheWholeDeploymentAndSoNamesNoDistrictOrSchool() {
        // when
        StaffDirectory directory = directory(new StaffSettings.StaffEntry("ops", "{noop}ops", "OPERATOR", null, null));

        // then
        StaffMember ops = (StaffMember) directory.loadUserByUsername("ops");
        assertThat(ops.role()).isEqualTo(StaffRole.OPERATOR);
        assertThat(ops.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_OPERATOR");
        assertThat(ops.districtId()).isNull();
        assertThat(ops.schoolIds()).isEmpty();
        assertThat(ops.role().isAdmin()).isFalse();
    }

    @Test
    void anOperatorGivenADistrictOrSchoolsIsNamedAtStartUp() {
        // given
        StaffSettings.StaffEntry withDistrict = new StaffSettings.StaffEntry("ops", "{noop}ops", "operator",
                "springfield", List.of("lincoln"));

        // then
        assertThatThrownBy(() -> directory(withDistrict)).isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("rostersync.staff[0].district: an OPERATOR works for the whole deployment")
                .hasMessageContaining("rostersync.staff[0].schools: an OPERATOR works for the whole deployment");
    }
}
