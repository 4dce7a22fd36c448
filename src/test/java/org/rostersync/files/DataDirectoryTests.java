package org.rostersync.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rostersync.RosterSyncApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The server started on an H2 file database in a data-dir an older version left open to everyone: after start-up
 * the folder and everything in it, H2's own files included, is the server user's only.
 */
class DataDirectoryTests {

    @TempDir
    Path temp;

    @Test
    void theDataDirTheH2DatabaseAndWhatOlderVersionsLeftAreReadableByTheServersUserOnly() throws IOException {
        // given: a world-readable data-dir holding a roster file, as older versions made them
        Path dataDir = temp.resolve("data");
        Path oldUpload = dataDir.resolve("uploads").resolve("lincoln-upload").resolve("run-1.csv");
        Files.createDirectories(oldUpload.getParent());
        Files.writeString(oldUpload, "Student ID,First Name,Last Name,Grade\n1,Ann,Lee,3\n");
        for (Path folder : new Path[] { dataDir, dataDir.resolve("uploads"), oldUpload.getParent() }) {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.setPosixFilePermissions(oldUpload, PosixFilePermissions.fromString("rw-r--r--"));

        // when
        try (ConfigurableApplicationContext server = new SpringApplicationBuilder(RosterSyncApplication.class)
                .run("--spring.config.location=classpath:/application.yml,classpath:/application-test.yml",
                        "--server.port=0", "--rostersync.data-dir=" + dataDir,
                        "--spring.datasource.url=jdbc:h2:file:" + dataDir + "/rostersync;DB_CLOSE_ON_EXIT=FALSE")) {

            // then
            assertThat(permissions(dataDir)).isEqualTo("rwx------");
            assertThat(permissions(dataDir.resolve("uploads"))).isEqualTo("rwx------");
            assertThat(permissions(oldUpload.getParent())).isEqualTo("rwx------");
            assertThat(permissions(oldUpload)).isEqualTo("rw-------");
            assertThat(dataDir.resolve("rostersync.mv.db")).exists();
            assertThat(permissions(dataDir.resolve("rostersync.mv.db"))).isEqualTo("rw-------");
        }
    }

    @Test
    void aFileWrittenThroughPrivateFilesIsTheUsersOnlyEvenWhenItExistedOpenBefore() throws IOException {
        // given
        Path file = temp.resolve("a").resolve("b").resolve("roster.csv");
        PrivateFiles.createDirectories(file.getParent());
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        // when
        PrivateFiles.writeString(file, "new");

        // then
        assertThat(Files.readString(file)).isEqualTo("new");
        assertThat(permissions(file)).isEqualTo("rw-------");
        assertThat(permissions(temp.resolve("a"))).isEqualTo("rwx------");
        assertThat(permissions(file.getParent())).isEqualTo("rwx------");
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
