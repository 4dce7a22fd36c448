package org.rostersync.account.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Pattern;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rostersync.support.Chromium;
import org.rostersync.support.DatabaseTestSupport;
import org.rostersync.support.PdfText;
import org.rostersync.support.OnH2;
import org.rostersync.support.TestIdentityProvider;
import org.rostersync.support.TestSftpServer;
import org.rostersync.sync.ImportRun;
import org.rostersync.sync.RunStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.password.PasswordEncoder;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.Media;
import com.microsoft.playwright.options.RequestOptions;
import com.microsoft.playwright.options.WaitForSelectorState;

/**
 * The pages as people use them, in Chromium driven by Playwright (Debian's when installed, else Playwright's own):
 * an operator uploads a roster, watches the run, reads its report and approves a held run; a teacher activates
 * students with both slip layouts, a student signs in, and the teacher resets that student's password. A screenshot
 * of every page goes to target/screenshots. Fails, never skips, when there is no Chromium and Playwright's cannot
 * be downloaded.
 */
@OnH2
class PagesInBrowserTests extends DatabaseTestSupport {

    static final Path SCREENSHOTS = Paths.get("target/screenshots");
    static final String HEADER = "Student ID,First Name,Last Name,Grade\n";

    static Playwright playwright;
    static Browser browser;

    @LocalServerPort
    int port;

    @Autowired
    PasswordEncoder encoder;

    BrowserContext context;

    /** What Chromium reported as blocked by the pages' Content-Security-Policy: nothing, or a page lost a script. */
    final List<String> violations = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void launchChromium() throws IOException {
        Files.createDirectories(SCREENSHOTS);
        playwright = Playwright.create(Chromium.playwrightOptions());
        browser = playwright.chromium().launch(Chromium.launchOptions()
                .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run")));
        PlaywrightAssertions.setDefaultAssertionTimeout(30_000);
    }

    @AfterAll
    static void closeChromium() {
        if (playwright != null) {
            playwright.close();
        }
    }

    @BeforeEach
    void newContext() {
        context = browser.newContext(new Browser.NewContextOptions().setAcceptDownloads(true)
                .setBaseURL("http://localhost:" + port).setViewportSize(1280, 900));
        context.setDefaultTimeout(30_000);
        context.onConsoleMessage(this::recordViolation);
    }

    @AfterEach
    void closeContext() {
        try {
            assertThat(violations).as("Content Security Policy violations while using the pages").isEmpty();
        } finally {
            context.close();
        }
    }

    private void recordViolation(com.microsoft.playwright.ConsoleMessage message) {
        if (message.text().contains("Content Security Policy")) {
            violations.add(message.text());
        }
    }

    @Test
    void everyPageSendsAPolicyThatAllowsNoInlineScriptAndKeepsTheAddressFromOtherSites() {
        // given
        Page anonymous = context.newPage();
        long runId = importFile("lincoln-upload", HEADER + "5001,Ann,Lee,3\n").runId();

        // when: the sign-in pages, then an admin's pages
        List<com.microsoft.playwright.Response> answers = new java.util.ArrayList<>();
        answers.add(anonymous.navigate("/staff/login"));
        answers.add(anonymous.navigate("/login"));
        answers.add(anonymous.navigate("/staff/refused?reason=UNKNOWN_EMAIL"));
        Page admin = signIn("admin", "admin-secret");
        for (String path : List.of("/runs", "/runs/" + runId, "/feeds", "/schools/lincoln/students",
                "/schools/lincoln/students/5001?tab=accounts", "/schools/lincoln/students/new", "/staff-events")) {
            answers.add(admin.navigate(path));
        }

        // then
        for (com.microsoft.playwright.Response answer : answers) {
            assertThat(answer.status()).as(answer.url()).isEqualTo(200);
            String policy = answer.headers().get("content-security-policy");
            assertThat(policy).as(answer.url()).contains("default-src 'self'", "script-src 'self'",
                    "style-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "form-action 'self'")
                    .doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(answer.headers().get("referrer-policy")).as(answer.url()).isEqualTo("same-origin");
        }

        // when: a script injected into a page tries to run inline
        admin.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.inlineRan = 1';"
                + " document.body.append(s); }");

        // then: the browser refused it, and said so
        assertThat(admin.evaluate("() => window.inlineRan === undefined")).isEqualTo(true);
        assertThat(violations).anySatisfy(v -> assertThat(v).contains("inline script"));
        violations.clear();

        // when: a page that could not be shown offers the way back, by script from a file
        admin.navigate("/runs");
        admin.navigate("/schools/nope/students");
        admin.locator("a[data-back]").click();

        // then
        assertThat(admin).hasURL(Pattern.compile(".*/runs$"));
    }

    @Test
    void operatorUploadsARosterWatchesTheRunReadsTheReportAndApprovesAHeldRun() throws IOException {
        // given
        Page page = signIn("admin", "admin-secret");
        assertThat(page).hasURL(Pattern.compile(".*/runs$"));

        // when: a roster with one bad row goes up through the Feeds page
        page.navigate("/feeds");
        shot(page, "feeds-empty");
        upload(page, "lincoln-upload", HEADER + "1001,Ann,Lee,3\n1002,Bob,Ray,3\n1003,Cy,,3\n1004,Di,Ng,4\n",
                false);

        // then: the run's page follows it to the end and shows its report
        assertThat(page).hasURL(Pattern.compile(".*/runs/\\d+$"));
        long runId = Long.parseLong(page.url().replaceAll(".*/runs/", ""));
        assertThat(page.locator("h1 [data-field=status]")).hasText("COMPLETED_WITH_ERRORS");
        assertThat(page.locator("table.rejected")).containsText("Last Name");
        assertThat(page.locator("[data-field=created]")).hasText("3");
        shot(page, "run-detail");
        Download csv = page.waitForDownload(() -> page.locator("#rejected-csv").click());
        assertThat(Files.readString(csv.path())).startsWith("line,column,reason").contains("Last Name");
        page.locator("#action-filter").selectOption("CREATE");
        assertThat(page.locator("table.changes tbody tr")).hasCount(3);

        // when: a larger dry run goes up, the runs page shows it and updates it in place
        StringBuilder big = new StringBuilder(HEADER);
        for (int i = 0; i < 20_000; i++) {
            big.append(30_000 + i).append(",First").append(i).append(",Last").append(i).append(",5\n");
        }
        page.navigate("/feeds");
        upload(page, "washington-upload", big.toString(), true);
        long dryRunId = Long.parseLong(page.url().replaceAll(".*/runs/", ""));
        page.navigate("/runs");
        page.evaluate("window.notReloaded = true");
        Locator row = page.locator("tr[data-run='" + dryRunId + "']");
        shot(page, "runs-progress");

        // then
        assertThat(row.locator("[data-field=status]")).hasText("COMPLETED");
        assertThat(row.locator("[data-field=rows]")).hasText("20000");
        assertThat(row.locator("[data-field=progress]")).hasCount(0);
        assertThat(page.evaluate("window.notReloaded")).isEqualTo(true);
        assertThat(page.locator("tr[data-run='" + runId + "'] [data-field=status]")).hasText("COMPLETED_WITH_ERRORS");
        assertThat(page.locator("tr[data-run]").first()).hasAttribute("data-run", String.valueOf(dryRunId));
        shot(page, "runs");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM student_account WHERE school_id = 'washington'",
                Integer.class)).isZero();
        String progress = page.request().get("/runs/" + dryRunId + "/progress").text();
        assertThat(progress).contains("\"rowsRead\":20000");

