package org.rostersync.staff;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rostersync.support.ApiClient;
import org.rostersync.support.DatabaseTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import tools.jackson.databind.JsonNode;

/**
 * Sign-in limits and the staff lockout, over real HTTP on H2 and PostgreSQL, with the shipped limits (10 attempts a
 * minute per username, 300 per client address) and lockout (5 failures within 15 minutes lock for 15 minutes). Every
 * request comes from 127.0.0.1.
 */
abstract class SignInTests extends DatabaseTestSupport {

    /** The limits application.yml ships, which application-test.yml raises for the shared contexts. */
    static final String PER_USERNAME = "rostersync.sign-in.per-username=10";
    static final String PER_ADDRESS = "rostersync.sign-in.per-address=300";
    /** As behind a TLS proxy: the client address is the one the proxy names (Tomcat trusts proxies on 127.0.0.1). */
    static final String BEHIND_PROXY = "server.forward-headers-strategy=native";

    static final String HEADER = "Student ID,First Name,Last Name,Grade\n";

    /** Each test starts an hour after the last one, so that every limit has refilled and every lock has ended. */
    private static final AtomicInteger TESTS = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void startLater() {
        clock.set(Instant.parse("2026-09-01T07:00:00Z").plus(Duration.ofHours(TESTS.incrementAndGet())));
    }

    @Test
    void wrongStaffPasswordsLockTheUsernameAndALockedUsernameAnswersAsAWrongPassword() {
        // given
        ApiClient wrong = ApiClient.as(port, "lincoln-admin", "not-it");
        ApiClient right = ApiClient.as(port, "lincoln-admin", "school-secret");
        assertThat(right.get("/api/feeds").status()).isEqualTo(200);

        // when: five wrong passwords
        List<ApiClient.Response> failures = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            failures.add(wrong.get("/api/feeds"));
        }
        ApiClient.Response locked = right.get("/api/feeds");

