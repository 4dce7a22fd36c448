package org.rostersync.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Settings files for a {@link ServerProcess} on a PostgreSQL database of the tests. */
public final class ServerSettings {

    private ServerSettings() {
    }

    /**
     * Writes {@code file}: the datasource {@code databaseUrl} (user postgres, no password), then {@code yaml}, the
     * rest of the settings (the {@code rostersync} key and its values).
     */
    public static Path write(Path file, String databaseUrl, String yaml) throws IOException {
        Files.writeString(file, """
                spring:
                  datasource:
                    url: %s
                    username: postgres
                    password: ""
                """.formatted(databaseUrl) + yaml);
        return file;
    }

    /**
     * Writes {@code file} for a node of district metro with the school central (reference 1) and its one-time
     * UPLOAD feed central-upload, committing chunks of 500 rows, with the DISTRICT_ADMIN {@code admin} signing in
     * with {@code adminPassword}; {@code moreStaff}, list items under {@code staff} indented as the admin's, adds
     * staff.
     */
    public static Path centralUpload(Path file, String databaseUrl, Path dataDir, String adminPassword,
            String moreStaff) throws IOException {
        return write(file, databaseUrl, """
                rostersync:
                  data-dir: %s
                  chunk-size: 500
                  # the crash tests stop servers in the middle of the load and apply steps: every run takes them
                  import:
                    first-import-in-one-pass: false
                  districts:
                    - id: metro
                      schools:
                        - id: central
                          reference-id: "1"
                  feeds:
                    - id: central-upload
                      scope: SCHOOL
                      school: central
                      source: UPLOAD
                      schedule: ONE_TIME
                  staff:
                    - username: admin
                      password: "{noop}%s"
                      role: DISTRICT_ADMIN
                      district: metro
                """.formatted(dataDir, adminPassword) + moreStaff);
    }
}
