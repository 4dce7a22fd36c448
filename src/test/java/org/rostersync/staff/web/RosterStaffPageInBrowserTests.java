package org.rostersync.staff.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rostersync.support.Chromium;
import org.rostersync.support.DatabaseTestSupport;
import org.rostersync.support.OnH2;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;

/**
 * The Staff page in Chromium: an admin follows the header's Staff link to a school's roster staff, filters them by
 * status, and nothing the page loads breaks its Content-Security-Policy; a teacher and another school's admin are
 * refused.
 */
@OnH2
class RosterStaffPageInBrowserTests extends DatabaseTestSupport {

    static Playwright playwright;
    static Browser browser;

    @LocalServerPort
    int port;

    /** One browser context per person signed in, so their sessions stay apart. */
    final List<BrowserContext> contexts = new java.util.ArrayList<>();
    final List<String> violations = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void launchChromium() {
        playwright = Playwright.create(Chromium.playwrightOptions());
        browser = playwright.chromium().launch(Chromium.launchOptions().setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--no-first-run")));
    }

    @AfterAll
    static void closeChromium() {
        if (playwright != null) {
            playwright.close();
        }
    }

    @BeforeEach
    void newContext() {
        for (String table : new String[] { "staff_account", "staged_staff", "staff_snapshot" }) {
            jdbc.update("DELETE FROM " + table);
        }
    }

    @AfterEach
    void closeContext() {
        try {
            assertThat(violations).as("Content Security Policy violations on the Staff page").isEmpty();
        } finally {
            contexts.forEach(BrowserContext::close);
        }
    }

    private Page signIn(String username, String password) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions()
                .setBaseURL("http://localhost:" + port));
        contexts.add(context);
        context.setDefaultTimeout(30_000);
        context.onConsoleMessage(message -> {
            if (message.text().contains("Content Security Policy")) {
                violations.add(message.text());
            }
        });
        Page page = context.newPage();
        page.navigate("/");
        assertThat(page).hasURL(Pattern.compile(".*/staff/login$"));
        page.locator("#username").fill(username);
        page.locator("#password").fill(password);
        page.locator("button[type=submit]").click();
        page.waitForLoadState();
        return page;
    }

    @Test
    void anAdminSeesTheSchoolsRosterStaffAndTeachersAndOtherSchoolsAdminsAreRefused() {
        // given: the district's staff file, and Hoover has left Lincoln since
        long runId = importFile("springfield-staff", """
                School ID,Staff ID,First Name,Last Name,Email,Role
                101,T1,Edna,Krabappel,edna@springfield.example,teacher
                101,T2,Elizabeth,Hoover,hoover@springfield.example,teacher
                101,A1,Seymour,Skinner,skinner@springfield.example,administrator
                102,W1,Dewey,Largo,largo@springfield.example,teacher
                """).runId();
        jdbc.update("UPDATE staff_account SET status = 'DEACTIVATED' WHERE staff_id = 'T2'");

        // when: Lincoln's admin follows the header's Staff link
        Page page = signIn("lincoln-admin", "school-secret");
        page.locator("#nav-staff").click();

        // then
        assertThat(page).hasURL(Pattern.compile(".*/schools/lincoln/staff$"));
        assertThat(page.locator("h1")).containsText("Staff · Lincoln Elementary");
        assertThat(page.locator("#staff-table tbody tr")).hasCount(3);
        assertThat(page.locator("tr[data-staff='A1']")).containsText("School admin");
        assertThat(page.locator("tr[data-staff='T2']")).containsText("Deactivated");

        // when: only the active ones
        page.locator("#status-filter").selectOption("ACTIVE");
        page.locator("#filter").click();

        // then
        assertThat(page.locator("#staff-table tbody tr")).hasCount(2);
        assertThat(page.locator("tr[data-staff='T2']")).hasCount(0);

        // and: Washington's staff are not Lincoln's admin's to see
        Response other = page.navigate("/schools/washington/staff");
        assertThat(other.status()).isEqualTo(403);

        // and: the district admin reads the staff run's report, its changes by Staff ID
        Page admin = signIn("admin", "admin-secret");
        admin.navigate("/runs/" + runId);
        assertThat(admin.locator("table.changes thead")).containsText("Staff ID");
        assertThat(admin.locator("table.changes tbody")).containsText("W1");

        // and: a teacher has no Staff link and is refused the page
        Page teacher = signIn("lincoln-teacher", "teacher-secret");
        assertThat(teacher.locator("#nav-staff")).hasCount(0);
        assertThat(teacher.navigate("/schools/lincoln/staff").status()).isEqualTo(403);
    }
}
