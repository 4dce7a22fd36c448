package org.rostersync.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.impl.driver.Driver;

/**
 * The browser of the page tests: the system's Chromium ({@code /usr/bin/chromium}, as Debian installs it and .ci/run
 * does, or {@code chromium} on the PATH) when there is one, else Playwright's own Chromium, downloaded once into
 * Playwright's cache ({@code ~/.cache/ms-playwright} on Linux).
 */
public final class Chromium {

    private static final Path DEBIAN = Path.of("/usr/bin/chromium");

    private Chromium() {
    }

    /**
     * Options for {@link Playwright#create}, which would otherwise download every browser it drives (close to a
     * gigabyte): nothing is downloaded when the system's Chromium will be used, and only Chromium otherwise (unless
     * {@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD} says not to download at all).
     */
    public static Playwright.CreateOptions playwrightOptions() {
        String skip = System.getenv("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD");
        if (system().isEmpty() && (skip == null || skip.isBlank() || skip.equals("0") || skip.equals("false"))) {
            downloadPlaywrightsChromium();
        }
        return new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1"));
    }

    private static void downloadPlaywrightsChromium() {
        Path log = Path.of("target", "playwright-install.log").toAbsolutePath();
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder install = Driver.ensureDriverInstalled(Map.of(), false).createProcessBuilder();
            install.command().addAll(List.of("install", "chromium"));
            int exit = install.redirectErrorStream(true).redirectOutput(log.toFile()).start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("Playwright could not download its Chromium (exit " + exit + "; see "
                        + log + "); install Chromium instead, e.g. 'apt-get install -y chromium'");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The system's Chromium when there is one; Playwright's own otherwise. */
    public static BrowserType.LaunchOptions launchOptions() {
        BrowserType.LaunchOptions options = new BrowserType.LaunchOptions();
        system().ifPresent(options::setExecutablePath);
        return options;
    }

    static Optional<Path> system() {
        if (Files.isExecutable(DEBIAN)) {
            return Optional.of(DEBIAN);
        }
        String path = System.getenv("PATH");
        return path == null ? Optional.empty()
                : Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isBlank())
                        .map(dir -> Path.of(dir, "chromium")).filter(Files::isExecutable).findFirst();
    }
}