        // given: ten Adams students, then a file that drops five of them
        importFile("adams-guarded", adams(10));
        page.navigate("/feeds");
        upload(page, "adams-guarded", adams(5), false);

        // then: the guard holds the deactivations, and the admin approves them
        assertThat(page.locator("h1 [data-field=status]")).hasText("HELD");
        assertThat(page.locator("#approve")).containsText("5");
        shot(page, "run-held");
        page.onceDialog(dialog -> dialog.accept());
        page.locator("#approve").click();
        assertThat(page.locator(".notice")).containsText("5 held deactivations applied");
        assertThat(page.locator("h1 [data-field=status]")).hasText("COMPLETED");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM student_account WHERE school_id = 'adams'"
                + " AND status = 'DEACTIVATED'", Integer.class)).isEqualTo(5);

        // and the feeds page charts the runs
        page.navigate("/feeds");
        assertThat(page.locator("tr[data-feed='adams-guarded'] svg.chart rect.created")).hasCount(1);
        assertThat(page.locator("tr[data-feed='adams-guarded'] svg.chart rect.deactivated")).hasCount(1);
        assertThat(page.locator("tr[data-feed='lincoln-upload'] .badge")).hasText("COMPLETED_WITH_ERRORS");
        shot(page, "feeds");

        // and the approved run can be undone from its page: everyone it deactivated comes back
        long approved = jdbc.queryForObject("SELECT MAX(id) FROM import_run WHERE feed_id = 'adams-guarded'",
                Long.class);
        page.navigate("/runs/" + approved);
        page.onceDialog(dialog -> dialog.accept());
        page.locator("#revert").click();
        assertThat(page.locator(".notice")).containsText("Reverted as run");
        assertThat(page.locator("[data-field=message]")).containsText("Revert of run " + approved);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM student_account WHERE school_id = 'adams'"
                + " AND status = 'DEACTIVATED'", Integer.class)).isZero();
        shot(page, "run-reverted");
        page.navigate("/feeds");

        // when: Run now pulls an SFTP feed's file
        TestSftpServer.put("jefferson.csv", HEADER + "5001,Jo,Park,9\n5002,Kim,Cho,10\n");
        page.locator("tr[data-feed='jefferson-sftp'] button.run-now").click();

        // then
        assertThat(page).hasURL(Pattern.compile(".*/runs/\\d+$"));
        assertThat(page.locator("h1 [data-field=status]")).hasText("COMPLETED");
        assertThat(page.locator("dl.meta")).containsText("MANUAL");
        assertThat(page.locator("[data-field=created]")).hasText("2");
    }

    @Test
    @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
    void aPageThatFailsGivesAnIdToReportAndItsLogLineHoldsNoStudentData(
            org.springframework.boot.test.system.CapturedOutput output) {
        // given: a student, and a database that fails the next read of their history
        importFile("lincoln-upload", HEADER + "934418,Zora,Quillfeather,3\n");
        Page admin = signIn("admin", "admin-secret");
        com.microsoft.playwright.Response answer;
        jdbc.execute("ALTER TABLE account_event RENAME TO account_event_away");
        try {
            // when
            answer = admin.navigate("/schools/lincoln/students/934418?tab=accounts");
        } finally {
            jdbc.execute("ALTER TABLE account_event_away RENAME TO account_event");
        }

        // then
        assertThat(answer.status()).isEqualTo(500);
        String shown = admin.locator(".problem").textContent();
        assertThat(shown).contains("under error").doesNotContain("934418", "Zora");
        String id = shown.replaceAll("(?s).*under error ([0-9a-f]+).*", "$1");
        assertThat(output.getAll()).contains("Unexpected error " + id
                + " on GET /schools/{schoolId}/students/{studentId}");
        assertThat(output.getAll()).doesNotContain("934418", "Zora", "Quillfeather");
    }

    @Test
    void aSchoolWithMoreStudentsThanThePageShowsKeepsEveryGradeReachable() {
        // given: more grade-9 students than the page shows, and one grade-4 student last in the alphabet
        StringBuilder file = new StringBuilder(HEADER);
        for (int i = 0; i < StudentListPages.MAX_TILES + 5; i++) {
            file.append(30000 + i).append(",Al").append(i).append(",Aa,9\n");
        }
        file.append("99001,Zed,Zz,4\n");
        importFile("lincoln-upload", file.toString());
        Page page = signIn("lincoln-teacher", "teacher-secret");

        // when
        page.locator("#grade-filter").selectOption("4");

        // then: grade 4 was offered, and its student is there to select
        assertThat(page.locator(".tile")).hasCount(1);
        assertThat(page.locator(".tile[data-student='99001']")).hasCount(1);
        assertThat(page.locator("p.hint").first()).containsText("1 shown of 1 students");
    }

    @Test
    void teacherActivatesStudentsWithBothLayoutsAndResetsOneActiveAccount() throws IOException {
        // given
        importFile("lincoln-upload", HEADER + "2001,Ann,Lee,4\n2002,Bob,Ray,4\n2003,Cy,Fox,4\n2004,Di,Ng,5\n");
        Page page = signIn("lincoln-teacher", "teacher-secret");
        assertThat(page).hasURL(Pattern.compile(".*/schools/lincoln/students$"));
        assertThat(page.locator(".tile")).hasCount(4);
        shot(page, "students");

        // when: grade 4 only, two students selected, Paper Saver
        page.locator("#grade-filter").selectOption("4");
        assertThat(page.locator(".tile")).hasCount(3);
        page.locator(".tile[data-student='2001'] input").check();
        page.locator(".tile[data-student='2002'] input").check();

        // (another filter would clear the selection: the page asks first, and keeps it when the teacher says no)
        String[] asked = new String[1];
        page.onceDialog(dialog -> {
            asked[0] = dialog.message();
            dialog.dismiss();
        });
        page.locator("#status-filter").selectOption("ACTIVE");
        assertThat(asked[0]).contains("2 students are selected");
        assertThat(page).hasURL(Pattern.compile(".*grade=4$"));
        assertThat(page.locator("#status-filter")).hasValue("");
        assertThat(page.locator("#selected-count")).hasText("2 selected");
        page.locator("#bulk").click();
        page.locator("#reset-passwords").click();
        assertThat(page.locator("#dialog-count")).hasText("2");
        shot(page, "bulk-reset-dialog");
        Download paperSaverPdf = page.waitForDownload(() -> page.locator("#paper-saver").click());
        assertThat(paperSaverPdf.suggestedFilename()).isEqualTo("passwords-lincoln-2026-09-01-0200.pdf");
        String paperSaver = pdfText(paperSaverPdf, 1);

        // then
        assertThat(paperSaver).contains("Ann Lee", "Bob Ray", "Lincoln Elementary").doesNotContain("Cy Fox");
        assertThat(PdfText.all("Password\\s+(\\S+)", paperSaver)).hasSize(2);
        assertThat(account("2001")).containsEntry("status", "PASSWORD_ISSUED");
        assertThat(page.locator(".tile[data-student='2001'] [data-field=status]")).hasText("Password issued");

        // when: everyone still waiting for a password, on separate pages
        page.navigate("/schools/lincoln/students?status=PENDING_ACTIVATION");
        assertThat(page.locator(".tile")).hasCount(2);
        page.locator("#select-all").check();
        page.locator("#bulk").click();
        page.locator("#reset-passwords").click();
        String separate = pdfText(page.waitForDownload(() -> page.locator("#separate-pages").click()), 2);
        assertThat(separate).contains("Cy Fox", "Di Ng");

        // and Cy signs in with the printed slip
        String username = (String) account("2003").get("username");
        String password = PdfText.all("Password\\s+(\\S+)", separate.substring(0, separate.indexOf('\f'))).get(0);
        studentSignsIn(username, password, "cy-signs-in");

        // then: Cy's profile says ACTIVE and offers the single reset; Ann's does not
        page.navigate("/schools/lincoln/students");
        page.locator(".tile[data-student='2001'] a.open").click();
        assertThat(page.locator("#account-status")).hasText("Password issued");
        assertThat(page.locator("#reset-password")).hasCount(0);
        assertThat(page.locator("#no-reset")).containsText("signed in for the first time");
        page.navigate("/schools/lincoln/students/2003");
        assertThat(page.locator("#account-status")).hasText("Active");
        assertThat(page.locator("#account-activated")).not().hasText("—");
        assertThat(page.locator("table.events")).containsText("ACTIVATED");
        shot(page, "student-accounts-tab");

        // when: the teacher resets Cy's password
        page.locator("#reset-password").click();

        // then: shown once, with a print button, and it works
        String fresh = page.locator("#new-password").textContent().strip();
        assertThat(page.locator("#new-username")).hasText(username);
        assertThat(page.locator("#print")).isVisible();
        shot(page, "password-issued");
        assertThat(encoder.matches(fresh, (String) account("2003").get("password_hash"))).isTrue();
        studentSignsIn(username, fresh, "cy-signs-in-again");

        // and a student added by hand is warned about the email first
        page.navigate("/schools/lincoln/students");
        page.locator("#add-student").click();
        assertThat(page.locator("#email-warning")).containsText("cannot be added or changed");
        page.locator("#studentId").fill("2001");
        page.locator("#firstName").fill("Eve");
        page.locator("#lastName").fill("Ono");
        page.locator("#grade").fill("4");
        page.locator("#email").fill("eve.ono@lincoln");
        page.locator("#create").click();

        // then: the email's mistake is said next to it, named as the form names it, and everything typed is kept
        assertThat(page.locator("#email-error")).containsText("Student email 'eve.ono@lincoln' is not a valid");
        assertThat(page.locator("#email")).hasAttribute("aria-invalid", "true");
        assertThat(page.locator("#email")).isFocused();
        assertThat(page.locator("#email")).hasValue("eve.ono@lincoln");
        assertThat(page.locator("#lastName")).hasValue("Ono");
        assertThat(page.locator("#studentId-error")).hasCount(0);
        shot(page, "student-new-error");

        // when: the email is fixed, but the Student ID is Ann's
        page.locator("#email").fill("eve.ono@lincoln.example");
        page.locator("#create").click();

        // then: that is said next to the Student ID
        assertThat(page.locator("#studentId-error")).containsText("Student ID '2001' already has an account");
        assertThat(page.locator("#studentId")).isFocused();
        assertThat(page.locator("#email-error")).hasCount(0);
        assertThat(page.locator("#email")).hasValue("eve.ono@lincoln.example");
        page.locator("#studentId").fill("2010");
        shot(page, "student-new");
        page.locator("#create").click();
        assertThat(page.locator(".notice")).containsText("eve.ono");
        assertThat(page.locator("#account-status")).hasText("Pending activation");
        assertThat(account("2010")).containsEntry("email", "eve.ono@lincoln.example").containsEntry("origin", "MANUAL");
    }

    @Test
    void pagesNeedASignedInStaffMemberACsrfTokenAndTheSamePermissionsAsTheApi() {
        // when: nobody is signed in
        Page anonymous = context.newPage();
        anonymous.navigate("/runs");

        // then
        assertThat(anonymous).hasURL(Pattern.compile(".*/staff/login$"));
        assertThat(anonymous.request().get("/api/runs").status()).isEqualTo(401);
        anonymous.navigate("/login");
        assertThat(anonymous.locator("h1")).hasText("Sign in");

        // when: a teacher signs in
        Page teacher = signIn("lincoln-teacher", "teacher-secret");

        // then: a form post without the page's CSRF token is refused (sent to sign-in: nothing was done), and so are
        // other schools and admin work
        APIResponse noToken = teacher.request().post("/schools/lincoln/password-resets",
                RequestOptions.create().setMaxRedirects(0));
        assertThat(noToken.status()).isEqualTo(302);
        assertThat(noToken.headers().get("location")).endsWith("/staff/login?expired");
        teacher.navigate("/schools/washington/students");
        assertThat(teacher.locator(".problem")).containsText("you may not see the students of school 'washington'");
        teacher.navigate("/feeds");
        assertThat(teacher.locator("form.upload")).hasCount(0);
        shot(teacher, "forbidden-upload-teacher");
        assertThat(teacher.request().get("/actuator/metrics").status()).isEqualTo(401);
    }

    @Test
    void aResetSentTwiceNeverShowsAPasswordThatDoesNotWork() {
        // given: Cy is active; the teacher opens his profile
        importFile("lincoln-upload", HEADER + "2003,Cy,Fox,4\n");
        jdbc.update("UPDATE student_account SET status = 'ACTIVE' WHERE student_id = '2003'");
        Page page = signIn("lincoln-teacher", "teacher-secret");
        page.navigate("/schools/lincoln/students/2003");
        String token = page.locator("form.toolbar input[name=token]").inputValue();

        // when: the form is sent twice with the same token, as a double click sends it
        APIResponse first = page.request().post("/schools/lincoln/students/2003/password-reset",
                RequestOptions.create().setForm(FormData.create().set("token", token)
                        .set("_csrf", page.locator("form.toolbar input[name=_csrf]").inputValue()))
                        .setMaxRedirects(0));
        APIResponse second = page.request().post("/schools/lincoln/students/2003/password-reset",
                RequestOptions.create().setForm(FormData.create().set("token", token)
                        .set("_csrf", page.locator("form.toolbar input[name=_csrf]").inputValue()))
                        .setMaxRedirects(0));

        // then: only the first resets, and its password is the one that works
        assertThat(first.status()).isEqualTo(200);
        String shown = PdfText.all("id=\"new-password\">([^<]+)<", first.text()).get(0);
        assertThat(second.status()).isEqualTo(302);
        assertThat(encoder.matches(shown, (String) account("2003").get("password_hash"))).isTrue();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM account_event WHERE event = 'PASSWORD_ISSUED'",
                Integer.class)).isEqualTo(1);

        // and in the browser: whatever a double click shows is true - a password that works, or that it was sent
        for (int round = 0; round < 3; round++) {
            page.navigate("/schools/lincoln/students/2003");
            page.evaluate("() => { const f = document.querySelector('form.toolbar'); f.requestSubmit();"
                    + " setTimeout(() => f.requestSubmit(), 50); }");
            page.waitForURL(Pattern.compile(".*/password-reset$|.*/students/2003$"));
            page.waitForLoadState();
            if (page.locator("#new-password").count() > 0) {
                assertThat(encoder.matches(page.locator("#new-password").textContent().strip(),
                        (String) account("2003").get("password_hash"))).isTrue();
            } else {
                assertThat(page.locator(".problem")).containsText("already sent its reset");
            }
        }
    }

    @Test
    void theStudentsPageHoldsUpAtItsEdges() throws IOException {
        // given: a Student ID with a comma, two grades, an active student, and names as long as the roster allows
        String longName = "Wolfeschlegelsteinhausenbergerdorff".repeat(2) + "x".repeat(30);
        importFile("lincoln-upload", HEADER + "\"10,01\",Ann,Lee,3\n2002,Bob,Ray,4\n2003,Cy,Fox,3\n2004," + longName
                + "," + longName + ",4\n");
        jdbc.update("UPDATE student_account SET status = 'ACTIVE' WHERE student_id = '2002'");
        Page page = signIn("lincoln-teacher", "teacher-secret");

        // then: the long name wraps inside its tile, and on the profile, instead of running over its neighbours
        String overflowing = "() => [...document.querySelectorAll('.tile, h1, main')]"
                + ".filter(e => e.scrollWidth > e.clientWidth).map(e => e.className || e.tagName)";
        assertThat(page.evaluate(overflowing)).asList().isEmpty();
        page.navigate("/schools/lincoln/students/2004");
        assertThat(page.evaluate(overflowing)).asList().isEmpty();
        page.navigate("/schools/lincoln/students");

        // when: grade 3, then Active (no active student is in grade 3)
        page.locator("#grade-filter").selectOption("3");
        assertThat(page.locator(".tile")).hasCount(2);
        page.locator("#status-filter").selectOption("ACTIVE");
        page.waitForURL(Pattern.compile(".*status=ACTIVE.*"));

        // then: the drop-down still says what filters the tiles
        assertThat(page.locator("#grade-filter")).hasValue("3");
        assertThat(page.locator(".tile")).hasCount(0);

        // when: Bob, who signs in already, is selected with Ann
        page.navigate("/schools/lincoln/students");
        page.locator(".tile[data-student='10,01'] input").check();
        page.locator(".tile[data-student='2002'] input").check();
        page.locator("#bulk").click();
        page.locator("#reset-passwords").click();

        // then: the dialog says that his password would stop working
        assertThat(page.locator("#active-warning")).isVisible();
        assertThat(page.locator("#active-warning")).containsText("1 of them already signed in");
        page.locator("#dialog-cancel").click();
        page.locator(".tile[data-student='2002'] input").uncheck();

        // when: Ann alone, whose Student ID has a comma
        page.navigate("/schools/lincoln/students");
        page.locator(".tile[data-student='10,01'] input").check();
        page.locator("#bulk").click();
        page.locator("#reset-passwords").click();
        String slips = pdfText(page.waitForDownload(() -> page.locator("#paper-saver").click()), 1);

        // then: her slip, and the page loads again with her new status
        assertThat(slips).contains("Ann Lee").doesNotContain("Cy Fox");
        assertThat(page.locator(".tile[data-student='10,01'] [data-field=status]")).hasText("Password issued");

        // when: 1000 Student IDs are sent (the most one reset takes), none of them at Lincoln
        FormData form = FormData.create().set("_csrf", page.locator("#bulk-form input[name=_csrf]").inputValue())
                .set("token", page.locator("#bulk-form input[name=token]").inputValue()).set("layout", "PAPER_SAVER");
        for (int i = 0; i < 1000; i++) {
            form.append("studentIds", "none" + i);
        }
        APIResponse thousand = page.request().post("/schools/lincoln/password-resets",
                RequestOptions.create().setForm(form).setMaxRedirects(0));

        // then: the application answers, not the web server's parameter limit
        assertThat(thousand.status()).isEqualTo(302);
        page.navigate("/schools/lincoln/students");

        // when: Bob's single reset is printed
        page.navigate("/schools/lincoln/students/2002");
        page.locator("#reset-password").click();
        page.emulateMedia(new Page.EmulateMediaOptions().setMedia(Media.PRINT));

        // then: the printout says where and how to sign in, without the teacher's note
        assertThat(page.locator("#login-url")).isVisible();
        assertThat(page.locator("#login-url")).hasText("http://localhost:8080/login");
        assertThat(page.locator("main")).containsText("sign in with this username and password");
        assertThat(page.locator("main")).not().containsText("It is not shown again",
                new LocatorAssertions.ContainsTextOptions().setUseInnerText(true));
        page.emulateMedia(new Page.EmulateMediaOptions().setMedia(Media.SCREEN));

        // when: the session ends while the Students page is open, and the teacher sends a reset
        page.navigate("/schools/lincoln/students");
        page.locator(".tile[data-student='2003'] input").check();
        page.locator("#bulk").click();
        page.locator("#reset-passwords").click();
        assertThat(page.locator("#active-warning")).isHidden();
        context.clearCookies();
        page.locator("#paper-saver").click();

        // then: sign-in says nothing was done, and nothing was
        assertThat(page.locator("#expired")).containsText("was not done");
        assertThat(account("2003")).containsEntry("status", "PENDING_ACTIVATION");
    }

    @Test
    void whileALargeResetIsBeingPreparedThePageSaysSoAndKeepsTheTeacherThere() throws IOException {
        // given: the form is held back once it is sent, as a thousand passwords keep the server busy for most of a
        // minute (each one a deliberately slow hash)
        importFile("lincoln-upload", HEADER + "2001,Ann,Lee,4\n2002,Bob,Ray,4\n");
        Page page = signIn("lincoln-teacher", "teacher-secret");
        page.evaluate("() => document.getElementById('bulk-form').addEventListener('submit', e => e.preventDefault())");
        page.locator("#select-all").check();
        page.locator("#bulk").click();
        page.locator("#reset-passwords").click();

        // when
        page.locator("#paper-saver").click();

        // then: the teacher is told the slips are being prepared, and to wait for them
        assertThat(page.locator("#resetting")).isVisible();
        assertThat(page.locator("#resetting")).containsText("2 students");
        assertThat(page.locator("#resetting")).containsText("stay on this page");
        assertThat(page.locator("#reset-dialog")).isHidden();
        shot(page, "bulk-reset-waiting");

        // when: the form goes and its answer arrives
        String slips = pdfText(page.waitForDownload(
                () -> page.evaluate("() => document.getElementById('bulk-form').submit()")), 1);

        // then: the slips, and the page loads again with the new statuses and without the message
        assertThat(slips).contains("Ann Lee", "Bob Ray");
        assertThat(page.locator(".tile[data-student='2001'] [data-field=status]")).hasText("Password issued");
        assertThat(page.locator("#resetting")).isHidden();
    }

    @Test
    void aTeacherWithTwoTabsResetsFromEitherAndARefusedResetKeepsTheFilterAndTheRestOfTheSelection()
            throws IOException {
        // given: the Students page open twice, grade 4 in one tab, grade 5 opened after it in another
        importFile("lincoln-upload", HEADER + "2001,Ann,Lee,4\n2002,Bob,Ray,4\n2004,Di,Ng,5\n2005,Ed,Orr,5\n");
        Page grade4 = signIn("lincoln-teacher", "teacher-secret");
        grade4.locator("#grade-filter").selectOption("4");
        grade4.waitForURL(Pattern.compile(".*grade=4.*"));
        Page grade5 = context.newPage();
        grade5.navigate("/schools/lincoln/students?grade=5");

        // when: the teacher resets Ann from the tab opened first
        grade4.locator(".tile[data-student='2001'] input").check();
        grade4.locator("#bulk").click();
        grade4.locator("#reset-passwords").click();
        String slips = pdfText(grade4.waitForDownload(() -> grade4.locator("#paper-saver").click()), 1);

        // then: her slip, not "already sent"
        assertThat(slips).contains("Ann Lee");

        // when: in the other tab Di and Ed are selected, and Ed leaves the roster before the click
        grade5.locator("#select-all").check();
        jdbc.update("UPDATE student_account SET status = 'DEACTIVATED' WHERE student_id = '2005'");
        grade5.locator("#bulk").click();
        grade5.locator("#reset-passwords").click();
        grade5.locator("#separate-pages").click();

        // then: the same filter, why, and Di still selected: one click sends the rest
        assertThat(grade5.locator("p.problem[role=alert]").first()).containsText("Orr, Ed");
        assertThat(grade5).hasURL(Pattern.compile(".*grade=5.*"));
        assertThat(grade5.locator(".tile[data-student='2004'] input")).isChecked();
        assertThat(grade5.locator(".tile[data-student='2005'] input")).isDisabled();
        assertThat(grade5.locator("#selected-count")).hasText("1 selected");
        grade5.locator("#bulk").click();
        grade5.locator("#reset-passwords").click();
        assertThat(pdfText(grade5.waitForDownload(() -> grade5.locator("#separate-pages").click()), 1))
                .contains("Di Ng").doesNotContain("Ed Orr");
        assertThat(account("2004")).containsEntry("status", "PASSWORD_ISSUED");
    }

    @Test
    void aTeacherActivatesAGradeWithTheKeyboardAlone() throws IOException {
        // given
        importFile("lincoln-upload", HEADER + "2001,Ann,Lee,4\n2002,Bob,Ray,4\n2004,Di,Ng,5\n");
        Page page = signIn("lincoln-teacher", "teacher-secret");

        // when: the grade filter is moved with the arrow keys
        page.locator("#grade-filter").focus();
        page.keyboard().press("ArrowDown");

        // then: the page waits for Enter, and keeps the focus where the teacher is
        assertThat(page.locator("#grade-filter")).isFocused();
        assertThat(page).hasURL(Pattern.compile(".*/students$"));
        page.keyboard().press("Enter");
        page.waitForURL(Pattern.compile(".*grade=4.*"));
        assertThat(page.locator(".tile")).hasCount(2);

        // when: everyone shown is selected, and the menu is opened and closed again with the keyboard
        page.locator("#select-all").focus();
        page.keyboard().press("Space");
        page.keyboard().press("Shift+Tab");
        assertThat(page.locator("#bulk")).isFocused();
        page.keyboard().press("Enter");
        assertThat(page.locator("#reset-passwords")).isFocused();
        page.keyboard().press("Escape");

        // then
        assertThat(page.locator("#bulk-menu")).isHidden();
        assertThat(page.locator("#bulk")).isFocused();

        // when: Bulk Operations → Reset Passwords → Paper Saver, each with Enter
        page.keyboard().press("Enter");
        page.keyboard().press("Enter");
        assertThat(page.locator("#paper-saver")).isFocused();
        String slips = pdfText(page.waitForDownload(() -> page.keyboard().press("Enter")), 1);

        // then
        assertThat(slips).contains("Ann Lee", "Bob Ray").doesNotContain("Di Ng");
        assertThat(page.locator(".tile[data-student='2001'] [data-field=status]")).hasText("Password issued");

        // when: a student is ticked, the teacher opens a profile and comes back
        page.locator(".tile[data-student='2002'] input").check();
        page.locator(".tile[data-student='2001'] a.open").click();
        page.goBack();

        // then: the count says what the page shows ticked
        int ticked = page.locator("#bulk-form input[name=studentIds]:checked").count();
        assertThat(page.locator("#selected-count")).hasText(ticked + " selected");
        assertThat(page.locator("#bulk").isDisabled()).isEqualTo(ticked == 0);
    }

    @Test
    void theRunPageCountsRejectedRowsAsTheRunDoesWhenARowHasSeveralProblems() {
        // given: line 4 lacks both names (two problems), line 5 its last name (one)
        ImportRun run = importFile("lincoln-upload", HEADER + "1001,Ann,Lee,3\n1002,Bob,Ray,3\n1003,,,3\n1004,Di,,4\n");
        assertThat(run.counts().rejected()).isEqualTo(2);

        // when
        Page page = signIn("admin", "admin-secret");
        page.navigate("/runs/" + run.runId());

        // then: the heading of the table says 2 rejected rows, as the counts above it do; the table lists 3 problems
        assertThat(page.locator("[data-field=rejected]")).hasText("2");
        assertThat(page.locator("h2:has-text('Rejected rows')")).hasText("Rejected rows (2) — 3 problems");
        assertThat(page.locator("table.rejected tbody tr")).hasCount(3);
    }

    @Autowired
    org.rostersync.sync.internal.run.RunHistory runHistory;

    @Test
    void aRunWhoseDetailsWereDeletedAfterTheRetentionSaysSoAndKeepsItsCounts() {
        // given: a run with rejected rows, superseded by the feed's next run, and 91 days later (run-retention P90D)
        ImportRun run = importFile("lincoln-upload", HEADER + "1001,Ann,Lee,3\n1003,,,3\n");
        importFile("lincoln-upload", HEADER + "1001,Ann,Lee,3\n");
        clock.advance(java.time.Duration.ofDays(91));
        runHistory.deleteExpired();

        // when
        Page page = signIn("admin", "admin-secret");
        page.navigate("/runs/" + run.runId());

        // then: the counts stay; the page says where the rows went instead of "Every row of the file was accepted"
        assertThat(page.locator("[data-field=rejected]")).hasText("1");
        assertThat(page.locator("[data-field=created]")).hasText("1");
        assertThat(page.locator("#details-deleted")).containsText("rostersync.run-retention");
        assertThat(page.locator("text=Every row of the file was accepted")).hasCount(0);
        assertThat(page.locator("h2:has-text('Rejected rows')")).hasCount(0);
    }

    @Test
    void everyStudentHasAProfileWhateverTheirStudentId() {
        // given: Student IDs that are not plain path segments: the Add student page's name, a slash, a percent sign,
        // a semicolon, dots, a letter beyond ASCII
        importFile("lincoln-upload", HEADER + "new,Ann,Lee,3\nA/7,Bob,Ray,3\n50%,Cy,Fox,3\n\"1;2\",Di,Ng,3\n"
                + "..,Ed,Orr,3\nZoë-1,Flo,Pym,3\n");
        jdbc.update("UPDATE student_account SET status = 'ACTIVE'");
        Page page = signIn("lincoln-teacher", "teacher-secret");

        for (String[] student : new String[][] { { "new", "Ann Lee" }, { "A/7", "Bob Ray" }, { "50%", "Cy Fox" },
                { "1;2", "Di Ng" }, { "..", "Ed Orr" }, { "Zoë-1", "Flo Pym" } }) {
            // when: the teacher opens the student's tile, then the Profile tab
            page.navigate("/schools/lincoln/students");
            page.locator(".tile[data-student='" + student[0] + "'] a.open").click();

            // then: that student's profile, and the single reset issues their password
            assertThat(page.locator("h1")).hasText(student[1]);
            page.locator("#tab-profile").click();
            assertThat(page.locator("dl.meta dd").first()).hasText(student[0]);
            page.locator("#tab-accounts").click();
            page.locator("#reset-password").click();
            String fresh = page.locator("#new-password").textContent().strip();
            assertThat(encoder.matches(fresh, (String) account(student[0]).get("password_hash"))).isTrue();
            page.locator("#done").click();
            assertThat(page.locator("h1")).hasText(student[1]);
        }

        // when: a student is added by hand with such a Student ID
        page.navigate("/schools/lincoln/students/new");
        page.locator("#studentId").fill("B/8");
        page.locator("#firstName").fill("Gus");
        page.locator("#lastName").fill("Hale");
        page.locator("#grade").fill("3");
        page.locator("#create").click();

        // then: the page shows the new student's profile
        assertThat(page.locator(".notice")).containsText("gus.hale");
        assertThat(page.locator("h1")).hasText("Gus Hale");
    }

    @Test
    void aTeacherSignsInWithTheDistrictsProviderFindsStudentsPrintsSlipsAndIsSignedOutWhenTheRosterDropsHer()
            throws IOException {
        // given: a roster teacher at Lincoln, students at Lincoln and Washington
        staffRow("T-1", "lincoln", "Ms.Rivera@Springfield.example");
        importFile("lincoln-upload", HEADER + "6001,Cora,Bell,4\n6002,Dev,Shah,4\n6003,Bella,Ortiz,5\n"
                + "6004,Max,Lind,5\n");
        importFile("washington-upload", HEADER + "6101,Eli,Ward,7\n");
        Page page = context.newPage();
        page.navigate("/");
        assertThat(page).hasURL(Pattern.compile(".*/staff/login$"));

        // when: she chooses the district's sign-in, and signs in on the provider's own page
        Locator provider = page.locator("a[data-provider=" + TestIdentityProvider.REGISTRATION + "]");
        assertThat(provider).hasText("Sign in with " + TestIdentityProvider.NAME);
        shot(page, "staff-login-with-provider");
        provider.click();
        signInAtProvider(page, "rivera", TestIdentityProvider.verified("ms.rivera@springfield.example"));

        // then: her school's students, and no other school
        assertThat(page).hasURL(Pattern.compile(".*/schools/lincoln/students$"));
        assertThat(page.locator(".signout span")).hasText("ms.rivera@springfield.example");
        assertThat(page.locator(".top nav a")).hasCount(1);
        assertThat(page.locator(".tile")).hasCount(4);
        assertThat(page.navigate("/schools/washington/students").status()).isEqualTo(403);
        page.navigate("/schools/lincoln/students");

        // when: she finds the students called Bell, selects them all and prints their slips
        page.locator("#search").fill("BELL");
        page.locator("#search").press("Enter");
        assertThat(page.locator(".tile")).hasCount(2);
        assertThat(page.locator("#search-summary")).containsText("BELL");
        shot(page, "students-search");
        page.locator("#select-all").check();
        page.locator("#bulk").click();
        page.locator("#reset-passwords").click();
        String slips = pdfText(page.waitForDownload(() -> page.locator("#paper-saver").click()), 1);

        // then
        assertThat(slips).contains("Cora Bell", "Bella Ortiz").doesNotContain("Dev Shah");
        assertThat(PdfText.all("Password\\s+(\\S+)", slips)).hasSize(2);
        assertThat(account("6001")).containsEntry("status", "PASSWORD_ISSUED");
        // (the page loads again by itself once the PDF is down, showing the new statuses)
        assertThat(page.locator(".tile[data-student='6001'] [data-field=status]")).hasText("Password issued");

        // when: the next staff import deactivates her, and the recheck window (a minute) passes
        jdbc.update("UPDATE staff_account SET status = 'DEACTIVATED' WHERE staff_id = 'T-1'");
        clock.advance(java.time.Duration.ofMinutes(2));
        page.navigate("/schools/lincoln/students");

        // then: signed out, and told why
        assertThat(page).hasURL(Pattern.compile(".*/staff/refused\\?reason=REVOKED$"));
        assertThat(page.locator("#refusal")).containsText("session was ended");
        shot(page, "staff-access-revoked");
        page.navigate("/schools/lincoln/students");
        assertThat(page).hasURL(Pattern.compile(".*/staff/login$"));
        assertThat(jdbc.queryForList("SELECT type FROM staff_event WHERE username = 'ms.rivera@springfield.example'"
                + " ORDER BY id", String.class)).containsExactly("SIGNED_IN", "ACCESS_REVOKED");
    }

    @Test
    void someoneNoRosterListsIsToldWhyAndWhomToAskAndGetsNoSession() {
        // given
        Page page = context.newPage();
        page.navigate("/staff/login");

        // when
        page.locator("a[data-provider=" + TestIdentityProvider.REGISTRATION + "]").click();
        signInAtProvider(page, "stranger", TestIdentityProvider.verified("stranger@elsewhere.example"));

        // then
        assertThat(page).hasURL(Pattern.compile(".*/staff/refused\\?reason=UNKNOWN_EMAIL$"));
        assertThat(page.locator("#refusal")).containsText("no school's staff roster");
        assertThat(page.locator("#ask")).containsText("district admin");
        shot(page, "staff-refused");
        page.navigate("/runs");
        assertThat(page).hasURL(Pattern.compile(".*/staff/login$"));
    }

    @Test
    void theStudentSignInPageLooksLikeTheProductAndFitsAPhone() {
        // given: a phone's screen
        BrowserContext phone = browser.newContext(new Browser.NewContextOptions().setBaseURL("http://localhost:" + port)
                .setViewportSize(390, 844).setDeviceScaleFactor(2).setIsMobile(true).setHasTouch(true));
        phone.onConsoleMessage(this::recordViolation);
        try {
            Page page = phone.newPage();

            // when
            com.microsoft.playwright.Response answer = page.navigate("/login?username=ann.lee");

            // then: the product's header and styles, nothing wider than the screen, fields as wide as the card
            assertThat(answer.headers().get("content-security-policy")).contains("style-src 'self'");
            assertThat(page.locator("header.top .brand")).hasText("roster-sync");
            assertThat(page.locator("#username")).hasValue("ann.lee");
            assertThat(page.locator("#password")).isFocused();
            assertThat(page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))
                    .isEqualTo(true);
            double field = (Double) page.evaluate("() => document.getElementById('password')"
                    + ".getBoundingClientRect().width * 1.0");
            assertThat(field).isGreaterThan(300.0);
            assertThat(page.evaluate("() => getComputedStyle(document.body).fontFamily")).asString()
                    .contains("system-ui");

            // when: a wrong password
            page.locator("#password").fill("not-it");
            page.locator("button[type=submit]").tap();

            // then: said in the product's problem box
            assertThat(page.locator("#answer.problem")).not().isEmpty();
            shot(page, "student-login-phone");
        } finally {
            phone.close();
        }
    }

    /** On the provider's own sign-in page: the subject and the claims its ID token will carry. */
    private static void signInAtProvider(Page page, String subject, String claims) {
        page.waitForURL(Pattern.compile(Pattern.quote(TestIdentityProvider.issuer()) + "/authorize.*"));
        page.locator("input[name=username]").fill(subject);
        page.locator("textarea[name=claims]").fill(claims);
        page.locator("input[type=submit]").click();
        page.waitForURL(Pattern.compile("http://localhost:\\d+/(?!login/oauth2).*"));
    }

    /** A staff_account row, as the staff import writes it. */
    private void staffRow(String staffId, String schoolId, String email) {
        java.sql.Timestamp now = java.sql.Timestamp.from(java.time.Instant.parse("2026-08-01T00:00:00Z"));
        jdbc.update("""
                INSERT INTO staff_account (staff_id, school_id, district_id, email, email_key, first_name, last_name,
                                           role, status, created_at, updated_at)
                VALUES (?, ?, 'springfield', ?, ?, 'Rosa', 'Rivera', 'TEACHER', 'ACTIVE', ?, ?)""",
                staffId, schoolId, email, email.toLowerCase(java.util.Locale.ROOT), now, now);
    }

    private Page signIn(String username, String password) {
        Page page = context.newPage();
        page.navigate("/");
        assertThat(page).hasURL(Pattern.compile(".*/staff/login$"));
        shot(page, "staff-login");
        page.locator("#username").fill(username);
        page.locator("#password").fill(password);
        page.locator("button[type=submit]").click();
        page.waitForLoadState();
        return page;
    }

    private void upload(Page page, String feedId, String csv, boolean dryRun) {
        Locator form = page.locator("form[data-feed='" + feedId + "']");
        form.locator("input[type=file]").setInputFiles(new FilePayload(feedId + ".csv", "text/csv",
                csv.getBytes(StandardCharsets.UTF_8)));
        if (dryRun) {
            form.locator("input[name=dryRun]").check();
        }
        form.locator("button[type=submit]").click();
        page.waitForURL(Pattern.compile(".*/runs/\\d+$"));
    }

    private void studentSignsIn(String username, String password, String screenshot) {
        Page student = browser.newPage(new Browser.NewPageOptions().setBaseURL("http://localhost:" + port));
        student.onConsoleMessage(this::recordViolation);
        try {
            student.navigate("/login");
            student.locator("#username").fill(username);
            student.locator("#password").fill(password);
            student.locator("button[type=submit]").click();
            assertThat(student.locator("#answer")).containsText("Your account is active");
            shot(student, screenshot);
        } finally {
            student.context().close();
        }
    }

    private static String adams(int students) {
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 1; i <= students; i++) {
            csv.append(4000 + i).append(",Adam").append(i).append(",Smith,6\n");
        }
        return csv.toString();
    }

    private static String pdfText(Download download, int pages) throws IOException {
        assertThat(download.suggestedFilename()).endsWith(".pdf");
        try (PDDocument document = Loader.loadPDF(Files.readAllBytes(download.path()))) {
            assertThat(document.getNumberOfPages()).isEqualTo(pages);
            return PdfText.text(document);
        }
    }

    private static void shot(Page page, String name) {
        page.waitForLoadState();
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }
}