        // then: the right password no longer gets in, and says so exactly as a wrong one or an unknown user does
        ApiClient.Response unknown = ApiClient.as(port, "nobody-here", "not-it").get("/api/feeds");
        assertThat(failures).extracting(ApiClient.Response::status).containsOnly(401);
        assertThat(locked.status()).isEqualTo(401);
        assertThat(locked.text()).isEqualTo(failures.get(0).text()).isEqualTo(unknown.text());
        assertThat(locked.headers().get(HttpHeaders.WWW_AUTHENTICATE))
                .isEqualTo(failures.get(0).headers().get(HttpHeaders.WWW_AUTHENTICATE));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM staff_sign_in WHERE username = 'lincoln-admin'"
                + " AND locked_until IS NOT NULL", Integer.class)).isEqualTo(1);
        assertThat(ApiClient.as(port, "admin", "admin-secret").get("/api/feeds").status())
                .as("another staff user").isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM staff_sign_in WHERE username = 'nobody-here'",
                Integer.class)).as("made-up usernames are not stored").isZero();

        // when: the lock runs out (15 minutes); wrong guesses while locked do not stretch it
        clock.advance(Duration.ofMinutes(14));
        assertThat(wrong.get("/api/feeds").status()).isEqualTo(401);
        assertThat(right.get("/api/feeds").status()).isEqualTo(401);
        clock.advance(Duration.ofMinutes(2));

        // then
        assertThat(right.get("/api/feeds").status()).isEqualTo(200);
    }

    @Test
    void wrongStaffPasswordsSentTogetherAreEachCountedAndLockTheUsername() throws Exception {
        // given
        ExecutorService senders = Executors.newFixedThreadPool(9);

        // when: nine wrong passwords at once, each counted while the others are
        List<Future<Integer>> guesses = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            ApiClient guesser = ApiClient.as(port, "lincoln-admin", "guess-" + i);
            guesses.add(senders.submit(() -> guesser.get("/api/feeds").status()));
        }
        for (Future<Integer> guess : guesses) {
            assertThat(guess.get(30, TimeUnit.SECONDS)).isEqualTo(401);
        }
        senders.shutdown();

        // then: locked once, with no failure left over to count towards the next lock
        assertThat(ApiClient.as(port, "lincoln-admin", "school-secret").get("/api/feeds").status()).isEqualTo(401);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM staff_sign_in WHERE locked_until IS NOT NULL",
                Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM staff_login_failure", Integer.class)).isZero();
    }

    @Test
    void theSignInFormLocksTheSameUsernameAsHttpBasic() {
        // given: three wrong passwords on the form and two by HTTP Basic
        for (int i = 0; i < 3; i++) {
            assertThat(signInWithForm("lincoln-teacher", "not-it")).endsWith("/staff/login?error");
        }
        for (int i = 0; i < 2; i++) {
            assertThat(ApiClient.as(port, "lincoln-teacher", "not-it").get("/api/feeds").status()).isEqualTo(401);
        }

        // when
        String locked = signInWithForm("lincoln-teacher", "teacher-secret");

        // then: the form says what it says for a wrong password
        assertThat(locked).endsWith("/staff/login?error");
        assertThat(ApiClient.as(port, "lincoln-teacher", "teacher-secret").get("/api/feeds").status())
                .isEqualTo(401);

        // when: the lock runs out
        clock.advance(Duration.ofMinutes(16));

        // then
        assertThat(signInWithForm("lincoln-teacher", "teacher-secret")).doesNotContain("/staff/login");
    }

    @Test
    void theEleventhStaffSignInOfAUsernameWithinAMinuteIsRefusedBeforeItsPasswordIsChecked() {
        // given: ten wrong passwords for one username
        for (int i = 0; i < 10; i++) {
            assertThat(ApiClient.as(port, "lincoln-teacher", "guess-" + i).get("/api/feeds").status())
                    .isEqualTo(401);
        }
        long checks = passwordChecks();
        double refused = refused("username");

        // when
        ApiClient.Response api = ApiClient.as(port, "lincoln-teacher", "guess-10").get("/api/feeds");
        ApiClient.Response actuator = ApiClient.as(port, "lincoln-teacher", "guess-11").get("/actuator/metrics");

        // then: 429 at once, with when to come back; Spring Security never saw either
        for (ApiClient.Response answer : List.of(api, actuator)) {
            assertRateLimited(answer);
        }
        assertThat(passwordChecks()).isEqualTo(checks);
        assertThat(refused("username")).isEqualTo(refused + 2);
        assertThat(ApiClient.as(port, "admin", "admin-secret").get("/api/feeds").status())
                .as("another username from the same address").isEqualTo(200);

        // when: the wait the answer named has passed
        clock.advance(Duration.ofSeconds(Long.parseLong(api.headers().getFirst(HttpHeaders.RETRY_AFTER))));

        // then: the next attempt is checked again (and still locked: ten failures); admin's was checked too
        assertThat(ApiClient.as(port, "lincoln-teacher", "teacher-secret").get("/api/feeds").status())
                .isEqualTo(401);
        assertThat(passwordChecks()).isEqualTo(checks + 2);
    }

    @Test
    void anApiScriptThatSignsInRightIsNotLimited() {
        // given
        ApiClient script = ApiClient.as(port, "admin", "admin-secret");

        // when: far more calls in a minute than the per-username limit of ten
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            statuses.add(script.get("/api/feeds").status());
        }

        // then
        assertThat(statuses).containsOnly(200);
    }

    @Test
    void staffFormSignInsOverTheLimitGoBackToTheFormSayingToWait() {
        // given
        for (int i = 0; i < 10; i++) {
            assertThat(signInWithForm("admin", "guess-" + i)).endsWith("/staff/login?error");
        }

        // when
        String throttled = signInWithForm("admin", "admin-secret");

        // then
        assertThat(throttled).endsWith("/staff/login?throttled");
        ApiClient.Response page = ApiClient.anonymous(port).get("/staff/login?throttled", MediaType.TEXT_HTML);
        assertThat(page.text()).contains("Too many sign-in attempts. Wait a minute");
    }

    @Test
    void theEleventhStudentSignInWithinAMinuteIsRefusedEvenWithTheRightPassword() {
        // given: a student who signs in ten times in a minute
        importFile("lincoln-upload", HEADER + "1,Ann,Lee,3\n");
        String password = issuePasswords("1").get(0).get("password").asString();
        for (int i = 0; i < 10; i++) {
            assertThat(studentLogin("ann.lee", password).status()).isEqualTo(200);
        }
        double refused = refused("username");

        // when
        ApiClient.Response eleventh = studentLogin("Ann.Lee ", password);

        // then: refused before the password was checked: a checked right password signs in
        assertRateLimited(eleventh);
        assertThat(refused("username")).isEqualTo(refused + 1);
        assertThat(studentLogin("nobody.here", "x").status()).as("another username").isEqualTo(401);

        // when: the wait the answer named has passed
        clock.advance(Duration.ofSeconds(Long.parseLong(eleventh.headers().getFirst(HttpHeaders.RETRY_AFTER))));

        // then
        assertThat(studentLogin("ann.lee", password).status()).isEqualTo(200);
    }

    @Test
    void aClassOfThirtyStudentsSigningInFromOneAddressAtNineAllGetIn() {
        // given: thirty students with fresh passwords, one school, one address
        StringBuilder csv = new StringBuilder(HEADER);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ids.add(String.valueOf(5000 + i));
            csv.append(5000 + i).append(",Kid").append((char) ('a' + i % 26)).append((char) ('a' + i / 26))
                    .append(",Class,4\n");
        }
        importFile("lincoln-upload", csv.toString());
        JsonNode slips = issuePasswords(ids.toArray(String[]::new));
        assertThat(slips).hasSize(30);

        // when: all sign in within the same minute, one of them after a typo
        List<Integer> statuses = new ArrayList<>();
        assertThat(studentLogin(slips.get(0).get("username").asString(), "typo").status()).isEqualTo(401);
        for (JsonNode slip : slips) {
            statuses.add(studentLogin(slip.get("username").asString(), slip.get("password").asString()).status());
        }

        // then
        assertThat(statuses).hasSize(30).containsOnly(200);
    }

    @Test
    void onceAnAddressHasUsedItsAttemptsEverySignInFromItIsRefused() {
        // given: 300 attempts from this address within a minute (ten wrong passwords, then 290 held back)
        ApiClient guesser = ApiClient.as(port, "shelbyville-admin", "guess");
        for (int i = 0; i < 300; i++) {
            guesser.get("/api/feeds");
        }
        double refused = refused("address");

        // when: other usernames from the same address, right passwords included
        ApiClient.Response staff = ApiClient.as(port, "admin", "admin-secret").get("/api/feeds");
        ApiClient.Response student = studentLogin("ann.lee", "whatever");
        String form = signInWithForm("admin", "admin-secret");

        // then
        assertRateLimited(staff);
        assertRateLimited(student);
        assertThat(form).endsWith("/staff/login?throttled");
        assertThat(refused("address")).isEqualTo(refused + 3);
        assertThat(studentLoginVia("203.0.113.7", "ann.lee", "whatever"))
                .as("a school whose sign-ins a trusted proxy forwards has an allowance of its own").isEqualTo(401);

        // when: a minute later
        clock.advance(Duration.ofMinutes(1));

        // then
        assertThat(ApiClient.as(port, "admin", "admin-secret").get("/api/feeds").status()).isEqualTo(200);
    }

    @Test
    void withoutAnIdentityProviderStaffSignInWithTheFormAloneAsBefore() {
        // given: no spring.security.oauth2.client.registration in this context

        // when
        ApiClient.Response page = ApiClient.anonymous(port).get("/staff/login", MediaType.TEXT_HTML);
        ApiClient.Response provider = ApiClient.anonymous(port).get("/oauth2/authorization/district",
                MediaType.TEXT_HTML);

        // then: the form, no provider, and no way into one
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("name=\"username\"").doesNotContain("Sign in with", "/oauth2/authorization");
        assertThat(provider.status()).isEqualTo(302);
        assertThat(provider.headers().getFirst(HttpHeaders.LOCATION)).endsWith("/staff/login");
        assertThat(signInWithForm("lincoln-teacher", "teacher-secret")).doesNotContain("/staff/login");
    }

    /** A student login forwarded by a proxy on this host, which names the client it forwards for. */
    private int studentLoginVia(String client, String username, String password) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/api/student-login"))
                    .header("Content-Type", "application/json").header("X-Forwarded-For", client)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\": \"" + username
                            + "\", \"password\": \"" + password + "\"}"))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertRateLimited(ApiClient.Response answer) {
        assertThat(answer.status()).isEqualTo(429);
        assertThat(Long.parseLong(answer.headers().getFirst(HttpHeaders.RETRY_AFTER))).isBetween(1L, 60L);
        assertThat(answer.json().get("error").asString()).isEqualTo("rate_limited");
        assertThat(answer.json().get("message").asString()).contains("too many sign-in attempts", "try again");
    }

    /** Spring Security's count of authentications it ran (each one a password check), from its observations. */
    private long passwordChecks() {
        return meters.find("spring.security.authentications").timers().stream().mapToLong(Timer::count).sum();
    }

    private double refused(String limit) {
        return meters.get("rostersync.sign-in.refused").tag("limit", limit).counter().count();
    }

    private JsonNode issuePasswords(String... studentIds) {
        ApiClient.Response issued = ApiClient.as(port, "lincoln-teacher", "teacher-secret").postJson(
                "/api/schools/lincoln/password-resets", "{\"studentIds\": [\"" + String.join("\", \"", studentIds)
                        + "\"], \"layout\": \"PAPER_SAVER\"}");
        assertThat(issued.status()).isEqualTo(200);
        return issued.json();
    }

    private ApiClient.Response studentLogin(String username, String password) {
        return ApiClient.anonymous(port).postJson("/api/student-login", "{\"username\": \"" + username
                + "\", \"password\": \"" + password + "\"}");
    }

    /** Signs in on the staff form as a browser does (its page, its CSRF token), and says where it was sent next. */
    private String signInWithForm(String username, String password) {
        try {
            return formSignIn(username, password);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private String formSignIn(String username, String password) throws IOException, InterruptedException {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String base = "http://localhost:" + port;
        String page = browser.send(HttpRequest.newBuilder(URI.create(base + "/staff/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"").matcher(page);
        assertThat(csrf.find()).as("the form's CSRF token").isTrue();
        String form = "username=" + encode(username) + "&password=" + encode(password) + "&_csrf="
                + encode(csrf.group(1));
        HttpResponse<String> answer = browser.send(HttpRequest.newBuilder(URI.create(base + "/staff/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(302);
        return answer.headers().firstValue(HttpHeaders.LOCATION).orElseThrow();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
