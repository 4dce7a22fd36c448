package org.rostersync.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * The real server jar ({@code target/roster-sync.jar}, built by {@code package}) as a child process, for tests that
 * must kill or stop a JVM. Its output goes to a log file under {@code target/it-logs/}.
 */
public final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the jar with the given settings file and extra {@code --name=value} arguments; waits until it serves. */
    public static ServerProcess start(String name, Path settings, String... arguments) throws IOException {
        Path jar = Path.of("target", "roster-sync.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; run the tests with ./mvnw verify, which packages it");
        }
        int port = freePort();
        Path log = Path.of("target", "it-logs", name + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-jar", jar.toString(),
                "--spring.config.location=classpath:/application.yml," + settings.toAbsolutePath(),
                "--server.port=" + port));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        ServerProcess server = new ServerProcess(process, port, log);
        server.awaitReady(Duration.ofSeconds(90));
        return server;
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    /**
     * Uploads {@code file}, named {@code fileName}, to the UPLOAD feed {@code feedId}, signed in as the staff member
     * {@code username}; asserts the run was queued (202).
     *
     * @return the run's ID
     */
    public long upload(String username, String password, String feedId, String fileName, Path file)
            throws IOException {
        ApiClient.Response response = ApiClient.as(port, username, password).upload("/api/feeds/" + feedId
                + "/uploads", fileName, Files.readAllBytes(file));
        return queued(response);
    }

    /**
     * Starts a run of the pulled feed {@code feedId} now, signed in as the staff member {@code username}; asserts
     * the run was queued (202).
     *
     * @return the run's ID
     */
    public long pull(String username, String password, String feedId) {
        return queued(ApiClient.as(port, username, password).postJson("/api/feeds/" + feedId + "/runs", ""));
    }

    private static long queued(ApiClient.Response response) {
        assertThat(response.status()).as(response.text()).isEqualTo(202);
        return response.json().get("runId").asLong();
    }

    /** SIGKILL: the JVM dies at once, as in a power cut or an OOM kill. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as from systemd or Kubernetes; waits for the process to end and returns its exit time. */
    public Duration terminate(Duration limit) throws InterruptedException {
        Instant start = Instant.now();
        process.destroy();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the server did not stop within " + limit + " of SIGTERM; see " + log);
        }
        return Duration.between(start, Instant.now());
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private void awaitReady(Duration limit) {
        ApiClient probe = ApiClient.anonymous(port);
        try {
            Waiting.upTo(limit, "the server to start").pollInterval(Duration.ofMillis(250))
                    .failFast("the server exited at start-up", () -> !process.isAlive())
                    .until(() -> answers(probe));
        } catch (TerminalFailureException exited) {
            throw new AssertionError("the server exited with " + process.exitValue() + " at start-up; see " + log);
        } catch (ConditionTimeoutException slow) {
            process.destroyForcibly();
            throw new AssertionError("the server did not start within " + limit + "; see " + log);
        }
    }

    /** The server is up once it asks an anonymous caller to sign in. */
    private static boolean answers(ApiClient probe) {
        try {
            return probe.get("/api/feeds").status() == 401;
        } catch (RuntimeException notYet) {
            return false; // not listening yet
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
