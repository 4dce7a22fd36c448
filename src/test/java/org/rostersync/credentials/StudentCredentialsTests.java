package org.rostersync.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.rostersync.support.PdfText.all;
import static org.rostersync.support.PdfText.text;

import java.io.IOException;
import java.text.Collator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rostersync.support.ApiClient;
import org.rostersync.support.DatabaseTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.crypto.password.PasswordEncoder;

import tools.jackson.databind.JsonNode;

/**
 * What teachers and students do with accounts, over real HTTP on H2 and PostgreSQL: create by hand, activate by a
 * bulk reset with printed slips, reset one password, sign in, get locked out, leave the roster and come back.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class StudentCredentialsTests extends DatabaseTestSupport {

    static final String HEADER = "Student ID,First Name,Last Name,Grade\n";
    static final MediaType PDF = MediaType.APPLICATION_PDF;

    @LocalServerPort
    int port;

    @Autowired
    PasswordEncoder encoder;

    @Autowired
    PasswordResets resets;

    ApiClient teacher;
    ApiClient admin;
    ApiClient student;

    @BeforeEach
    void signIn() {
        teacher = ApiClient.as(port, "lincoln-teacher", "teacher-secret");
        admin = ApiClient.as(port, "admin", "admin-secret");
        student = ApiClient.anonymous(port);
    }

    @Test
    void lifeCycleFromImportThroughActivationDeactivationAndReturn() {
        // given
        String roster = HEADER + "2001,Zoë,Ñúñez-Åberg,4\n2002,Ann,Lee,4\n";
        importFile("lincoln-upload", roster);

        // when: the teacher activates Zoë's account and she signs in
        JsonNode issued = resetAll(teacher, "lincoln", "2001").json();
        String username = issued.get(0).get("username").asString();
        String first = issued.get(0).get("password").asString();

        // then
        assertThat(issued).hasSize(1);
        assertThat(issued.get(0).get("studentId").asString()).isEqualTo("2001");
        assertThat(username).isEqualTo("zoe.nunezaberg");
        assertThat(first).hasSize(10).matches("[" + PasswordGenerator.ALPHABET + "]+");
        assertThat(account("2001")).containsEntry("status", "PASSWORD_ISSUED");
        assertThat((String) account("2001").get("password_hash")).startsWith("{bcrypt}").doesNotContain(first);
        assertThat(account("2002")).containsEntry("status", "PENDING_ACTIVATION").containsEntry("password_hash", null);

        ApiClient.Response login = login(username, first);
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().get("username").asString()).isEqualTo(username);
        assertThat(login.json().get("status").asString()).isEqualTo("ACTIVE");
        assertThat(account("2001")).containsEntry("status", "ACTIVE");
        assertThat(account("2001").get("activated_at")).isNotNull();

        // when: she forgets it and gets a new one from her profile
        ApiClient.Response single = teacher.postJson("/api/schools/lincoln/students/2001/password-reset", "{}");
        String second = single.json().get("password").asString();

        // then
        assertThat(single.status()).isEqualTo(200);
        assertThat(single.headers().getCacheControl()).contains("no-store");
        assertThat(second).isNotEqualTo(first);
        assertThat(login(username, first).status()).isEqualTo(401);
        assertThat(login(username, second + " ").status()).as("a space a tablet keyboard adds").isEqualTo(200);

        // when: she leaves the school's roster
        importFile("lincoln-upload", HEADER + "2002,Ann,Lee,4\n");

        // then
        assertThat(account("2001")).containsEntry("status", "DEACTIVATED");
        assertThat(login(username, second).status()).isEqualTo(401);
        assertThat(resetAll(teacher, "lincoln", "2001").status()).isEqualTo(409);

        // when: she comes back
        importFile("lincoln-upload", roster);

        // then: same username, ACTIVE again, and her password still works
        assertThat(account("2001")).containsEntry("status", "ACTIVE").containsEntry("username", username);
        assertThat(login(username, second).json().get("status").asString()).isEqualTo("ACTIVE");
        JsonNode events = teacher.get("/api/schools/lincoln/students/2001/events").json();
        assertThat(events).extracting(e -> e.get("event").asString()).containsExactly("CREATED", "PASSWORD_ISSUED",
                "ACTIVATED", "PASSWORD_ISSUED", "DEACTIVATED", "REACTIVATED");
        assertThat(events.get(1).get("actor").asString()).isEqualTo("lincoln-teacher");
        assertThat(events.get(2).get("actor").asString()).isEqualTo("student");
    }

    @Test
    void paperSaverPrintsThirtyStudentsOnThreePagesSortedByLastName() throws IOException {
        // given
        List<String> ids = importThirtyStudents();

        // when
        ApiClient.Response pdf = resetAll(teacher, "lincoln", PDF, "PAPER_SAVER", ids.toArray(String[]::new));

        // then
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.headers().getContentType()).isEqualTo(PDF);
        assertThat(pdf.headers().getCacheControl()).contains("no-store");
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            assertThat(document.getNumberOfPages()).isEqualTo(3).isLessThanOrEqualTo(4);
            String text = text(document, 1, 3);
            assertThat(text).contains("Zoë Ñúñez-Åberg", "Lincoln Elementary", "Grade 4",
                    "http://localhost:8080/login", "✂");
            List<String> usernames = all("Username\\s+(\\S+)", text);
            List<String> passwords = all("Password\\s+(\\S+)", text);
            assertThat(usernames).containsExactlyElementsOf(usernamesByLastName());
            assertThat(passwords).hasSize(30).doesNotHaveDuplicates()
                    .allMatch(p -> p.matches("[" + PasswordGenerator.ALPHABET + "]{10}"));
            for (int i = 0; i < 30; i += 7) { // a sample: each check is one deliberately slow hash
                assertThat(encoder.matches(passwords.get(i), hashOf(usernames.get(i))))
                        .as("printed password of %s", usernames.get(i)).isTrue();
            }
            assertThat(all("Username\\s+(\\S+)", text(document, 1, 1))).hasSizeGreaterThanOrEqualTo(8);
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM student_account WHERE status = 'PASSWORD_ISSUED'",
                Integer.class)).isEqualTo(30);
    }

    @Test
    void separatePagesPrintsOneStudentPerPage() throws IOException {
        // given
        List<String> ids = importThirtyStudents();

        // when
        ApiClient.Response pdf = resetAll(admin, "lincoln", PDF, "SEPARATE_PAGES", ids.toArray(String[]::new));

        // then
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            assertThat(document.getNumberOfPages()).isEqualTo(30);
            List<String> expected = usernamesByLastName();
            String[] pages = text(document, 1, 30).split("\f");
            assertThat(pages).hasSize(30);
            for (int page = 0; page < 30; page++) {
                assertThat(all("Username\\s+(\\S+)", pages[page])).containsExactly(expected.get(page));
                assertThat(all("Password\\s+(\\S+)", pages[page])).singleElement().asString().hasSize(10);
            }
            assertThat(String.join("", pages)).contains("Zoë Ñúñez-Åberg", "Lincoln Elementary");
            String last = pages[29];
            assertThat(encoder.matches(all("Password\\s+(\\S+)", last).get(0), hashOf(expected.get(29)))).isTrue();
        }
    }

    @Test
    void bulkResetIsAllOrNothing() {
        // given
        importFile("lincoln-upload", HEADER + "1,Ann,Lee,3\n2,Bo,Chen,3\n");
        importFile("lincoln-upload", HEADER + "1,Ann,Lee,3\n");
        importFile("washington-upload", HEADER + "9,Cy,Diaz,6\n");

        // when
        ApiClient.Response foreign = resetAll(teacher, "lincoln", "1", "9");
        ApiClient.Response deactivated = resetAll(teacher, "lincoln", "1", "2");
        ApiClient.Response empty = resetAll(teacher, "lincoln");
        ApiClient.Response badLayout = resetAll(teacher, "lincoln", MediaType.APPLICATION_JSON, "TINY", "1");

        // then
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.json().get("message").asString()).contains("9").contains("no password was changed");
        assertThat(deactivated.status()).isEqualTo(409);
        assertThat(deactivated.json().get("error").asString()).isEqualTo("reset_refused");
        assertThat(deactivated.json().get("message").asString()).contains("Chen, Bo (bo.chen, Student ID 2)")
                .contains("deactivated");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(badLayout.status()).isEqualTo(400);
        assertThat(badLayout.json().get("message").asString()).contains("PAPER_SAVER", "SEPARATE_PAGES");
        assertThat(account("1")).containsEntry("status", "PENDING_ACTIVATION").containsEntry("password_hash", null);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM account_event WHERE event = 'PASSWORD_ISSUED'",
                Integer.class)).isZero();
        assertThat(resetAll(teacher, "lincoln", PDF, "PAPER_SAVER", "2").headers().getContentType())
                .isEqualTo(MediaType.APPLICATION_JSON);
        ApiClient.Response malformed = teacher.postJson("/api/schools/lincoln/password-resets", "{studentIds", PDF);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("error").asString()).isEqualTo("bad_request");
    }

    @Test
    void slipsThatCannotBeMadeLeaveEveryPasswordAsItWas() {
        // given: an active student and a new one
        importFile("lincoln-upload", HEADER + "1,Ann,Lee,3\n2,Bo,Chen,3\n");
        String first = resetAll(teacher, "lincoln", "1").json().get(0).get("password").asString();
        assertThat(login("ann.lee", first).status()).isEqualTo(200);

        // when: making their slips fails (the PDF is made before any password is stored)
        assertThatThrownBy(() -> resets.resetAll("lincoln", List.of("1", "2"), "lincoln-teacher", issued -> {
            assertThat(issued).extracting(IssuedCredential::studentId).containsExactly("2", "1");
            throw new IllegalStateException("the printer font is gone");
        })).hasMessage("the printer font is gone");
        assertThatThrownBy(() -> resets.resetOne("lincoln", "1", "lincoln-teacher", issued -> {
            throw new IllegalStateException("the printer font is gone");
        })).hasMessage("the printer font is gone");

        // then: no password changed, nothing recorded
        assertThat(login("ann.lee", first).status()).isEqualTo(200);
        assertThat(account("2")).containsEntry("status", "PENDING_ACTIVATION").containsEntry("password_hash", null);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM account_event WHERE event = 'PASSWORD_ISSUED'",
                Integer.class)).isEqualTo(1);
    }

    @Test
    void aResetWhoseAnswerTheCallerCannotTakeChangesNoPassword() {
        // given
        importFile("lincoln-upload", HEADER + "1,Ann,Lee,3\n");
        String path = "/api/schools/lincoln/password-resets";
        String request = "{\"studentIds\": [\"1\"], \"layout\": \"PAPER_SAVER\"}";

        // when
        ApiClient.Response malformed = teacher.postJson(path, request, "pdf");
        ApiClient.Response neither = teacher.postJson(path, request, "text/csv");
        ApiClient.Response refused = teacher.postJson(path, request, "application/json;q=0, application/pdf;q=0");
        ApiClient.Response single = teacher.postJson("/api/schools/lincoln/students/1/password-reset", "{}",
                "text/csv");

        // then
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(neither.status()).isEqualTo(406);
        assertThat(refused.status()).isEqualTo(406);
        assertThat(single.status()).isEqualTo(406);
        assertThat(account("1")).containsEntry("status", "PENDING_ACTIVATION").containsEntry("password_hash", null);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM account_event WHERE event = 'PASSWORD_ISSUED'",
                Integer.class)).isZero();
    }

    @Test
    void aResetAnswersInTheFormTheCallerPrefers() {
        // given
        importFile("lincoln-upload", HEADER + "1,Ann,Lee,3\n");
        String path = "/api/schools/lincoln/password-resets";
        String request = "{\"studentIds\": [\"1\"], \"layout\": \"PAPER_SAVER\"}";

        // when
        MediaType jsonOverPdf = teacher.postJson(path, request, "application/json, application/pdf;q=0.1")
                .headers().getContentType();
        MediaType pdfRefused = teacher.postJson(path, request, "application/pdf;q=0, application/json")
                .headers().getContentType();
        HttpHeaders pdfOverJsonHeaders = teacher.postJson(path, request, "application/json;q=0.5, application/pdf")
                .headers();
        MediaType pdfOverJson = pdfOverJsonHeaders.getContentType();
        MediaType bothNamed = teacher.postJson(path, request, "application/json, application/pdf")
                .headers().getContentType();
        MediaType anything = teacher.postJson(path, request, "*/*").headers().getContentType();

        // then
        assertThat(jsonOverPdf).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(pdfRefused).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(pdfOverJson).isEqualTo(PDF);
        assertThat(pdfOverJsonHeaders.getContentDisposition().getFilename())
                .as("the school and the minute, in the school's time zone")
                .isEqualTo("passwords-lincoln-2026-09-01-0200.pdf");
        assertThat(bothNamed).isEqualTo(PDF);
        assertThat(anything).isEqualTo(MediaType.APPLICATION_JSON);
    }

    @Test
    void singleResetIsOnlyForActiveAccountsAndCanPrintOnePage() throws IOException {
        // given
        importFile("lincoln-upload", HEADER + "1,Ann,Lee,3\n2,Bo,Chen,3\n");
        String password = resetAll(teacher, "lincoln", "1").json().get(0).get("password").asString();
        login("ann.lee", password);

        // when
        ApiClient.Response pending = teacher.postJson("/api/schools/lincoln/students/2/password-reset", "{}");
        resetAll(teacher, "lincoln", "2");
        ApiClient.Response issued = teacher.postJson("/api/schools/lincoln/students/2/password-reset", "{}");
        ApiClient.Response unknown = teacher.postJson("/api/schools/lincoln/students/77/password-reset", "{}");
        String bulk = resetAll(teacher, "lincoln", "1").json().get(0).get("password").asString();
        assertThat(account("1")).containsEntry("status", "ACTIVE");
        ApiClient.Response printed = teacher.postJson("/api/schools/lincoln/students/1/password-reset", "{}", PDF);

        // then
        assertThat(pending.status()).isEqualTo(409);
        assertThat(pending.json().get("message").asString()).contains("PENDING_ACTIVATION", "only for ACTIVE",
                "/password-resets");
        assertThat(issued.status()).isEqualTo(409);
        assertThat(unknown.status()).isEqualTo(404);
        try (PDDocument document = Loader.loadPDF(printed.body())) {
            assertThat(document.getNumberOfPages()).isEqualTo(1);
            String text = text(document, 1, 1);
            assertThat(text).contains("Ann Lee", "Grade 3");
            String printedPassword = all("Password\\s+(\\S+)", text).get(0);
            assertThat(login("ann.lee", password).status()).isEqualTo(401);
            assertThat(login("ann.lee", bulk).status()).isEqualTo(401);
            assertThat(login("ann.lee", printedPassword).status()).isEqualTo(200);
        }
    }

    @Test
    void manualAccountIsValidatedAndItsEmailIsFixedAtCreation() {
        // given
        importFile("lincoln-upload", HEADER + "1,Zoë,Ñúñez-Åberg,3\n");

        // when
        ApiClient.Response created = teacher.postJson("/api/schools/lincoln/students", """
                {"studentId": " M-1 ", "firstName": "Zoë", "lastName": "Ñúñez-Åberg", "grade": "K",
                 "email": "Zoe.N@Lincoln.Example"}""");
        ApiClient.Response invalid = teacher.postJson("/api/schools/lincoln/students", """
                {"studentId": "", "firstName": "Al", "lastName": "Bo", "grade": "1234567", "email": "al@@x"}""");
        ApiClient.Response sameId = admin.postJson("/api/schools/washington/students", """
                {"studentId": "M-1", "firstName": "Other", "lastName": "Kid", "grade": "6"}""");
        ApiClient.Response importedId = teacher.postJson("/api/schools/lincoln/students", """
                {"studentId": "1", "firstName": "Other", "lastName": "Kid", "grade": "6"}""");
        ApiClient.Response changeEmail = ApiClient.as(port, "lincoln-admin", "school-secret")
                .patchJson("/api/schools/lincoln/students/M-1", "{\"email\": \"new@lincoln.example\"}");

        // then
        assertThat(created.status()).isEqualTo(201);
        JsonNode body = created.json();
        assertThat(body.get("studentId").asString()).isEqualTo("M-1");
        assertThat(body.get("username").asString()).isEqualTo("zoe.nunezaberg2");
        assertThat(body.get("email").asString()).isEqualTo("zoe.n@lincoln.example");
        assertThat(body.get("origin").asString()).isEqualTo("MANUAL");
        assertThat(body.get("status").asString()).isEqualTo("PENDING_ACTIVATION");
        assertThat(created.headers().getLocation()).hasPath("/api/schools/lincoln/students/M-1");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("message").asString()).contains("studentId is empty",
                "grade is 7 characters long; the limit is 5", "email 'al@@x' is not a valid email address",
                "cannot be added or changed after creation");
        assertThat(sameId.status()).isEqualTo(409);
        assertThat(sameId.json().get("error").asString()).isEqualTo("student_exists");
        assertThat(importedId.status()).isEqualTo(409);
        assertThat(changeEmail.status()).isEqualTo(409);
        assertThat(changeEmail.json().get("error").asString()).isEqualTo("email_locked");
        assertThat(changeEmail.json().get("message").asString()).contains("can only be set when the account is"
                + " created");
        assertThat(account("M-1")).containsEntry("email", "zoe.n@lincoln.example");
        assertThat(teacher.get("/api/schools/lincoln/students/M-1/events").json().get(0).get("event").asString())
                .isEqualTo("CREATED");
    }

    @Test
    void aStudentCreatedByHandWithASpaceInTheStudentIdIsAnsweredWithWhereToFindThem() {
        // when
        ApiClient.Response created = teacher.postJson("/api/schools/lincoln/students", """
                {"studentId": "M 1", "firstName": "Al", "lastName": "Bo", "grade": "3"}""");

        // then: created once, and the answer says where
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("studentId").asString()).isEqualTo("M 1");
        assertThat(created.headers().getLocation()).hasPath("/api/schools/lincoln/students/M 1");
        assertThat(teacher.get(created.headers().getLocation().getPath()).json().get("username").asString())
                .isEqualTo("al.bo");
        assertThat(account("M 1")).containsEntry("origin", "MANUAL");
    }

    @Test
    void staffActOnlyOnTheirOwnSchools() {
        // given
        importFile("lincoln-upload", HEADER + "1,Ann,Lee,3\n");
        importFile("washington-upload", HEADER + "9,Cy,Diaz,6\n");

        // then
        assertThat(teacher.postJson("/api/schools/washington/password-resets", "{\"studentIds\": [\"9\"]}").status())
                .isEqualTo(403);
        assertThat(teacher.postJson("/api/schools/lincoln/password-resets", "{\"studentIds\": [\"9\"]}").status())
                .isEqualTo(404);
        assertThat(teacher.postJson("/api/schools/washington/students/9/password-reset", "{}").status())
                .isEqualTo(403);
        assertThat(teacher.postJson("/api/schools/washington/students",
                "{\"studentId\": \"5\", \"firstName\": \"A\", \"lastName\": \"B\", \"grade\": \"6\"}").status())
                .isEqualTo(403);
        assertThat(teacher.get("/api/schools/washington/students/9/events").status()).isEqualTo(403);
        assertThat(teacher.get("/api/schools/washington/students").status()).isEqualTo(403);
        assertThat(teacher.upload("/api/feeds/lincoln-upload/uploads", "x.csv", HEADER.getBytes()).status())
                .isEqualTo(403);
        assertThat(teacher.get("/api/schools/lincoln/students").json()).extracting(s -> s.get("studentId")
                .asString()).containsExactly("1");
        assertThat(resetAll(admin, "washington", "9").status()).isEqualTo(200);
        assertThat(student.get("/api/schools/lincoln/students").status()).isEqualTo(401);
    }

    @Test
    void fiveFailuresLockTheAccountForFifteenMinutesAndOnlyThatAccount() {
        // given
        importFile("lincoln-upload", HEADER + "1,Ann,Lee,3\n2,Bo,Chen,3\n");
        JsonNode issued = resetAll(teacher, "lincoln", "1", "2").json();
        String ann = issued.get(1).get("password").asString();
        String bo = issued.get(0).get("password").asString();
        assertThat(issued.get(1).get("username").asString()).isEqualTo("ann.lee");

        // when
        for (int i = 0; i < 5; i++) {
            assertThat(login("ann.lee", "wrong-" + i).status()).isEqualTo(401);
        }

        // then
        ApiClient.Response locked = login("ann.lee", ann);
        assertThat(locked.status()).isEqualTo(401);
        assertThat(locked.text()).isEqualTo(login("nobody.here", "x").text());
        assertThat(login("bo.chen", bo).status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(14));
        assertThat(login("ann.lee", ann).status()).isEqualTo(401);
        clock.advance(Duration.ofMinutes(2));
        assertThat(login("ann.lee", ann).status()).isEqualTo(200);
        assertThat(teacher.get("/api/schools/lincoln/students/1/events").json())
                .extracting(e -> e.get("event").asString()).contains("LOGIN_LOCKED");
    }

    @Test
    void failuresSpreadBeyondTheWindowDoNotLockAndAResetLiftsALock() {
        // given
        importFile("lincoln-upload", HEADER + "1,Ann,Lee,3\n");
        String password = resetAll(teacher, "lincoln", "1").json().get(0).get("password").asString();

        // when: four failures, a pause longer than the window, four more
        for (int i = 0; i < 8; i++) {
            login("ann.lee", "wrong");
            if (i == 3) {
                clock.advance(Duration.ofMinutes(16));
            }
        }

        // then
        assertThat(login("Ann.Lee ", password).status()).isEqualTo(200);

        // when: locked, then the teacher hands out a new password
        for (int i = 0; i < 5; i++) {
            login("ann.lee", "wrong");
        }
        String fresh = teacher.postJson("/api/schools/lincoln/students/1/password-reset", "{}").json()
                .get("password").asString();

        // then
        assertThat(login("ann.lee", fresh).status()).isEqualTo(200);
    }

    @Test
    void everyLoginFailureGetsTheSameAnswer() {
        // given: a pending, an issued and a deactivated account
        importFile("lincoln-upload", HEADER + "1,Ann,Lee,3\n2,Bo,Chen,3\n3,Cy,Diaz,3\n");
        String bo = resetAll(teacher, "lincoln", "2").json().get(0).get("password").asString();
        String cy = resetAll(teacher, "lincoln", "3").json().get(0).get("password").asString();
        importFile("lincoln-upload", HEADER + "1,Ann,Lee,3\n2,Bo,Chen,3\n");

        // when
        List<ApiClient.Response> failures = List.of(login("nobody", "x"), login("ann.lee", ""),
                login("bo.chen", bo + "x"), login("cy.diaz", cy), login(null, null),
                student.postJson("/api/student-login", "{\"username\": \"bo.chen\", \"password\": \"" + "x".repeat(500)
                        + "\"}"));

        // then
        for (ApiClient.Response failure : failures) {
            assertThat(failure.status()).isEqualTo(401);
            assertThat(failure.json().get("error").asString()).isEqualTo("login_failed");
            assertThat(failure.text()).isEqualTo(failures.get(0).text());
        }
        assertThat(account("2")).containsEntry("status", "PASSWORD_ISSUED");
        ApiClient.Response page = student.get("/login?username=bo.chen", MediaType.TEXT_HTML);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("/js/login.js", "Username", "Password");
        // the page's script is a file of its own (the Content-Security-Policy allows no inline script)
        assertThat(student.get("/js/login.js", MediaType.ALL).text()).contains("/api/student-login");
    }

    @Test
    void noPasswordOrHashReachesLogsReportsOrEvents(CapturedOutput output) {
        // given: everything that touches a password, with the application and Spring MVC logging at DEBUG
        LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
        logging.setLogLevel("org.rostersync", LogLevel.DEBUG);
        logging.setLogLevel("org.springframework.web.servlet", LogLevel.DEBUG);
        List<String> secrets = new ArrayList<>();
        try {
            importFile("lincoln-upload", HEADER + "1,Ann,Lee,3\n");
            String first = resetAll(teacher, "lincoln", "1").json().get(0).get("password").asString();
            login("ann.lee", "wrong-guess");
            login("ann.lee", first);
            String second = teacher.postJson("/api/schools/lincoln/students/1/password-reset", "{}").json()
                    .get("password").asString();
            login("ann.lee", second);
            importFile("lincoln-upload", HEADER);
            secrets.addAll(List.of(first, second, "wrong-guess"));
        } finally {
            logging.setLogLevel("org.rostersync", null);
            logging.setLogLevel("org.springframework.web.servlet", null);
        }

        // then
        String hash = (String) account("1").get("password_hash");
        assertThat(output.getAll()).contains("issued 1 new student password").doesNotContain(hash)
                .doesNotContain("{bcrypt}").doesNotContain("$2a$");
        for (String secret : secrets) {
            assertThat(output.getAll()).doesNotContain(secret);
            assertThat(jdbc.queryForObject("""
                    SELECT COUNT(*) FROM account_event
                     WHERE detail LIKE ? OR actor LIKE ? OR detail LIKE '%$2a$%'""", Integer.class,
                    "%" + secret + "%", "%" + secret + "%")).isZero();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM import_run WHERE message LIKE ?", Integer.class,
                    "%" + secret + "%")).isZero();
        }
    }

    @Test
    void failuresCountOverTheLastWindowNotFromTheFirstFailure() {
        // given
        importFile("lincoln-upload", HEADER + "1,Ann,Lee,3\n");
        String password = resetAll(teacher, "lincoln", "1").json().get(0).get("password").asString();

        // when: one failure at 07:00:00, three at 07:14:59, two at 07:15:01 - five within the last 15 minutes
        login("ann.lee", "wrong");
        clock.advance(Duration.ofMinutes(14).plusSeconds(59));
        for (int i = 0; i < 3; i++) {
            login("ann.lee", "wrong");
        }
        clock.advance(Duration.ofSeconds(2));
        for (int i = 0; i < 2; i++) {
            login("ann.lee", "wrong");
        }

        // then
        assertThat(login("ann.lee", password).status()).isEqualTo(401);
        assertThat(account("1").get("locked_until")).isNotNull();
    }

    @Test
    void guessesSentAtOnceLockOnceAndTheRightPasswordCannotLiftTheLock() throws Exception {
        // given
        importFile("lincoln-upload", HEADER + "1,Ann,Lee,3\n");
        String password = resetAll(teacher, "lincoln", "1").json().get(0).get("password").asString();
        int guesses = 30;

        // when: 29 wrong guesses and the right one, sent together: every one reads the account before any lock
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(guesses);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < guesses; i++) {
            String guess = i == guesses - 1 ? password : "wrong-" + i;
            answers.add(pool.submit(() -> {
                go.await();
                return login("ann.lee", guess).status();
            }));
        }
        go.countDown();
        for (java.util.concurrent.Future<Integer> answer : answers) {
            answer.get();
        }
        pool.shutdown();

        // then: the fifth failure counted locks; failures checked after it are not counted, and a right password
        // checked after it neither signs in nor lifts the lock. Whenever the right one came, 29 wrong ones lock
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM account_event WHERE event = 'LOGIN_LOCKED'",
                Integer.class)).isEqualTo(1);
        assertThat(account("1").get("locked_until")).isNotNull();
        assertThat(login("ann.lee", password).status()).isEqualTo(401);
    }

    @Test
    void aPageOfAnotherSiteCannotMakeASignedInBrowserResetAPassword() {
        // given: Ann signs in; her teacher's browser holds HTTP Basic credentials for the API
        importFile("lincoln-upload", HEADER + "1,Ann,Lee,3\n");
        String password = resetAll(teacher, "lincoln", "1").json().get(0).get("password").asString();
        assertThat(login("ann.lee", password).status()).isEqualTo(200);

        // when: a page of another site posts a form to the reset
        ApiClient.Response forged = teacher.postFormFrom("cross-site", "/api/schools/lincoln/students/1/password-reset",
                "");

        // then: refused before anything changed; Ann's password still signs her in
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.json().get("error").asString()).isEqualTo("cross_site");
        assertThat(login("ann.lee", password).status()).isEqualTo(200);

        // when: a page of another host of the same site (a school's web site on the district's domain) does the same
        ApiClient.Response sibling = teacher.postFormFrom("same-site",
                "/api/schools/lincoln/students/1/password-reset", "");

        // then: refused too
        assertThat(sibling.status()).isEqualTo(403);
        assertThat(sibling.json().get("error").asString()).isEqualTo("cross_site");
        assertThat(login("ann.lee", password).status()).isEqualTo(200);

        // and roster-sync's own pages and scripts (no Sec-Fetch-Site) still can
        assertThat(teacher.postFormFrom("same-origin", "/api/schools/lincoln/students/1/password-reset", "")
                .status()).isEqualTo(200);
        assertThat(login("ann.lee", password).status()).isEqualTo(401);
    }

    private List<String> importThirtyStudents() {
        String[] first = { "Zoë", "Ann", "Bo", "Cy", "Dee", "Eli", "Fay", "Gus", "Hal", "Ida" };
        String[] last = { "Ñúñez-Åberg", "Lee", "Chen", "Østergård", "Łukasik", "Adams", "Émile", "Young", "Brown",
                "Zhou", "Çelik", "Kim" };
        StringBuilder csv = new StringBuilder(HEADER);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = String.valueOf(3000 + i);
            ids.add(id);
            csv.append(id).append(',').append(first[i % first.length]).append(',').append(last[i % last.length])
                    .append(",4\n");
        }
        importFile("lincoln-upload", csv.toString());
        return ids;
    }

    /** The usernames in slip order: last name, first name, Student ID, alphabetical as people read it. */
    private List<String> usernamesByLastName() {
        Collator collator = Collator.getInstance(Locale.US);
        return jdbc.queryForList("SELECT last_name, first_name, student_id, username FROM student_account").stream()
                .sorted(Comparator.<java.util.Map<String, Object>, String>comparing(r -> (String) r.get("last_name"),
                        collator).thenComparing(r -> (String) r.get("first_name"), collator)
                        .thenComparing(r -> (String) r.get("student_id")))
                .map(r -> (String) r.get("username")).toList();
    }

    private String hashOf(String username) {
        return jdbc.queryForObject("SELECT password_hash FROM student_account WHERE username = ?", String.class,
                username);
    }

    private ApiClient.Response resetAll(ApiClient client, String school, String... studentIds) {
        return resetAll(client, school, MediaType.APPLICATION_JSON, "PAPER_SAVER", studentIds);
    }

    private ApiClient.Response resetAll(ApiClient client, String school, MediaType accept, String layout,
            String... studentIds) {
        String ids = String.join("\", \"", studentIds);
        return client.postJson("/api/schools/" + school + "/password-resets", "{\"studentIds\": ["
                + (studentIds.length == 0 ? "" : "\"" + ids + "\"") + "], \"layout\": \"" + layout + "\"}", accept);
    }

    private ApiClient.Response login(String username, String password) {
        return student.postJson("/api/student-login", "{\"username\": " + quote(username) + ", \"password\": "
                + quote(password) + "}");
    }

    private static String quote(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }
}
