package org.rostersync.staff;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rostersync.support.ApiClient;
import org.rostersync.support.DatabaseTestSupport;
import org.rostersync.sync.ImportRun;
import org.rostersync.sync.RunStatus;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/schools/{schoolId}/staff} and a staff run's changes over real HTTP on H2 and PostgreSQL: the
 * district's admins and the school's admins see the school's roster staff; teachers, another school's admins and
 * another district's admins get 403.
 */
abstract class RosterStaffApiTests extends DatabaseTestSupport {

    /** Lincoln's staff and a Washington teacher, from the district's staff file. */
    private static final String STAFF = """
            School ID,Staff ID,First Name,Last Name,Email,Role
            101,T1,Edna,Krabappel,edna@springfield.example,teacher
            101,T2,Elizabeth,Hoover,hoover@springfield.example,teacher
            101,A1,Seymour,Skinner,skinner@springfield.example,administrator
            102,W1,Dewey,Largo,largo@springfield.example,teacher
            """;

    @LocalServerPort
    int port;

    ApiClient admin;
    ApiClient lincolnAdmin;
    ApiClient teacher;
    ApiClient otherDistrict;

    @BeforeEach
    void signInAndCleanStaff() {
        for (String table : new String[] { "staff_account", "staged_staff", "staff_snapshot" }) {
            jdbc.update("DELETE FROM " + table);
        }
        admin = ApiClient.as(port, "admin", "admin-secret");
        lincolnAdmin = ApiClient.as(port, "lincoln-admin", "school-secret");
        teacher = ApiClient.as(port, "lincoln-teacher", "teacher-secret");
        otherDistrict = ApiClient.as(port, "shelbyville-admin", "shelby-secret");
    }

    @Test
    void aSchoolAdminCannotUploadTheDistrictsStaffFileToMakeAnyoneStaffOfAnotherSchool() {
        // given: a school admin of Lincoln with a district staff file that makes them an admin of Washington
        String grab = "School ID,Staff ID,First Name,Last Name,Email,Role\n"
                + "102,X1,Seymour,Skinner,skinner@springfield.example,administrator\n";

        // when
        ApiClient.Response bySchoolAdmin = lincolnAdmin.upload("/api/feeds/springfield-staff/uploads", "staff.csv",
                grab.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ApiClient.Response byTeacher = teacher.upload("/api/feeds/springfield-staff/uploads", "staff.csv",
                grab.getBytes(java.nio.charset.StandardCharsets.UTF_8));

        // then: a district-level feed is a district admin's alone: refused before any run, no staff record exists
        assertThat(bySchoolAdmin.status()).isEqualTo(403);
        assertThat(byTeacher.status()).isEqualTo(403);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM staff_account", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM import_run WHERE feed_id = 'springfield-staff'"
                + " AND requested_by IN ('lincoln-admin', 'lincoln-teacher')", Integer.class)).isZero();
    }

    @Test
    void theDistrictsAdminsAndTheSchoolsAdminsSeeItsStaffAndTeachersAndOtherSchoolsAdminsGet403() {
        // given: Hoover has left Lincoln (a school-level staff run deactivated her record there)
        ImportRun first = importFile("springfield-staff", STAFF);
        assertThat(first.status()).isEqualTo(RunStatus.COMPLETED);
        jdbc.update("UPDATE staff_account SET status = 'DEACTIVATED' WHERE staff_id = 'T2'");

        // when
        ApiClient.Response all = admin.get("/api/schools/lincoln/staff");
        ApiClient.Response active = lincolnAdmin.get("/api/schools/lincoln/staff?status=ACTIVE");
        ApiClient.Response page = admin.get("/api/schools/lincoln/staff?page=1&size=2");

        // then: by last name, with exactly the contract's fields
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.headers().getFirst("X-Total-Count")).isEqualTo("3");
        JsonNode staff = all.json();
        assertThat(staff).hasSize(3);
        assertThat(staff.get(0).propertyNames()).containsExactlyInAnyOrder("staffId", "schoolId", "email",
                "firstName", "lastName", "role", "status");
        assertThat(staff.get(0).get("staffId").asString()).isEqualTo("T2");
        assertThat(staff.get(0).get("status").asString()).isEqualTo("DEACTIVATED");
        assertThat(staff.get(1).get("lastName").asString()).isEqualTo("Krabappel");
        assertThat(staff.get(1).get("role").asString()).isEqualTo("TEACHER");
        assertThat(staff.get(1).get("schoolId").asString()).isEqualTo("lincoln");
        assertThat(staff.get(1).get("email").asString()).isEqualTo("edna@springfield.example");
        assertThat(staff.get(2).get("role").asString()).isEqualTo("SCHOOL_ADMIN");
        assertThat(active.status()).isEqualTo(200);
        assertThat(active.json()).extracting(node -> node.get("staffId").asString()).containsExactly("T1", "A1");
        assertThat(page.json()).extracting(node -> node.get("staffId").asString()).containsExactly("A1");
        assertThat(page.headers().getFirst("X-Total-Count")).isEqualTo("3");

        // and: teachers, another school's admin and another district's admin are refused
        assertThat(teacher.get("/api/schools/lincoln/staff").status()).isEqualTo(403);
        assertThat(lincolnAdmin.get("/api/schools/washington/staff").status()).isEqualTo(403);
        assertThat(otherDistrict.get("/api/schools/lincoln/staff").status()).isEqualTo(403);
        assertThat(ApiClient.anonymous(port).get("/api/schools/lincoln/staff").status()).isEqualTo(401);
        ApiClient.Response badStatus = admin.get("/api/schools/lincoln/staff?status=GONE");
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.json().get("message").asString()).contains("ACTIVE or DEACTIVATED");
        assertThat(admin.get("/api/schools/nowhere/staff").status()).isEqualTo(404);
    }

    @Test
    void aStaffRunsChangesCarryStaffIdAndAStudentRunsStillCarryStudentId() {
        // given
        ImportRun staffRun = importFile("springfield-staff", STAFF);
        ImportRun studentRun = importFile("lincoln-upload", "Student ID,First Name,Last Name,Grade\n5001,Ann,Lee,3\n");

        // when
        JsonNode staffChanges = admin.get("/api/runs/" + staffRun.runId() + "/changes").json();
        JsonNode studentChanges = admin.get("/api/runs/" + studentRun.runId() + "/changes").json();

        // then
        assertThat(staffChanges).hasSize(4);
        assertThat(staffChanges.get(0).propertyNames()).contains("staffId", "schoolId", "action")
                .doesNotContain("studentId");
        assertThat(staffChanges).extracting(node -> node.get("staffId").asString())
                .containsExactlyInAnyOrder("T1", "T2", "A1", "W1");
        assertThat(staffChanges.get(0).get("action").asString()).isEqualTo("CREATE");
        assertThat(studentChanges.get(0).propertyNames()).contains("studentId").doesNotContain("staffId");
        assertThat(studentChanges.get(0).get("studentId").asString()).isEqualTo("5001");
    }

    @Test
    void theFeedsListSaysWhatEachFeedsRosterGives() {
        // when
        java.util.Map<String, String> records = new java.util.HashMap<>();
        admin.get("/api/feeds").json().forEach(feed -> records.put(feed.get("id").asString(),
                feed.get("records").toString()));

        // then
        assertThat(records).containsEntry("springfield-staff", "[\"STAFF\"]")
                .containsEntry("lincoln-upload", "[\"STUDENTS\"]")
                .containsEntry("oneroster-both", "[\"STUDENTS\",\"STAFF\"]");
    }
}
