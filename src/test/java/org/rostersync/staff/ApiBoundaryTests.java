package org.rostersync.staff;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rostersync.support.StaffBrowser;
import org.rostersync.support.ApiClient;
import org.rostersync.support.DatabaseTestSupport;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

/**
 * School boundaries over real HTTP on H2 and PostgreSQL: a school admin's upload never moves a student out of a
 * school they cannot see until a district admin approves, and an account that changes hands unused loses the password
 * printed for it.
 */
abstract class ApiBoundaryTests extends DatabaseTestSupport {

    private static final String HEADER = "Student ID,First Name,Last Name,Grade,Student Email\n";

    /** Lincoln's own file. */
    private static final String LINCOLN = HEADER + "1,Ann,Lee,3,ann@school.example\n2,Bo,Chen,3,\n";

    @LocalServerPort
    int port;

    ApiClient admin;
    ApiClient lincolnAdmin;
    ApiClient teacher;
    ApiClient anybody;

    @BeforeEach
    void signIn() {
        admin = ApiClient.as(port, "admin", "admin-secret");
        lincolnAdmin = ApiClient.as(port, "lincoln-admin", "school-secret");
        teacher = ApiClient.as(port, "lincoln-teacher", "teacher-secret");
        anybody = ApiClient.anonymous(port);
    }

    @Test
    void aSchoolAdminsUploadNamingAnotherSchoolsStudentIsHeldAndOnlyADistrictAdminMayApproveIt() {
        // given: Washington's student 200777 holds a printed password; Lincoln has its own students
        upload(admin, "washington-upload", HEADER + "200777,Wanda,Park,6,wanda@school.example\n", "");
        upload(admin, "lincoln-upload", LINCOLN, "");
        String password = resetPassword(admin, "washington", "200777");

        // when: Lincoln's admin uploads Lincoln's file plus a row with Wanda's Student ID and the admin's own email
        JsonNode run = upload(lincolnAdmin, "lincoln-upload",
                LINCOLN + "200777,Mallory,Admin,3,lincoln-admin@school.example\n", "");

        // then: the transfer is held, and Wanda's account is exactly as it was
        long runId = run.get("runId").asLong();
        assertThat(run.get("status").asString()).isEqualTo("HELD");
        assertThat(run.get("counts").get("held").asInt()).isEqualTo(1);
        assertThat(run.get("counts").get("transferred").asInt()).isZero();
        assertThat(run.get("message").asString()).contains("Held 1 transfer", "(washington)", "district admin")
                .doesNotContain("200777");
        JsonNode transfer = admin.get("/api/runs/" + runId + "/changes?action=TRANSFER").json().get(0);
        assertThat(transfer.get("studentId").asString()).isEqualTo("200777");
        assertThat(transfer.get("held").asBoolean()).isTrue();
        assertThat(account("200777")).containsEntry("school_id", "washington").containsEntry("first_name", "Wanda")
                .containsEntry("last_name", "Park").containsEntry("email", "wanda@school.example")
                .containsEntry("status", "PASSWORD_ISSUED");
        assertThat(signIn("wanda.park", password)).isEqualTo(200);

        // when: Lincoln's admin approves
        ApiClient.Response bySchoolAdmin = lincolnAdmin.postJson("/api/runs/" + runId + "/approve", "");

        // then: refused, and nothing changed
        assertThat(bySchoolAdmin.status()).isEqualTo(403);
        assertThat(bySchoolAdmin.json().get("message").asString()).contains("district admin");
        assertThat(account("200777")).containsEntry("school_id", "washington");

        // when: a district admin approves
        ApiClient.Response byDistrictAdmin = admin.postJson("/api/runs/" + runId + "/approve", "");

        // then: the account moves, and since Wanda had signed in it keeps her password
        assertThat(byDistrictAdmin.status()).isEqualTo(202);
        assertThat(byDistrictAdmin.json().get("transferred").asInt()).isEqualTo(1);
        JsonNode approved = admin.get("/api/runs/" + runId).json();
        assertThat(approved.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(approved.get("counts").get("transferred").asInt()).isEqualTo(1);
        assertThat(approved.get("counts").get("held").asInt()).isZero();
        assertThat(approved.get("message").asString()).startsWith("Approved by admin: 0 held deactivations and 1"
                + " held transfer applied.");
        assertThat(account("200777")).containsEntry("school_id", "lincoln").containsEntry("first_name", "Mallory")
                .containsEntry("status", "ACTIVE");
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM account_event
                 WHERE run_id = ? AND event = 'TRANSFERRED' AND actor = 'admin' AND detail LIKE '%approved after a hold'""",
                Integer.class, runId)).isEqualTo(1);
    }

    @Test
    void anApprovedTransferOfAnAccountNobodySignedInWithRevokesItsPrintedPassword() {
        // given: Wanda's printed password, never used, and a held transfer to Lincoln
        upload(admin, "washington-upload", HEADER + "200777,Wanda,Park,6,\n", "");
        String password = resetPassword(admin, "washington", "200777");
        long runId = upload(lincolnAdmin, "lincoln-upload", LINCOLN + "200777,Wanda,Park,3,\n", "").get("runId")
                .asLong();
        assertThat(account("200777")).containsEntry("status", "PASSWORD_ISSUED");

        // when
        assertThat(admin.postJson("/api/runs/" + runId + "/approve", "").status()).isEqualTo(202);

        // then: moved, back to PENDING_ACTIVATION, and the printed password no longer signs in
        assertThat(account("200777")).containsEntry("school_id", "lincoln")
                .containsEntry("status", "PENDING_ACTIVATION").containsEntry("password_hash", null);
        assertThat(signIn("wanda.park", password)).isEqualTo(401);
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM account_event WHERE run_id = ? AND event = 'PASSWORD_REVOKED' AND actor = 'admin'""",
                Integer.class, runId)).isEqualTo(1);

