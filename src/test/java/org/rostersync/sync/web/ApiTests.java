package org.rostersync.sync.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.rostersync.support.ApiClient;
import org.rostersync.support.DatabaseTestSupport;
import org.rostersync.sync.ImportRun;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.rostersync.sync.RejectedRow;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import tools.jackson.databind.JsonNode;

/** The HTTP API over real HTTP on H2 and PostgreSQL: upload, follow the run, read its report and the students. */
abstract class ApiTests extends DatabaseTestSupport {

    @LocalServerPort
    int port;

    ApiClient admin;

    @BeforeEach
    void signIn() {
        admin = ApiClient.as(port, "admin", "admin-secret");
    }

    @Test
    void uploadRunsTheImportAndItsReportSaysWhatHappened() {
        // given
        String csv = """
                Student ID,First Name,Last Name,Grade,Student Email
                1,Ann,Lee,3,ann@school.example
                2,Bo,Chen,3,=HYPERLINK("http://evil.example")
                """;

        // when
        ApiClient.Response upload = admin.upload("/api/feeds/lincoln-upload/uploads", "../../etc/passwd",
                csv.getBytes(StandardCharsets.UTF_8));
        long runId = upload.json().get("runId").asLong();
        awaitRun(runId);

        // then
        assertThat(upload.status()).isEqualTo(202);
        JsonNode run = admin.get("/api/runs/" + runId).json();
        assertThat(run.get("status").asString()).isEqualTo("COMPLETED_WITH_ERRORS");
        assertThat(run.get("trigger").asString()).isEqualTo("UPLOAD");
        assertThat(run.get("feedId").asString()).isEqualTo("lincoln-upload");
        assertThat(run.get("startedAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*Z");
        assertThat(run.get("counts").get("created").asInt()).isEqualTo(1);
        assertThat(run.get("counts").get("rejected").asInt()).isEqualTo(1);

        JsonNode rejected = admin.get("/api/runs/" + runId + "/rejected-rows").json();
        assertThat(rejected.get(0).get("line").asLong()).isEqualTo(3);
        assertThat(rejected.get(0).get("column").asString()).isEqualTo("Student Email");
        String rejectedCsv = admin.get("/api/runs/" + runId + "/rejected-rows", MediaType.parseMediaType("text/csv"))
                .text();
        assertThat(rejectedCsv).startsWith("line,column,reason").contains("3,Student Email,");
        assertThat(rejectedCsv).doesNotContain(",=HYPERLINK").doesNotContain(",\"=");

        ApiClient.Response changes = admin.get("/api/runs/" + runId + "/changes");
        assertThat(changes.json().get(0).get("action").asString()).isEqualTo("CREATE");
        assertThat(changes.headers().getFirst("X-Total-Count")).isEqualTo("1");

        ApiClient.Response students = admin.get("/api/schools/lincoln/students?status=PENDING_ACTIVATION");
        assertThat(students.json().get(0).get("username").asString()).isEqualTo("ann.lee");
        assertThat(students.json().get(0).get("origin").asString()).isEqualTo("IMPORT");
        assertThat(students.json().get(0).has("missingSince")).isTrue();

        JsonNode runs = admin.get("/api/runs?feedId=lincoln-upload&limit=5").json();
        assertThat(runs.get(0).get("runId").asLong()).isEqualTo(runId);
        java.nio.file.Path stored = java.nio.file.Path.of(jdbc.queryForObject(
                "SELECT file_path FROM import_run WHERE id = ?", String.class, runId));
        assertThat(stored.getFileName().toString()).isEqualTo("run-" + runId + ".csv");
    }

    @Test
    void theRejectedRowsCsvIsStreamedInChunksWithEveryRowInOrder() {
        // given: 3,000 rows rejected for two problems each, several pages of rejected rows
        StringBuilder file = new StringBuilder("Student ID,First Name,Last Name,Grade,Student Email,Guardian Email\n");
        for (int i = 1; i <= 3_000; i++) {
            file.append(i).append(",Ann,Lee,3,not-an-email-").append(i).append(",=HYPERLINK(").append(i).append(")\n");
        }
        ImportRun run = importFile("lincoln-upload", file.toString());
        List<RejectedRow> rows = importRuns.rejectedRows(run.runId(), 0, 100_000);

        // when
        ApiClient.Response csv = admin.get("/api/runs/" + run.runId() + "/rejected-rows",
                MediaType.parseMediaType("text/csv"));

        // then: no length announced (nothing was built whole to measure), the rows as the JSON pages give them
        assertThat(rows).hasSize(6_000);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.headers().getContentType().toString()).isEqualTo("text/csv;charset=UTF-8");
        assertThat(csv.headers().getFirst("Content-Disposition"))
                .isEqualTo("attachment; filename=\"run-" + run.runId() + "-rejected-rows.csv\"");
        assertThat(csv.headers().containsHeader("Content-Length")).isFalse();
        assertThat(csv.headers().getFirst("Transfer-Encoding")).isEqualTo("chunked");
        List<String> lines = csv.text().lines().toList();
        assertThat(lines).hasSize(6_001);
        assertThat(lines.get(0)).isEqualTo("line,column,reason");
        for (int i = 0; i < rows.size(); i++) {
            RejectedRow row = rows.get(i);
            String reason = RejectedRowsCsv.safe(row.reason());
            reason = reason.contains(",") || reason.contains("\"") ? "\"" + reason.replace("\"", "\"\"") + "\""
                    : reason;
            assertThat(lines.get(i + 1)).isEqualTo(row.line() + "," + row.column() + "," + reason);
        }
        assertThat(rows.get(5_999).line()).isEqualTo(3_001);
    }

