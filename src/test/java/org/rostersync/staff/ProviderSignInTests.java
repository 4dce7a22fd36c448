package org.rostersync.staff;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rostersync.support.ApiClient;
import org.rostersync.support.DatabaseTestSupport;
import org.rostersync.support.PdfText;
import org.rostersync.support.StaffBrowser;
import org.rostersync.support.TestIdentityProvider;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

/**
 * Roster staff sign in through the district's OpenID Connect provider ({@link TestIdentityProvider}, a real one on a
 * loopback port) by the real authorization-code flow: their verified email matches ACTIVE {@code staff_account} rows,
 * which give their schools and roles; anyone else gets no session and a page that says why; a live session follows
 * the roster within {@code rostersync.sign-in.staff-recheck} (one minute, by the test clock); and every sign-in,
 * refusal and sign-out is in the audit that district admins read. The staff rows are written here as the staff
 * import would write them.
 */
abstract class ProviderSignInTests extends DatabaseTestSupport {

    static final String HEADER = "Student ID,First Name,Last Name,Grade\n";

    @LocalServerPort
    int port;

    StaffBrowser browser;

    @BeforeEach
    void newBrowser() {
        browser = new StaffBrowser(port);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aTeacherSignsInWithTheProviderSeesOnlyTheirSchoolAndPrintsSlips(CapturedOutput output) throws IOException {
        // given: a teacher at Lincoln, as the roster spells her email; students at Lincoln and Washington
        staff("T-100", "lincoln", "Ann.Teacher@Springfield.example", "TEACHER", "ACTIVE");
        importFile("lincoln-upload", HEADER + "3001,Cora,Bell,4\n3002,Dev,Shah,4\n");
        importFile("washington-upload", HEADER + "3101,Eli,Ward,7\n");

        // when: she signs in with the provider, which vouches for her email in another case
        String landed = browser.signInWithProvider("ann-subject", TestIdentityProvider.verified(
                "ann.teacher@SPRINGFIELD.example"));

        // then: in, on her school's students; another school's page is refused
        assertThat(landed).isEqualTo("/");
        assertThat(browser.get("/").location()).endsWith("/schools/lincoln/students");
        StaffBrowser.Page students = browser.get("/schools/lincoln/students");
        assertThat(students.status()).isEqualTo(200);
        assertThat(students.text()).contains("Bell, Cora", "Shah, Dev", "ann.teacher@springfield.example")
                .doesNotContain("Ward, Eli");
        assertThat(browser.get("/schools/washington/students").status()).isEqualTo(403);
        assertThat(browser.get("/schools/washington/students/3101").status()).isEqualTo(403);

        // when: she prints slips for both students (the Students page's bulk reset)
        StaffBrowser.Page pdf = browser.post("/schools/lincoln/password-resets", List.of("token",
                students.input("token"), "_csrf", students.input("_csrf"), "studentIds", "3001", "studentIds", "3002",
                "layout", "PAPER_SAVER"));

        // then: the PDF holds both slips, and the accounts say who reset them
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type").orElse("")).startsWith("application/pdf");
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            String text = PdfText.text(document);
            assertThat(text).contains("Cora Bell", "Dev Shah", "Lincoln Elementary");
            assertThat(PdfText.all("Password\\s+(\\S+)", text)).hasSize(2);
        }
        assertThat(account("3001")).containsEntry("status", "PASSWORD_ISSUED");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM account_event WHERE actor = ?", Integer.class,
                "ann.teacher@springfield.example")).isEqualTo(2);

        // and her sign-in is in the audit, as the district's admins read it
        JsonNode events = adminReads("/api/staff-events?username=ANN.TEACHER@springfield.example");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("type").asString()).isEqualTo("SIGNED_IN");
        assertThat(events.get(0).get("method").asString()).isEqualTo("OIDC");
        assertThat(events.get(0).get("provider").asString()).isEqualTo(TestIdentityProvider.REGISTRATION);
        assertThat(events.get(0).get("districtId").asString()).isEqualTo("springfield");
        assertThat(events.get(0).get("occurredAt").asString()).isEqualTo("2026-09-01T07:00:00Z");

        // when: she signs out
        StaffBrowser.Page out = browser.post("/staff/logout", List.of("_csrf", students.input("_csrf")));

        // then
        assertThat(out.location()).endsWith("/staff/login?signedOut");
        assertThat(browser.get("/schools/lincoln/students").location()).endsWith("/staff/login");
        assertThat(jdbc.queryForList("SELECT type || ' ' || method FROM staff_event WHERE username = ? ORDER BY id",
                String.class, "ann.teacher@springfield.example")).containsExactly("SIGNED_IN OIDC", "SIGNED_OUT OIDC");

        // and the log holds no code, state or token (every JWT starts with "eyJ")
        List<String> secrets = PdfText.all("[?&](?:code|state)=([^&]+)", browser.lastCallback());
        assertThat(secrets).hasSize(2);
        assertThat(output.getAll()).doesNotContain(secrets).doesNotContain("eyJ");
    }

    @Test
    void anUnknownAnUnverifiedAndADeactivatedEmailAreRefusedWithAReasonAndNoSession() {
        // given
        staff("T-200", "lincoln", "gone@springfield.example", "TEACHER", "DEACTIVATED");
        staff("T-201", "lincoln", "unsure@springfield.example", "TEACHER", "ACTIVE");
        Map<String, String> claims = Map.of(
                "UNKNOWN_EMAIL", TestIdentityProvider.verified("stranger@springfield.example"),
                "EMAIL_UNVERIFIED", "{\"email\": \"unsure@springfield.example\", \"email_verified\": false}",
                "DEACTIVATED", TestIdentityProvider.verified("gone@springfield.example"),
                "NO_EMAIL", "{\"name\": \"Someone\"}");

        for (Map.Entry<String, String> attempt : claims.entrySet()) {
            // when
            StaffBrowser someone = new StaffBrowser(port);
            String landed = someone.signInWithProvider("subject-" + attempt.getKey(), attempt.getValue());

            // then: told why and whom to ask; not signed in
            assertThat(landed).as(attempt.getKey()).isEqualTo("/staff/refused?reason=" + attempt.getKey());
            StaffBrowser.Page page = someone.get(landed);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.text()).contains("data-reason=\"" + attempt.getKey() + "\"", "district admin",
                    "Back to sign-in");
            assertThat(someone.get("/schools/lincoln/students").location()).as(attempt.getKey())
                    .endsWith("/staff/login");
            assertThat(someone.get("/").location()).endsWith("/staff/login");
        }

        // and each refusal is in the audit, with the email the provider gave (none for the token without one)
        assertThat(jdbc.queryForList("SELECT reason, username, district_id FROM staff_event"
                + " WHERE type = 'SIGN_IN_REFUSED' AND method = 'OIDC' ORDER BY reason"))
                .extracting(row -> row.get("REASON") + " " + row.get("USERNAME") + " " + row.get("DISTRICT_ID"))
                .containsExactly("DEACTIVATED gone@springfield.example springfield",
                        "EMAIL_UNVERIFIED unsure@springfield.example null",
                        "NO_EMAIL ? null",
                        "UNKNOWN_EMAIL stranger@springfield.example null");
    }

    @Test
    void aTeacherTheRosterDeactivatesLosesAccessWithinTheRecheckWindow() {
        // given: a signed-in teacher
        staff("T-300", "lincoln", "leaving@springfield.example", "TEACHER", "ACTIVE");
        assertThat(browser.signInWithProvider("leaving", TestIdentityProvider.verified("leaving@springfield.example")))
                .isEqualTo("/");
        assertThat(browser.get("/schools/lincoln/students").status()).isEqualTo(200);

        // when: the staff import deactivates her
        jdbc.update("UPDATE staff_account SET status = 'DEACTIVATED', deactivated_at = ? WHERE staff_id = 'T-300'",
                Timestamp.from(clock.instant()));

        // then: her session holds for at most the recheck window (a minute)...
        clock.advance(Duration.ofSeconds(30));
        assertThat(browser.get("/schools/lincoln/students").status()).isEqualTo(200);

        // ...and then ends, saying why
        clock.advance(Duration.ofSeconds(31));
        StaffBrowser.Page ended = browser.get("/schools/lincoln/students");
        assertThat(ended.location()).endsWith("/staff/refused?reason=REVOKED");
        assertThat(browser.get("/staff/refused?reason=REVOKED").text()).contains("your session was ended");
        assertThat(browser.get("/schools/lincoln/students").location()).endsWith("/staff/login");
        assertThat(jdbc.queryForList("SELECT type FROM staff_event WHERE username = 'leaving@springfield.example'"
                + " ORDER BY id", String.class)).containsExactly("SIGNED_IN", "ACCESS_REVOKED");

        // and she cannot sign in again
        assertThat(new StaffBrowser(port).signInWithProvider("leaving",
                TestIdentityProvider.verified("leaving@springfield.example")))
                .isEqualTo("/staff/refused?reason=DEACTIVATED");
    }

    @Test
    void aTeacherTheNextStaffRunLeavesOutLosesAccess() {
        // given: Jefferson's staff file lists two teachers, and one of them signs in with the provider
        String header = "Staff ID,First Name,Last Name,Email,Role\n";
        assertThat(importFile("jefferson-staff", header + "J1,Edna,Krabappel,Edna.K@springfield.example,teacher\n"
                + "J2,Dewey,Largo,dewey@springfield.example,Teacher\n").status().name()).isEqualTo("COMPLETED");
        assertThat(browser.signInWithProvider("edna", TestIdentityProvider.verified("edna.k@springfield.example")))
                .isEqualTo("/");
        assertThat(browser.get("/schools/jefferson/students").status()).isEqualTo(200);

        // when: the next staff run's file leaves her out, and the recheck window passes
        assertThat(importFile("jefferson-staff", header + "J2,Dewey,Largo,dewey@springfield.example,teacher\n")
                .status().name()).isEqualTo("COMPLETED");
        clock.advance(Duration.ofMinutes(2));

        // then: her session ends, and she cannot sign in again
        assertThat(browser.get("/schools/jefferson/students").location()).endsWith("/staff/refused?reason=REVOKED");
        assertThat(new StaffBrowser(port).signInWithProvider("edna",
                TestIdentityProvider.verified("edna.k@springfield.example")))
                .isEqualTo("/staff/refused?reason=DEACTIVATED");
    }

    @Test
    void aTeacherAtOneSchoolAndAnAdminAtAnotherHasEachRoleWhereTheRosterGivesIt() {
        // given: a teacher at Lincoln who runs Washington, with a CSRF token from a page she may see
        staff("T-400", "lincoln", "both@springfield.example", "TEACHER", "ACTIVE");
        staff("T-400", "washington", "both@springfield.example", "SCHOOL_ADMIN", "ACTIVE");
        assertThat(browser.signInWithProvider("both", TestIdentityProvider.verified("both@springfield.example")))
                .isEqualTo("/");
        String csrf = browser.get("/schools/lincoln/students").input("_csrf");

        // when / then: both schools' students; only Washington's feed to run (an upload feed: nothing to pull)
        assertThat(browser.get("/schools/washington/students").status()).isEqualTo(200);
        assertThat(browser.post("/feeds/lincoln-upload/runs", List.of("_csrf", csrf)).status()).isEqualTo(403);
        assertThat(browser.post("/feeds/washington-upload/runs", List.of("_csrf", csrf)).location())
                .endsWith("/feeds");
        assertThat(browser.get("/feeds").text()).contains("washington-upload").doesNotContain("jefferson");

        // when: as Washington's admin she uploads Washington's file naming a Lincoln student
        importFile("lincoln-upload", HEADER + "3501,Lena,Moss,3\n");
        StaffBrowser.Page upload = browser.upload("/feeds/washington-upload/uploads", csrf, "washington.csv",
                HEADER + "3601,Wes,Tran,6\n3501,Lena,Moss,6\n");

        // then: moving a student out of Lincoln, where she only teaches, waits for a district admin
        assertThat(upload.location()).matches(".*/runs/\\d+$");
        long runId = Long.parseLong(upload.location().replaceAll(".*/runs/", ""));
        assertThat(awaitRun(runId).status().name()).isEqualTo("HELD");
        assertThat(account("3501")).containsEntry("school_id", "lincoln");
        assertThat(account("3601")).containsEntry("school_id", "washington");

        // when: the next staff import drops her Washington row, and the recheck window passes
        jdbc.update("UPDATE staff_account SET status = 'DEACTIVATED' WHERE school_id = 'washington'");
        clock.advance(Duration.ofMinutes(2));

        // then: Washington is gone from her session; Lincoln stays
        assertThat(browser.get("/schools/washington/students").status()).isEqualTo(403);
        assertThat(browser.get("/schools/lincoln/students").status()).isEqualTo(200);
    }

    @Test
    void signInsRefusalsAndSignOutsOfStaffListUsersAreAuditedToo() {
        // given
        assertThat(browser.signInWithForm("lincoln-teacher", "not-it")).endsWith("/staff/login?error");
        assertThat(browser.signInWithForm("no-such-user", "typed-secret")).endsWith("/staff/login?error");
        assertThat(browser.signInWithForm("lincoln-teacher", "teacher-secret")).isEqualTo("/");
        String csrf = browser.get("/schools/lincoln/students").input("_csrf");

        // when
        StaffBrowser.Page out = browser.post("/staff/logout", List.of("_csrf", csrf));

        // then
        assertThat(out.location()).endsWith("/staff/login?signedOut");
        assertThat(jdbc.queryForList("SELECT type || ' ' || username || ' ' || method || ' ' || COALESCE(reason, '-')"
                + " FROM staff_event ORDER BY id", String.class)).containsExactly(
                        "SIGN_IN_REFUSED lincoln-teacher FORM BAD_CREDENTIALS",
                        "SIGN_IN_REFUSED ? FORM UNKNOWN_USERNAME",
                        "SIGNED_IN lincoln-teacher FORM -",
                        "SIGNED_OUT lincoln-teacher FORM -");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM staff_event WHERE username LIKE '%typed%'"
                + " OR username LIKE '%no-such%'", Integer.class)).as("what an unknown user typed").isZero();
    }

    @Test
    void onlyTheDistrictsAdminsReadTheStaffEventsOfTheirDistrict() {
        // given: a sign-in at each district, by HTTP Basic
        assertThat(ApiClient.as(port, "lincoln-admin", "school-secret").get("/api/feeds").status()).isEqualTo(200);
        assertThat(ApiClient.as(port, "shelbyville-admin", "shelby-secret").get("/api/feeds").status())
                .isEqualTo(200);

        // when / then: teachers and school admins are refused
        for (String[] who : new String[][] { { "lincoln-teacher", "teacher-secret" },
                { "lincoln-admin", "school-secret" }, { "operator", "operator-secret" } }) {
            ApiClient.Response refused = ApiClient.as(port, who[0], who[1]).get("/api/staff-events");
            assertThat(refused.status()).as(who[0]).isEqualTo(403);
            assertThat(refused.json().get("error").asString()).isEqualTo("forbidden");
        }

        // and each district admin reads their own district's, newest first, paged (an API script's sign-ins by HTTP
        // Basic once an hour)
        for (int i = 0; i < 3; i++) {
            ApiClient.as(port, "lincoln-admin", "school-secret").get("/api/feeds");
        }
        JsonNode springfield = adminReads("/api/staff-events?type=SIGNED_IN");
        assertThat(springfield).extracting(e -> e.get("username").asString())
                .contains("lincoln-admin", "admin", "lincoln-teacher").doesNotContain("shelbyville-admin");
        assertThat(springfield.get(0).get("method").asString()).isEqualTo("BASIC");
        assertThat(springfield).filteredOn(e -> e.get("username").asString().equals("lincoln-admin")).hasSize(1);
        ApiClient.Response shelbyville = ApiClient.as(port, "shelbyville-admin", "shelby-secret")
                .get("/api/staff-events?size=2");
        assertThat(shelbyville.status()).isEqualTo(200);
        assertThat(shelbyville.headers().getFirst("X-Total-Count")).isEqualTo("2");
        // (an operator works for no district: every district admin sees their sign-ins)
        assertThat(shelbyville.json()).extracting(e -> e.get("username").asString())
                .containsExactly("operator", "shelbyville-admin");
        assertThat(ApiClient.as(port, "admin", "admin-secret").get("/api/staff-events?size=0").status())
                .isEqualTo(400);
    }

    @Test
    void theSignInsPageShowsDistrictAdminsTheirDistrictsEventsAndNobodyElse() {
        // given: a refused provider sign-in and an admin who signs in with the form
        assertThat(new StaffBrowser(port).signInWithProvider("x", TestIdentityProvider.verified("x@elsewhere.example")))
                .endsWith("UNKNOWN_EMAIL");
        assertThat(browser.signInWithForm("admin", "admin-secret")).isEqualTo("/");

        // when
        StaffBrowser.Page page = browser.get("/staff-events?type=SIGN_IN_REFUSED");

        // then
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("x@elsewhere.example", "UNKNOWN_EMAIL", "OIDC (district)",
                "href=\"/staff-events\"").doesNotContain("data-type=\"SIGNED_IN\"");
        assertThat(browser.get("/staff-events").text()).contains("data-type=\"SIGNED_IN\"");
        for (String[] who : new String[][] { { "lincoln-teacher", "teacher-secret" },
                { "lincoln-admin", "school-secret" } }) {
            StaffBrowser other = new StaffBrowser(port);
            assertThat(other.signInWithForm(who[0], who[1])).isEqualTo("/");
            assertThat(other.get("/staff-events").status()).as(who[0]).isEqualTo(403);
            assertThat(other.get("/runs").text()).as(who[0]).doesNotContain("href=\"/staff-events\"");
        }
    }

    private JsonNode adminReads(String path) {
        ApiClient.Response answer = ApiClient.as(port, "admin", "admin-secret").get(path);
        assertThat(answer.status()).isEqualTo(200);
        return answer.json();
    }

    /** A staff_account row, as the staff import writes it. */
    private void staff(String staffId, String schoolId, String email, String role, String status) {
        Timestamp now = Timestamp.from(Instant.parse("2026-08-01T00:00:00Z"));
        jdbc.update("""
                INSERT INTO staff_account (staff_id, school_id, district_id, email, email_key, first_name, last_name,
                                           role, status, feed_id, created_at, updated_at)
                VALUES (?, ?, 'springfield', ?, ?, 'Pat', 'Staff', ?, ?, NULL, ?, ?)""",
                staffId, schoolId, email, email.toLowerCase(java.util.Locale.ROOT), role, status, now, now);
    }
}
