package org.rostersync.staff.internal;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;

/**
 * Tomcat answers some requests itself before the application sees them: an address with a {@code %} that starts no
 * escape ({@code /api/schools/lincoln/students/50%A}, a Student ID put into an address without encoding it), or a NUL
 * in it. Under {@code /api/} that answer is JSON in the API's form too, instead of Tomcat's HTML page.
 */
@Configuration(proxyBeanMethods = false)
class ApiErrorReports {

    /** After Spring Boot's own customizer, which puts a plain {@link ErrorReportValve} on the host: this one replaces it. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> apiErrorReportValve() {
        return new ValveCustomizer();
    }

    /** Runs last (Spring Boot's Tomcat customizer has order 0), so the valve it added is there to replace. */
    static final class ValveCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                Container host = context.getParent();
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        host.getPipeline().removeValve(valve);
                    }
                }
                host.getPipeline().addValve(new ApiErrorReportValve());
                if (host instanceof StandardHost standard) {
                    // or the host adds Tomcat's own valve at start, which would answer first, in HTML
                    standard.setErrorReportValveClass(ApiErrorReportValve.class.getName());
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    /** Tomcat's error report (without server details or stack traces), as JSON for addresses under {@code /api/}. */
    static final class ApiErrorReportValve extends ErrorReportValve {

        ApiErrorReportValve() {
            setShowReport(false);
            setShowServerInfo(false);
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            if (!isApi(request.getRequestURI())) {
                super.report(request, response, throwable);
                return;
            }
            int status = response.getStatus();
            AtomicBoolean writable = new AtomicBoolean(false);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, writable);
            if (status < 400 || response.getContentWritten() > 0 || !writable.get()) {
                return;
            }
            HttpStatus known = HttpStatus.resolve(status);
            String code = status == 400 ? "bad_request"
                    : known == null ? "error" : known.name().toLowerCase(Locale.ROOT);
            String message = status == 400 ? "the server cannot read this address: every % in it must start an"
                    + " escape of UTF-8 text (%25 for a percent sign, %20 for a space), and it may hold no control"
                    + " characters. Percent-encode a Student ID as one segment of the address (50%25A for 50%A, %2F"
                    + " for a slash); students are also found through GET /api/schools/{schoolId}/students, and reset"
                    + " with POST /api/schools/{schoolId}/password-resets, which takes the Student IDs in its body"
                    : "the server refused this request (HTTP " + status + ")";
            try {
                response.setContentType("application/json");
                response.setCharacterEncoding("UTF-8");
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write("{\"error\":\"" + code + "\",\"message\":\"" + message + "\"}");
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // the client is gone or the answer has started: nothing more can be said
            }
        }

        /** Whether the raw address is under {@code /api} (slashes collapsed, as the API's own checks read it). */
        static boolean isApi(String uri) {
            if (uri == null) {
                return false;
            }
            String path = uri.replaceAll("/+", "/");
            return path.equals("/api") || path.startsWith("/api/");
        }
    }
}