    @Test
    void feedsListShowsScheduleAndLastRun() {
        // given
        importFile("lincoln-upload", "Student ID,First Name,Last Name,Grade\n1,Ann,Lee,3\n");

        // when
        JsonNode feeds = admin.get("/api/feeds").json();

        // then
        JsonNode lincoln = null;
        for (JsonNode feed : feeds) {
            if (feed.get("id").asString().equals("lincoln-upload")) {
                lincoln = feed;
            }
        }
        assertThat(lincoln).isNotNull();
        assertThat(lincoln.get("scope").asString()).isEqualTo("SCHOOL");
        assertThat(lincoln.get("schoolId").asString()).isEqualTo("lincoln");
        assertThat(lincoln.get("districtId").asString()).isEqualTo("springfield");
        assertThat(lincoln.get("schedule").asString()).isEqualTo("ONE_TIME");
        assertThat(lincoln.get("lastRun").get("status").asString()).isEqualTo("COMPLETED");
    }

    @Test
    void secondUploadWhileAFeedRunsIsAConflict() {
        // given: a run of the feed holds its claim
        jdbc.update("UPDATE feed_state SET active_run_id = 424242 WHERE feed_id = 'washington-upload'");

        // when
        ApiClient.Response second = admin.upload("/api/feeds/washington-upload/uploads", "x.csv",
                "Student ID,First Name,Last Name,Grade\n1,A,B,6\n".getBytes(StandardCharsets.UTF_8));

        // then
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().get("error").asString()).isEqualTo("feed_busy");
        assertThat(second.json().get("message").asString()).contains("424242");
        jdbc.update("UPDATE feed_state SET active_run_id = NULL");
    }

    @Test
    void aHeldRunIsApprovedByAnAdminOnlyOnce() {
        // given: 10 students, then a file that loses 6 of them (60%, the feed allows 20%)
        StringBuilder all = new StringBuilder("Student ID,First Name,Last Name,Grade\n");
        for (int i = 1; i <= 10; i++) {
            all.append("B").append(i).append(",Kid,Adams").append((char) ('a' + i)).append(",5\n");
        }
        importFile("adams-guarded", all.toString());
        String rest = all.substring(0, all.indexOf("B5,"));
        ApiClient.Response upload = admin.upload("/api/feeds/adams-guarded/uploads", "adams.csv",
                rest.getBytes(StandardCharsets.UTF_8));
        long runId = upload.json().get("runId").asLong();
        assertThat(awaitRun(runId).status().name()).isEqualTo("HELD");
        assertThat(admin.get("/api/runs/" + runId).json().get("counts").get("held").asInt()).isEqualTo(6);
        assertThat(admin.get("/api/runs/" + runId + "/changes?action=DEACTIVATE").json().get(0).get("held")
                .asBoolean()).isTrue();

        // when / then: a teacher may not, an admin may, and only once
        ApiClient teacher = ApiClient.as(port, "lincoln-teacher", "teacher-secret");
        assertThat(teacher.postJson("/api/runs/" + runId + "/approve", "").status()).isEqualTo(403);
        ApiClient.Response approved = admin.postJson("/api/runs/" + runId + "/approve", "");
        assertThat(approved.status()).isEqualTo(202);
        assertThat(approved.json().get("deactivated").asInt()).isEqualTo(6);
        assertThat(admin.get("/api/runs/" + runId).json().get("status").asString()).isEqualTo("COMPLETED");
        ApiClient.Response again = admin.postJson("/api/runs/" + runId + "/approve", "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("error").asString()).isEqualTo("not_approvable");

        // and the whole run can be undone by an admin, as a run of its own
        assertThat(teacher.postJson("/api/runs/" + runId + "/revert", "").status()).isEqualTo(403);
        ApiClient.Response reverted = admin.postJson("/api/runs/" + runId + "/revert", "");
        assertThat(reverted.status()).isEqualTo(202);
        long revertId = reverted.json().get("runId").asLong();
        assertThat(admin.get("/api/runs/" + revertId).json().get("message").asString())
                .startsWith("Revert of run " + runId);
        assertThat(admin.get("/api/schools/adams/students?status=DEACTIVATED").json().size()).isZero();
        assertThat(admin.postJson("/api/runs/" + runId + "/revert", "").json().get("error").asString())
                .isEqualTo("not_revertable");
    }

    @Test
    void anUploadOverTheLimitIsRefusedWith413AndNoRun() {
        // given: the tests' limit is 2 MB
        byte[] big = new byte[3 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) 'x');

        // when
        ApiClient.Response response = admin.upload("/api/feeds/lincoln-upload/uploads", "big.csv", big);

        // then
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().get("error").asString()).isEqualTo("file_too_large");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM import_run", Integer.class)).isZero();
    }

    @Test
    void everyListIsPagedWithItsTotalAndAPagePastTheEndIsEmpty() {
        // given
        importFile("lincoln-upload", "Student ID,First Name,Last Name,Grade\n1,Ann,Lee,3\n2,Bo,Chen,3\n");
        int feedCount = admin.get("/api/feeds").json().size();

        // when
        ApiClient.Response firstFeed = admin.get("/api/feeds?page=0&size=1");
        ApiClient.Response secondFeed = admin.get("/api/feeds?page=1&size=1");
        ApiClient.Response farFeeds = admin.get("/api/feeds?page=2000000000&size=5000");
        ApiClient.Response farStudents = admin.get("/api/schools/lincoln/students?page=1000000&size=5000");
        ApiClient.Response farRuns = admin.get("/api/runs?page=2147483647&size=5000");

        // then
        assertThat(feedCount).isGreaterThan(1);
        assertThat(firstFeed.json().size()).isEqualTo(1);
        assertThat(firstFeed.headers().getFirst("X-Total-Count")).isEqualTo(String.valueOf(feedCount));
        assertThat(secondFeed.json().get(0).get("id").asString())
                .isNotEqualTo(firstFeed.json().get(0).get("id").asString());
        for (ApiClient.Response far : List.of(farFeeds, farStudents, farRuns)) {
            assertThat(far.status()).isEqualTo(200);
            assertThat(far.json().size()).isZero();
        }
        assertThat(farStudents.headers().getFirst("X-Total-Count")).isEqualTo("2");

        // and a student's audit trail: created, then updated by a second run
        importFile("lincoln-upload", "Student ID,First Name,Last Name,Grade\n1,Ann,Lee,4\n2,Bo,Chen,3\n");
        ApiClient.Response firstEvent = admin.get("/api/schools/lincoln/students/1/events?page=0&size=1");
        ApiClient.Response secondEvent = admin.get("/api/schools/lincoln/students/1/events?page=1&size=1");
        assertThat(firstEvent.headers().getFirst("X-Total-Count")).isEqualTo("2");
        assertThat(firstEvent.json()).singleElement().satisfies(e -> assertThat(e.get("event").asString())
                .isEqualTo("CREATED"));
        assertThat(secondEvent.json()).singleElement().satisfies(e -> assertThat(e.get("event").asString())
                .isEqualTo("UPDATED"));
        assertThat(admin.get("/api/schools/lincoln/students/1/events?size=0").status()).isEqualTo(400);
    }

    @Test
    void theAuditTrailNamesTheRunOfAnImportsEventsAndNoRunForARequests() {
        // given: one student from an import, one made by hand
        ImportRun imported = importFile("lincoln-upload", "Student ID,First Name,Last Name,Grade\n1,Ann,Lee,3\n");
        assertThat(admin.postJson("/api/schools/lincoln/students",
                "{\"studentId\": \"M-9\", \"firstName\": \"Man\", \"lastName\": \"Ual\", \"grade\": \"3\"}")
                .status()).isEqualTo(201);

        // when
        JsonNode importedEvent = admin.get("/api/schools/lincoln/students/1/events").json().get(0);
        JsonNode manualEvent = admin.get("/api/schools/lincoln/students/M-9/events").json().get(0);

        // then: a request's event has no run (null), never a run 0 that does not exist
        assertThat(importedEvent.get("runId").asLong()).isEqualTo(imported.runId());
        assertThat(manualEvent.get("event").asString()).isEqualTo("CREATED");
        assertThat(manualEvent.get("runId").isNull()).as("runId of %s", manualEvent).isTrue();
    }

    @Test
    void anEmptyFeedIdListsTheRunsOfEveryFeedLikeNoFeedId() {
        // given
        long runId = importFile("lincoln-upload", "Student ID,First Name,Last Name,Grade\n1,Ann,Lee,3\n").runId();

        // when: the contract's GET /api/runs?feedId=&limit= as a script sends it with its variables empty
        ApiClient.Response runs = admin.get("/api/runs?feedId=&limit=");

        // then
        assertThat(runs.status()).isEqualTo(200);
        assertThat(runs.json().get(0).get("runId").asLong()).isEqualTo(runId);
        assertThat(runs.headers().getFirst("X-Total-Count")).isEqualTo("1");
    }

    @Test
    void aListWithoutSizeIsAPageOf500AndTimesNotSetAreNull() {
        // given: 501 students
        StringBuilder csv = new StringBuilder("Student ID,First Name,Last Name,Grade\n");
        for (int i = 1; i <= 501; i++) {
            csv.append(i).append(",Kid,Number").append(i).append(",3\n");
        }
        importFile("lincoln-upload", csv.toString());

        // when
        ApiClient.Response first = admin.get("/api/schools/lincoln/students");
        ApiClient.Response second = admin.get("/api/schools/lincoln/students?page=1");

        // then: the contract's default page size, the total in X-Total-Count, and null for a time that is not set
        assertThat(first.json().size()).isEqualTo(500);
        assertThat(first.headers().getFirst("X-Total-Count")).isEqualTo("501");
        assertThat(second.json().size()).isEqualTo(1);
        assertThat(first.json().get(0).get("missingSince").isNull()).isTrue();
        JsonNode uploadFeed = null;
        for (JsonNode feed : admin.get("/api/feeds").json()) {
            uploadFeed = feed.get("id").asString().equals("lincoln-upload") ? feed : uploadFeed;
        }
        assertThat(uploadFeed.get("nextRunAt").isNull()).as("a ONE_TIME feed's nextRunAt").isTrue();
    }

    @Test
    void errorsAreJsonWithACodeAndAMessage() {
        assertThat(ApiClient.anonymous(port).get("/api/feeds").status()).isEqualTo(401);
        assertThat(ApiClient.as(port, "admin", "wrong").get("/api/feeds").status()).isEqualTo(401);
        ApiClient.Response missing = admin.get("/api/runs/987654");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("error").asString()).isEqualTo("not_found");
        assertThat(admin.get("/api/schools/lincoln/students?size=9000").json().get("message").asString())
                .contains("5000");
        assertThat(admin.upload("/api/feeds/nope/uploads", "x.csv", new byte[] { 1 }).status()).isEqualTo(404);
        assertThat(admin.get("/api/schools/nowhere/students").status()).isEqualTo(404);
        assertThat(admin.postJson("/api/schools/nowhere/password-resets", "{\"studentIds\": [\"1\"]}").status())
                .isEqualTo(404);
        assertThat(admin.get("/api/schools/shelby-high/students").status()).as("another district's").isEqualTo(403);
    }

    @Test
    void runsOfARemovedFeedAreShownOnlyToTheAdminsOfItsDistrict() {
        // given: runs of feeds no longer configured, one queued with its district, one from before runs kept it
        long kept = removedFeedRun("old-springfield-feed", "springfield");
        long legacy = removedFeedRun("older-feed", null);
        ApiClient shelbyville = ApiClient.as(port, "shelbyville-admin", "shelby-secret");

        // then
        assertThat(admin.get("/api/runs/" + kept).status()).isEqualTo(200);
        assertThat(admin.get("/api/runs/" + kept + "/changes").status()).isEqualTo(200);
        assertThat(shelbyville.get("/api/runs/" + kept).status()).isEqualTo(403);
        assertThat(shelbyville.get("/api/runs/" + kept + "/rejected-rows").status()).isEqualTo(403);
        assertThat(admin.get("/api/runs/" + legacy).status()).isEqualTo(403);
        assertThat(shelbyville.get("/api/runs/" + legacy).status()).isEqualTo(403);
    }

    /** A finished run of a feed that has since been removed from the configuration. */
    private long removedFeedRun(String feedId, String districtId) {
        jdbc.update("""
                INSERT INTO import_run (feed_id, district_id, trigger_type, status, dry_run, forced, requested_by,
                                        queued_at)
                VALUES (?, ?, 'UPLOAD', 'COMPLETED', FALSE, FALSE, 'admin', CURRENT_TIMESTAMP)""", feedId, districtId);
        return jdbc.queryForObject("SELECT MAX(id) FROM import_run WHERE feed_id = ?", Long.class, feedId);
    }

    @Test
    void errorsTheFrameworkFindsAreJsonWithACodeAndAMessageToo() {
        // when
        ApiClient.Response noSuchCall = admin.get("/api/nope");
        ApiClient.Response wrongMethod = admin.patchJson("/api/feeds", "{}");
        ApiClient.Response form = ApiClient.anonymous(port).postForm("/api/student-login", "username=a&password=b");
        ApiClient.Response notMultipart = ApiClient.as(port, "lincoln-teacher", "teacher-secret").postJson("/api/feeds/lincoln-upload/uploads", "{}");

        // then
        assertThat(noSuchCall.status()).isEqualTo(404);
        assertThat(noSuchCall.json().get("error").asString()).isEqualTo("not_found");
        assertThat(noSuchCall.json().get("message").asString()).contains("GET /api/nope");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.json().get("message").asString()).contains("PATCH", "GET");
        assertThat(form.status()).isEqualTo(415);
        assertThat(form.json().get("message").asString()).contains("application/json");
        assertThat(notMultipart.status()).isEqualTo(400);
        assertThat(notMultipart.json().get("message").asString()).contains("multipart/form-data", "'file'");
    }

    @Test
    void aParameterWithAnInvalidValueIsToldTheValuesThatWork() {
        // when
        ApiClient.Response status = admin.get("/api/schools/lincoln/students?status=GONE");
        ApiClient.Response page = admin.get("/api/feeds?page=first");

        // then
        assertThat(status.status()).isEqualTo(400);
        assertThat(status.json().get("message").asString()).contains("parameter 'status'", "'GONE'",
                "use one of PENDING_ACTIVATION, PASSWORD_ISSUED, ACTIVE, DEACTIVATED");
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.json().get("message").asString()).contains("parameter 'page'", "use a whole number");
    }

    @Test
    void aQueryThatIsNotValidPercentEncodingIsABadRequestNotAServerFailure() {
        // when: %ff and %C0 are bytes that are no UTF-8 text; the parameter need not even be one the call takes
        ApiClient.Response badPage = admin.getExactly("/api/feeds?page=%ff");
        ApiClient.Response badOther = admin.getExactly("/api/schools/lincoln/students?x=%C0");

        // then
        for (ApiClient.Response response : List.of(badPage, badOther)) {
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().get("error").asString()).isEqualTo("bad_request");
            assertThat(response.json().get("message").asString()).contains("query", "UTF-8");
        }
    }

    @Test
    void anAddressTheFirewallRefusesIsAnsweredInTheApisForm() {
        // given
        ApiClient teacher = ApiClient.as(port, "lincoln-teacher", "teacher-secret");

        // when: escapes outside a Student ID's segment
        ApiClient.Response doubleSlash = teacher.getExactly("//api/feeds");
        ApiClient.Response semicolon = teacher.getExactly("/api/schools/lincoln%3Bx/students");

        // then
        for (ApiClient.Response refused : List.of(doubleSlash, semicolon)) {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("error").asString()).isEqualTo("bad_request");
            assertThat(refused.json().get("message").asString()).contains("address",
                    "/api/schools/{schoolId}/students/{studentId}", "%2E");
        }
    }

    /** Student IDs an SIS may give, each with its address segment. */
    static final Map<String, String> AWKWARD_IDS = awkwardIds();

    private static Map<String, String> awkwardIds() {
        Map<String, String> ids = new java.util.LinkedHashMap<>();
        ids.put("a/b", "a%2Fb");
        ids.put("50%A", "50%25A");
        ids.put("x;y", "x%3By");
        ids.put("back\\slash", "back%5Cslash");
        ids.put(".", "%2E");
        ids.put("..", "%2E%2E");
        ids.put("../..", "..%2F..");
        return ids;
    }

    @Test
    void everyApiAddressThatTakesAStudentIdServesIdsWithSlashPercentSemicolonBackslashOrDots() {
        // given: a teacher adds students whose IDs hold what an SIS may put in them
        ApiClient teacher = ApiClient.as(port, "lincoln-teacher", "teacher-secret");
        AWKWARD_IDS.forEach((id, segment) -> {
            String address = "/api/schools/lincoln/students/" + segment;
            ApiClient.Response created = teacher.postJson("/api/schools/lincoln/students", "{\"studentId\": \""
                    + id.replace("\\", "\\\\") + "\", \"firstName\": \"Ann\", \"lastName\": \"Lee\","
                    + " \"grade\": \"5\"}");
            jdbc.update("UPDATE student_account SET status = 'ACTIVE' WHERE student_id = ?", id);

            // when: each address that takes a Student ID, percent-encoded as one segment
            ApiClient.Response student = teacher.getExactly(address);
            ApiClient.Response events = teacher.getExactly(address + "/events");
            ApiClient.Response change = teacher.sendExactly(org.springframework.http.HttpMethod.PATCH, address,
                    "{\"grade\": \"6\"}");
            ApiClient.Response reset = teacher.sendExactly(org.springframework.http.HttpMethod.POST,
                    address + "/password-reset", null);

            // then: that student, every time
            assertThat(created.status()).as("create %s: %s", id, created.text()).isEqualTo(201);
            assertThat(created.headers().getLocation()).as(id).hasToString(address);
            assertThat(student.status()).as("GET %s: %s", address, student.text()).isEqualTo(200);
            assertThat(student.json().get("studentId").asString()).isEqualTo(id);
            assertThat(events.status()).as("GET %s/events: %s", address, events.text()).isEqualTo(200);
            assertThat(events.json().isArray()).isTrue();
            assertThat(change.status()).as("PATCH %s", address).isEqualTo(400);
            assertThat(change.json().get("message").asString()).contains("come from the roster file");
            assertThat(reset.status()).as("POST %s/password-reset: %s", address, reset.text()).isEqualTo(200);
            assertThat(reset.json().get("studentId").asString()).isEqualTo(id);
            assertThat(reset.json().get("password").asString()).isNotBlank();
        });
    }

    @Test
    void aStudentIdSegmentIsOneSegmentOfItsSchoolOnlyAndTheFirewallStaysStrictEverywhereElse() {
        // given
        ApiClient teacher = ApiClient.as(port, "lincoln-teacher", "teacher-secret");
        ApiClient admin = ApiClient.as(port, "admin", "admin-secret");
        admin.postJson("/api/schools/washington/students",
                "{\"studentId\": \"a/b\", \"firstName\": \"Bo\", \"lastName\": \"Chen\", \"grade\": \"7\"}");

        // when
        ApiClient.Response otherSchool = teacher.getExactly("/api/schools/washington/students/a%2Fb");
        ApiClient.Response otherSchoolsReset = teacher.sendExactly(org.springframework.http.HttpMethod.POST,
                "/api/schools/washington/students/a%2Fb/password-reset", null);
        ApiClient.Response climbing = admin.getExactly("/api/schools/lincoln/students/..%2F..%2F..%2Ffeeds");
        ApiClient.Response rawSemicolon = admin.getExactly("/api/schools/lincoln/students/a;b");
        ApiClient.Response escapedSchool = admin.getExactly("/api/schools/lincoln%2Fx/students/1");
        ApiClient.Response dotSchool = admin.getExactly("/api/schools/%2E%2E/students/1");
        ApiClient.Response elsewhere = admin.getExactly("/api/runs/%2E%2E/feeds");
        ApiClient.Response onAPage = admin.getExactly("/schools/lincoln/students/a%2Fb");

        // then: another school's student is forbidden; an ID that looks like a path is only an ID (not found);
        // escapes anywhere else are refused as before
        assertThat(otherSchool.status()).isEqualTo(403);
        assertThat(otherSchoolsReset.status()).isEqualTo(403);
        assertThat(climbing.status()).isEqualTo(404);
        assertThat(climbing.json().get("message").asString()).contains("student '../../../feeds'");
        for (ApiClient.Response refused : List.of(rawSemicolon, escapedSchool, dotSchool, elsewhere, onAPage)) {
            assertThat(refused.status()).isEqualTo(400);
        }
    }

    @Test
    void anAddressTomcatCannotDecodeIsAnsweredInTheApisFormToo() throws java.io.IOException {
        // when: a script puts the Student ID 50%A into the address without encoding it; Tomcat refuses it itself
        String unencoded = raw("GET /api/schools/lincoln/students/50%A/events HTTP/1.1");
        String page = raw("GET /schools/lincoln/students/50%A HTTP/1.1");

        // then: JSON with a code and what to do, under /api/ only; the pages keep their plain error page
        assertThat(unencoded).startsWith("HTTP/1.1 400").containsIgnoringCase("Content-Type: application/json")
                .contains("{\"error\":\"bad_request\",\"message\":\"").contains("%25", "password-resets")
                .doesNotContainIgnoringCase("<html");
        assertThat(page).startsWith("HTTP/1.1 400").containsIgnoringCase("<html");
    }

    /** One request written as is on a socket (no client would send an address that is no URI), and the answer. */
    private String raw(String requestLine) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            String auth = java.util.Base64.getEncoder().encodeToString("admin:admin-secret".getBytes(
                    StandardCharsets.UTF_8));
            socket.getOutputStream().write((requestLine + "\r\nHost: localhost\r\nAuthorization: Basic " + auth
                    + "\r\nAccept: application/json\r\nConnection: close\r\n\r\n").getBytes(
                    StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theLocationOfACreatedStudentIsThatStudentWhateverTheStudentIdHolds() {
        // given: student 7 exists; the SIS's Student IDs may hold a slash or a semicolon
        ApiClient teacher = ApiClient.as(port, "lincoln-teacher", "teacher-secret");
        importFile("lincoln-upload", "Student ID,First Name,Last Name,Grade\n7,Ann,Lee,3\n");

        // when
        ApiClient.Response slash = teacher.postJson("/api/schools/lincoln/students",
                "{\"studentId\": \"7/events\", \"firstName\": \"Sl\", \"lastName\": \"Ash\", \"grade\": \"5\"}");
        ApiClient.Response semicolon = teacher.postJson("/api/schools/lincoln/students",
                "{\"studentId\": \"7;x\", \"firstName\": \"Se\", \"lastName\": \"Mi\", \"grade\": \"5\"}");

        // then: never the address of student 7's audit trail, or of student 7 with a path parameter
        assertThat(slash.status()).isEqualTo(201);
        assertThat(slash.headers().getLocation()).hasToString("/api/schools/lincoln/students/7%2Fevents");
        assertThat(semicolon.headers().getLocation()).hasToString("/api/schools/lincoln/students/7%3Bx");
    }

    @Test
    void aNotAcceptableAnswerNamesEveryTypeTheCallCanAnswerAndTheApiItselfIsNoCall() {
        // when
        ApiClient.Response rejectedRows = admin.get("/api/runs/1/rejected-rows", MediaType.APPLICATION_XML);
        ApiClient.Response api = admin.getExactly("/api");

        // then: the rejected rows also come as a CSV file
        assertThat(rejectedRows.status()).isEqualTo(406);
        assertThat(rejectedRows.json().get("message").asString()).contains("application/json", "text/csv");
        assertThat(api.status()).isEqualTo(404);
        assertThat(api.json().get("error").asString()).isEqualTo("not_found");
        assertThat(api.json().get("message").asString()).contains("GET /api", "README");
    }

    @Test
    void teachersSeeOnlyTheirSchoolAndCannotUpload() {
        // given
        ApiClient teacher = ApiClient.as(port, "lincoln-teacher", "teacher-secret");
        importFile("washington-upload", "Student ID,First Name,Last Name,Grade\n1,A,B,6\n");

        // then
        assertThat(teacher.get("/api/schools/lincoln/students").status()).isEqualTo(200);
        assertThat(teacher.get("/api/schools/washington/students").status()).isEqualTo(403);
        assertThat(teacher.upload("/api/feeds/lincoln-upload/uploads", "x.csv", new byte[] { 1 }).status())
                .isEqualTo(403);
        assertThat(teacher.get("/api/feeds").json()).extracting(f -> f.get("id").asString())
                .containsExactlyInAnyOrder("lincoln-upload");
        assertThat(teacher.get("/api/runs").json()).isEmpty();
    }

    @Test
    void aWriteSentFromAForeignOriginIsRefusedAndOneFromTheServersOwnOriginPasses() {
        // given: an older browser sends no Sec-Fetch-Site, but an Origin with every write
        String student = "{\"studentId\": \"OR1\", \"firstName\": \"Ori\", \"lastName\": \"Gin\", \"grade\": \"3\"}";

        // when
        ApiClient.Response foreign = admin.postJsonWith(Map.of("Origin", "https://evil.example"),
                "/api/schools/lincoln/students", student);
        ApiClient.Response foreignLogin = ApiClient.anonymous(port).postJsonWith(Map.of("Origin", "null"),
                "/api/student-login", "{\"username\": \"a\", \"password\": \"b\"}");
        ApiClient.Response otherPort = admin.postJsonWith(Map.of("Origin", "http://localhost:" + (port + 1)),
                "/api/schools/lincoln/students", student);
        ApiClient.Response own = admin.postJsonWith(Map.of("Origin", "http://localhost:" + port),
                "/api/schools/lincoln/students", student);

        // then
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.json().get("error").asString()).isEqualTo("cross_site");
        assertThat(foreign.json().get("message").asString()).contains("another site");
        assertThat(foreignLogin.status()).isEqualTo(403);
        assertThat(foreignLogin.json().get("error").asString()).isEqualTo("cross_site");
        assertThat(otherPort.status()).isEqualTo(403);
        assertThat(own.status()).isEqualTo(201);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM student_account WHERE student_id = 'OR1'", Integer.class))
                .isEqualTo(1);
    }

    @Test
    void behindATlsProxyTheOriginTheBrowserSawIsTheServersOwn() {
        // when: the proxy says the browser reached https://sync.springfield.example
        ApiClient.Response proxied = ApiClient.anonymous(port).postJsonWith(Map.of("Origin",
                "https://sync.springfield.example", "X-Forwarded-Proto", "https", "X-Forwarded-Host",
                "sync.springfield.example"), "/api/student-login", "{\"username\": \"nobody\", \"password\": \"x\"}");
        ApiClient.Response plainHttp = ApiClient.anonymous(port).postJsonWith(Map.of("Origin",
                "http://sync.springfield.example", "X-Forwarded-Proto", "https", "X-Forwarded-Host",
                "sync.springfield.example"), "/api/student-login", "{\"username\": \"nobody\", \"password\": \"x\"}");

        // then: the sign-in is tried (and fails on its password), not refused as cross-site
        assertThat(proxied.status()).isNotEqualTo(403);
        assertThat(proxied.json().get("error").asString()).isNotEqualTo("cross_site");
        assertThat(plainHttp.status()).isEqualTo(403);
    }

    @Test
    void theSessionCookieIsSameSiteLaxAndSecureWhenTheProxySaysTheBrowserUsedHttps() {
        // when: the staff sign-in page starts a session (its form's CSRF token)
        ApiClient.Response overHttps = ApiClient.anonymous(port).getWith(Map.of("X-Forwarded-Proto", "https"),
                "/staff/login", MediaType.TEXT_HTML);
        ApiClient.Response overHttp = ApiClient.anonymous(port).getWith(Map.of(), "/staff/login", MediaType.TEXT_HTML);

        // then
        String secure = sessionCookie(overHttps);
        assertThat(secure).contains("SameSite=Lax", "HttpOnly", "Secure");
        String plain = sessionCookie(overHttp);
        assertThat(plain).contains("SameSite=Lax", "HttpOnly").doesNotContain("Secure");
    }

    private static String sessionCookie(ApiClient.Response response) {
        return response.headers().getOrEmpty(HttpHeaders.SET_COOKIE).stream()
                .filter(cookie -> cookie.startsWith("JSESSIONID=")).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie in " + response.headers()));
    }

    @Test
    void theApiSendsAContentSecurityPolicyAndReferrerPolicyToo() {
        // when
        ApiClient.Response feeds = admin.get("/api/feeds");

        // then
        assertThat(feeds.headers().getFirst("Content-Security-Policy")).contains("default-src 'none'",
                "frame-ancestors 'none'");
        assertThat(feeds.headers().getFirst("Referrer-Policy")).isEqualTo("same-origin");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aServerErrorIsLoggedByItsRouteAndAnIdWithoutTheStudentIdOrAnyMessage(CapturedOutput output) {
        // given: a student, and a database that fails the next read of their history
        importFile("lincoln-upload", "Student ID,First Name,Last Name,Grade\n934417,Zelda,Quixote,3\n");
        ApiClient.Response failed;
        jdbc.execute("ALTER TABLE account_event RENAME TO account_event_away");
        try {
            // when
            failed = admin.get("/api/schools/lincoln/students/934417/events");
        } finally {
            jdbc.execute("ALTER TABLE account_event_away RENAME TO account_event");
        }

        // then: the caller gets an id to report, and the log line carries that id and the route, nothing of hers
        assertThat(failed.status()).isEqualTo(500);
        String message = failed.json().get("message").asString();
        String id = message.replaceAll(".*under error ([0-9a-f]+).*", "$1");
        assertThat(id).hasSize(8);
        assertThat(output.getAll()).contains("Unexpected error " + id
                + " on GET /api/schools/{schoolId}/students/{studentId}/events");
        assertThat(output.getAll()).doesNotContain("934417", "Zelda", "Quixote");
    }
}