        // and the approved run can be reverted: Wanda goes back to Washington, her old password still revoked
        ApiClient.Response reverted = admin.postJson("/api/runs/" + runId + "/revert", "");
        assertThat(reverted.status()).isEqualTo(202);
        assertThat(admin.get("/api/runs/" + reverted.json().get("runId").asLong()).json().get("message")
                .asString()).contains("1 accounts restored");
        assertThat(account("200777")).containsEntry("school_id", "washington")
                .containsEntry("status", "PENDING_ACTIVATION");
        assertThat(signIn("wanda.park", password)).isEqualTo(401);
    }

    @Test
    void aForcedOrDryUploadOfASchoolAdminHoldsTheTransferToo() {
        // given
        upload(admin, "washington-upload", HEADER + "200777,Wanda,Park,6,\n", "");
        String file = LINCOLN + "200777,Mallory,Admin,3,\n";

        // when
        JsonNode dry = upload(lincolnAdmin, "lincoln-upload", file, "?dryRun=true");
        JsonNode forced = upload(lincolnAdmin, "lincoln-upload", file, "?force=true");

        // then: the dry run shows the transfer held; the forced run holds it; Wanda's account is untouched
        assertThat(dry.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(dry.get("message").asString()).contains("A real run would hold 1 transfer");
        JsonNode planned = admin.get("/api/runs/" + dry.get("runId").asLong() + "/changes?action=TRANSFER").json();
        assertThat(planned.get(0).get("held").asBoolean()).isTrue();
        assertThat(forced.get("status").asString()).isEqualTo("HELD");
        assertThat(forced.get("counts").get("held").asInt()).isEqualTo(1);
        assertThat(forced.get("message").asString()).contains("Forced", "Held 1 transfer");
        assertThat(account("200777")).containsEntry("school_id", "washington").containsEntry("first_name", "Wanda");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM staged_student WHERE run_id = ?", Integer.class,
                dry.get("runId").asLong())).as("a dry run keeps no staged rows").isZero();
    }

    @Test
    void aDistrictAdminsUploadMovesTheStudentAsBefore() {
        // given
        upload(admin, "washington-upload", HEADER + "200777,Wanda,Park,6,\n", "");

        // when
        JsonNode run = upload(admin, "lincoln-upload", LINCOLN + "200777,Wanda,Park,3,\n", "");

        // then
        assertThat(run.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(run.get("counts").get("transferred").asInt()).isEqualTo(1);
        assertThat(run.get("counts").get("held").asInt()).isZero();
        assertThat(account("200777")).containsEntry("school_id", "lincoln").containsEntry("grade", "3");
    }

    @Test
    void aHandMadeAccountATeacherGaveAPasswordLosesItWhenAnotherSchoolsRosterTakesItOver() {
        // given: a Lincoln teacher makes student 200777 by hand and prints a password for it
        assertThat(teacher.postJson("/api/schools/lincoln/students",
                "{\"studentId\": \"200777\", \"firstName\": \"Fake\", \"lastName\": \"Kid\", \"grade\": \"3\"}")
                .status()).isEqualTo(201);
        String password = resetPassword(teacher, "lincoln", "200777");
        assertThat(account("200777")).containsEntry("status", "PASSWORD_ISSUED");

        // when: Washington's roster lists the real student 200777
        JsonNode run = upload(admin, "washington-upload", HEADER + "200777,Wanda,Park,6,\n", "");

        // then: the account is Washington's, never used, so the teacher's printed password no longer signs in
        assertThat(run.get("counts").get("transferred").asInt()).isEqualTo(1);
        assertThat(account("200777")).containsEntry("school_id", "washington").containsEntry("first_name", "Wanda")
                .containsEntry("origin", "IMPORT").containsEntry("status", "PENDING_ACTIVATION")
                .containsEntry("password_hash", null);
        assertThat(signIn("fake.kid", password)).isEqualTo(401);
        assertThat(admin.get("/api/schools/washington/students/200777/events").json())
                .extracting(e -> e.get("event").asString()).contains("TRANSFERRED", "PASSWORD_REVOKED");
    }

    @Test
    void aHandMadeAccountAdoptedByItsOwnSchoolsRosterUnusedLosesItsPrintedPassword() {
        // given: a Lincoln teacher makes student 500 by hand and prints a password for it
        teacher.postJson("/api/schools/lincoln/students",
                "{\"studentId\": \"500\", \"firstName\": \"Eve\", \"lastName\": \"Stone\", \"grade\": \"3\"}");
        String password = resetPassword(teacher, "lincoln", "500");

        // when: Lincoln's roster lists 500
        JsonNode run = upload(admin, "lincoln-upload", LINCOLN + "500,Eve,Stone,3,\n", "");

        // then
        assertThat(run.get("counts").get("updated").asInt()).isEqualTo(1);
        assertThat(account("500")).containsEntry("origin", "IMPORT").containsEntry("status", "PENDING_ACTIVATION");
        assertThat(signIn("eve.stone", password)).isEqualTo(401);
    }

    @Test
    void anActiveStudentTransferredKeepsSigningIn() {
        // given: Washington's Wanda has signed in
        upload(admin, "washington-upload", HEADER + "200777,Wanda,Park,6,\n", "");
        String password = resetPassword(admin, "washington", "200777");
        assertThat(signIn("wanda.park", password)).isEqualTo(200);

        // when: she moves to Lincoln by the district admin's upload
        JsonNode run = upload(admin, "lincoln-upload", LINCOLN + "200777,Wanda,Park,3,\n", "");

        // then
        assertThat(run.get("counts").get("transferred").asInt()).isEqualTo(1);
        assertThat(account("200777")).containsEntry("school_id", "lincoln").containsEntry("status", "ACTIVE");
        assertThat(signIn("wanda.park", password)).isEqualTo(200);
    }

    @Test
    void theRunPageOffersTheApprovalOfAHeldTransferOnlyToADistrictAdmin() throws Exception {
        // given: a held transfer
        upload(admin, "washington-upload", HEADER + "200777,Wanda,Park,6,\n", "");
        long runId = upload(lincolnAdmin, "lincoln-upload", LINCOLN + "200777,Wanda,Park,3,\n", "").get("runId")
                .asLong();

        // when
        String bySchoolAdmin = runPage("lincoln-admin", "school-secret", runId);
        String byDistrictAdmin = runPage("admin", "admin-secret", runId);

        // then
        assertThat(bySchoolAdmin).contains("HELD").doesNotContain("id=\"approve\"");
        assertThat(byDistrictAdmin).contains("id=\"approve\"").contains("held changes");
    }

    /** The run's page as a staff member signed in through the sign-in form, as a browser would. */
    private String runPage(String username, String password, long runId) {
        StaffBrowser browser = new StaffBrowser(port);
        browser.signInWithForm(username, password);
        StaffBrowser.Page page = browser.get("/runs/" + runId);
        assertThat(page.status()).isEqualTo(200);
        return page.text();
    }

    /** Uploads the file as the given staff member (query: "", "?dryRun=true", …) and returns the ended run. */
    private JsonNode upload(ApiClient staff, String feedId, String csv, String query) {
        ApiClient.Response upload = staff.upload("/api/feeds/" + feedId + "/uploads" + query, "roster.csv",
                csv.getBytes(StandardCharsets.UTF_8));
        assertThat(upload.status()).as(upload.text()).isEqualTo(202);
        long runId = upload.json().get("runId").asLong();
        awaitRun(runId);
        return admin.get("/api/runs/" + runId).json();
    }

    private String resetPassword(ApiClient staff, String schoolId, String studentId) {
        ApiClient.Response issued = staff.postJson("/api/schools/" + schoolId + "/password-resets",
                "{\"studentIds\": [\"" + studentId + "\"], \"layout\": \"PAPER_SAVER\"}");
        assertThat(issued.status()).as(issued.text()).isEqualTo(200);
        return issued.json().get(0).get("password").asString();
    }

    private int signIn(String username, String password) {
        return anybody.postJson("/api/student-login",
                "{\"username\": \"" + username + "\", \"password\": \"" + password + "\"}").status();
    }
}
