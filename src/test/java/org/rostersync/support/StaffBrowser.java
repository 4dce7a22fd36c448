package org.rostersync.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A staff member's browser over real HTTP, without script: it keeps its cookies (for the server and for the identity
 * provider alike), follows no redirect by itself, and signs in with the form or through {@link TestIdentityProvider}
 * by the real authorization-code flow: roster-sync's redirect to the provider, the provider's sign-in form, the
 * provider's redirect back with a code, and roster-sync's exchange of that code for the ID token.
 */
public final class StaffBrowser {

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    private String callback;

    public StaffBrowser(int port) {
        this.base = "http://localhost:" + port;
    }

    /** An answer: its status, its {@code Location} (or {@code null}), its body. */
    public record Page(int status, String location, byte[] body, java.net.http.HttpHeaders headers) {

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The value of the first hidden input named {@code name}, e.g. the page's CSRF token. */
        public String input(String name) {
            Matcher value = Pattern.compile("name=\"" + Pattern.quote(name) + "\"\\s+value=\"([^\"]*)\"")
                    .matcher(text());
            assertThat(value.find()).as("an input named %s", name).isTrue();
            return value.group(1).replace("&#45;", "-");
        }
    }

    /**
     * Signs in through the provider as {@code subject} with the claims JSON typed on its form; says where roster-sync
     * sent the browser at the end: {@code /} when it let them in, {@code /staff/refused?reason=…} when it did not.
     */
    public String signInWithProvider(String subject, String claims) {
        Page start = get("/oauth2/authorization/" + TestIdentityProvider.REGISTRATION);
        assertThat(start.status()).as("roster-sync sends the browser to the provider").isEqualTo(302);
        assertThat(start.location()).startsWith(TestIdentityProvider.issuer() + "/authorize");
        Page form = send(HttpRequest.newBuilder(URI.create(start.location())).GET());
        assertThat(form.status()).as("the provider's sign-in form").isEqualTo(200);
        assertThat(form.text()).contains("name=\"username\"");
        Page code = send(HttpRequest.newBuilder(URI.create(start.location()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + encode(subject) + "&claims="
                        + encode(claims))));
        assertThat(code.status()).as("the provider sends the browser back with a code").isEqualTo(302);
        assertThat(code.location()).startsWith(base + "/login/oauth2/code/" + TestIdentityProvider.REGISTRATION)
                .contains("code=", "state=");
        callback = code.location();
        Page back = send(HttpRequest.newBuilder(URI.create(code.location())).GET());
        assertThat(back.status()).as("roster-sync's answer to the code").isEqualTo(302);
        return path(back.location());
    }

    /** The address the provider last sent this browser back to, with its authorization code and state. */
    public String lastCallback() {
        return callback;
    }

    /** Signs in with the staff form; says where the server sent the browser next. */
    public String signInWithForm(String username, String password) {
        String csrf = get("/staff/login").input("_csrf");
        Page answer = post("/staff/login", List.of("username", username, "password", password, "_csrf", csrf));
        assertThat(answer.status()).isEqualTo(302);
        return path(answer.location());
    }

    public Page get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/html").GET());
    }

    /** A form post; {@code fields} alternate names and values, a name may repeat. */
    public Page post(String path, List<String> fields) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < fields.size(); i += 2) {
            pairs.add(encode(fields.get(i)) + "=" + encode(fields.get(i + 1)));
        }
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("&", pairs))));
    }

    /** A file upload as the Feeds page's form sends it: {@code file} and the CSRF token, multipart. */
    public Page upload(String path, String csrf, String fileName, String content) {
        String boundary = "----roster-sync-test-" + System.nanoTime();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: text/csv\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Page(answer.statusCode(), answer.headers().firstValue("Location").orElse(null), answer.body(),
                    answer.headers());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A location on this server as its path and query. */
    private String path(String location) {
        return location.startsWith(base) ? location.substring(base.length()) : location;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
