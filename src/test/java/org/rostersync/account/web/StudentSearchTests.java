package org.rostersync.account.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rostersync.support.DatabaseTestSupport;
import org.rostersync.support.StaffBrowser;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The Students page's search ({@code ?q=}): by name, username or Student ID, ignoring case, inside the school the
 * teacher may see and together with the other filters, on H2 and PostgreSQL alike.
 */
abstract class StudentSearchTests extends DatabaseTestSupport {

    static final String HEADER = "Student ID,First Name,Last Name,Grade\n";

    @LocalServerPort
    int port;

    StaffBrowser teacher;

    @BeforeEach
    void signIn() {
        importFile("lincoln-upload", HEADER + "4101,Cora,Bell,4\n4102,Dev,Shah,4\n4103,Bella,Ortiz,5\n"
                + "5100,Max,Lindqvist,5\n4105,Ann,O'Hara,4\n");
        importFile("washington-upload", HEADER + "4201,Cora,Bellamy,7\n");
        teacher = new StaffBrowser(port);
        assertThat(teacher.signInWithForm("lincoln-teacher", "teacher-secret")).isEqualTo("/");
    }

    @Test
    void findsStudentsByNameUsernameOrStudentIdIgnoringCase() {
        assertThat(found("BELL")).containsExactly("4101", "4103");
        assertThat(found("cora bell")).containsExactly("4101");
        assertThat(found("  Bell,   Cora ")).containsExactly("4101");
        assertThat(found("dev.shah")).containsExactly("4102");
        assertThat(found("510")).containsExactly("5100");
        assertThat(found("o'hara")).containsExactly("4105");
        assertThat(found("nobody")).isEmpty();
        assertThat(found("")).hasSize(5);
    }

    @Test
    void wildcardsTypedAreMatchedAsThemselves() {
        assertThat(found("%")).isEmpty();
        assertThat(found("_")).isEmpty();
        assertThat(found("!")).isEmpty();
        assertThat(found("b_ll")).isEmpty();
    }

    @Test
    void theSearchStaysInsideTheSchoolAndTheOtherFilters() {
        // given: Cora Bellamy is at Washington, which this teacher may not see
        // when / then
        assertThat(found("bellamy")).isEmpty();
        assertThat(teacher.get("/schools/washington/students?q=bellamy").status()).isEqualTo(403);
        StaffBrowser.Page grade5 = teacher.get("/schools/lincoln/students?grade=5&q=bell");
        assertThat(tiles(grade5.text())).containsExactly("4103");
        assertThat(grade5.text()).contains("<span>1</span> shown of <span>1</span> students", "matching “<span>bell",
                "value=\"bell\"");
    }

    private List<String> found(String search) {
        StaffBrowser.Page page = teacher.get("/schools/lincoln/students?q="
                + URLEncoder.encode(search, StandardCharsets.UTF_8));
        assertThat(page.status()).as(search).isEqualTo(200);
        return tiles(page.text());
    }

    private static List<String> tiles(String html) {
        Matcher tile = Pattern.compile("class=\"tile\" data-student=\"([^\"]+)\"").matcher(html);
        List<String> ids = new java.util.ArrayList<>();
        while (tile.find()) {
            ids.add(tile.group(1));
        }
        return ids;
    }
}
