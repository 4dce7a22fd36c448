package org.rostersync.support;

import java.nio.charset.StandardCharsets;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Real HTTP calls to the running server, as a staff user or anonymously; never throws on an error status. */
public final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RestClient http;
    private final String baseUrl;

    private ApiClient(RestClient http, String baseUrl) {
        this.http = http;
        this.baseUrl = baseUrl;
    }

    public static ApiClient as(int port, String username, String password) {
        String baseUrl = "http://localhost:" + port;
        RestClient.Builder builder = RestClient.builder().baseUrl(baseUrl)
                .requestFactory(new JdkClientHttpRequestFactory())
                .defaultStatusHandler(status -> true, (request, response) -> { });
        if (username != null) {
            builder.defaultHeaders(h -> h.setBasicAuth(username, password, StandardCharsets.UTF_8));
        }
        return new ApiClient(builder.build(), baseUrl);
    }

    public static ApiClient anonymous(int port) {
        return as(port, null, null);
    }

    public Response get(String path) {
        return get(path, MediaType.APPLICATION_JSON);
    }

    public Response get(String path, MediaType accept) {
        return Response.of(http.get().uri(path).accept(accept).retrieve().toEntity(byte[].class));
    }

    /** A GET of the path and query exactly as written, escapes and all: nothing is encoded again or tidied up. */
    public Response getExactly(String pathAndQuery) {
        return Response.of(http.get().uri(java.net.URI.create(baseUrl + pathAndQuery))
                .accept(MediaType.APPLICATION_JSON).retrieve().toEntity(byte[].class));
    }

    /** A call with a JSON body (or none) to the path and query exactly as written, escapes and all. */
    public Response sendExactly(org.springframework.http.HttpMethod method, String pathAndQuery, String json) {
        RestClient.RequestBodySpec request = http.method(method).uri(java.net.URI.create(baseUrl + pathAndQuery))
                .accept(MediaType.APPLICATION_JSON);
        if (json != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(json);
        }
        return Response.of(request.retrieve().toEntity(byte[].class));
    }

    public Response postJson(String path, String json) {
        return postJson(path, json, MediaType.APPLICATION_JSON);
    }

    public Response postJson(String path, String json, MediaType accept) {
        return Response.of(http.post().uri(path).contentType(MediaType.APPLICATION_JSON).accept(accept).body(json)
                .retrieve().toEntity(byte[].class));
    }

    /** A POST with the {@code Accept} header exactly as given, well-formed or not. */
    public Response postJson(String path, String json, String accept) {
        return Response.of(http.post().uri(path).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.ACCEPT, accept).body(json).retrieve().toEntity(byte[].class));
    }

    /** A POST of an HTML form's body, as a browser would send it. */
    public Response postForm(String path, String form) {
        return Response.of(http.post().uri(path).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .accept(MediaType.APPLICATION_JSON).body(form).retrieve().toEntity(byte[].class));
    }

    /**
     * A POST of an HTML form's body as a browser sends it from a page: {@code Sec-Fetch-Site} says whose page
     * ({@code same-origin}, {@code cross-site}, …).
     */
    public Response postFormFrom(String fetchSite, String path, String form) {
        return Response.of(http.post().uri(path).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .header("Sec-Fetch-Site", fetchSite).body(form).retrieve().toEntity(byte[].class));
    }

    /** A JSON POST with headers a browser or a proxy adds ({@code Origin}, {@code X-Forwarded-Proto}, …). */
    public Response postJsonWith(java.util.Map<String, String> headers, String path, String json) {
        return Response.of(http.post().uri(path).contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON).headers(h -> headers.forEach(h::set)).body(json).retrieve()
                .toEntity(byte[].class));
    }

    /** A GET with headers a browser or a proxy adds. */
    public Response getWith(java.util.Map<String, String> headers, String path, MediaType accept) {
        return Response.of(http.get().uri(path).accept(accept).headers(h -> headers.forEach(h::set)).retrieve()
                .toEntity(byte[].class));
    }

    public Response patchJson(String path, String json) {
        return Response.of(http.patch().uri(path).contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_JSON).body(json).retrieve().toEntity(byte[].class));
    }

    public Response upload(String path, String filename, byte[] content) {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("file", new ByteArrayResource(content) {
            @Override
            public String getFilename() {
                return filename;
            }
        });
        return Response.of(http.post().uri(path).contentType(MediaType.MULTIPART_FORM_DATA)
                .accept(MediaType.APPLICATION_JSON).body(form).retrieve().toEntity(byte[].class));
    }

    /** An answer: status, headers and body. */
    public record Response(int status, HttpHeaders headers, byte[] body) {

        static Response of(ResponseEntity<byte[]> entity) {
            return new Response(entity.getStatusCode().value(), entity.getHeaders(),
                    entity.getBody() == null ? new byte[0] : entity.getBody());
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            return JSON.readTree(body);
        }
    }
}
