package org.rostersync.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;

/**
 * The browser of the page tests: the system's Chromium ({@code /usr/bin/chromium}, as Debian installs it and .ci/run
 * does, or {@code chromium} on the PATH) when there is one, else Playwright's own, which {@link Playwright#create}
 * downloads once into {@code ~/.cache/ms-playwright}.
 */
public final class Chromium {

    private static final Path DEBIAN = Path.of("/usr/bin/chromium");

    private Chromium() {
    }

    /** Skips Playwright's browser download when the system's Chromium will be used. */
    public static Playwright.CreateOptions playwrightOptions() {
        Playwright.CreateOptions options = new Playwright.CreateOptions();
        return system().isPresent() ? options.setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")) : options;
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
