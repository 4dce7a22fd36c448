package org.rostersync.sync.internal.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rostersync.sync.SyncSettings;

/** Roster files hold student data: kept for the retention period, then deleted, whatever else is in the folder. */
class RosterFilesTests {

    @TempDir
    Path dataDir;

    @Test
    void filesPastTheRetentionAreDeletedAndNewerOnesKept() throws Exception {
        // given: 30 days of retention, an old upload, a new download and an old file in an exported folder
        Instant now = Instant.parse("2026-12-01T03:17:00Z");
        RosterFiles files = new RosterFiles(new SyncSettings(dataDir, 1000, Duration.ofSeconds(60),
                Duration.ofDays(30), Duration.ofDays(90), new SyncSettings.ImportSettings(true, true, 50_000)),
                Clock.fixed(now, ZoneOffset.UTC));
        Path old = file("uploads/lincoln-upload/run-1.csv", now.minus(Duration.ofDays(31)));
        Path recent = file("downloads/jefferson-sftp/run-2.csv", now.minus(Duration.ofDays(29)));
        Path oldMember = file("downloads/oneroster-sftp/run-3/users.csv", now.minus(Duration.ofDays(40)));
        Path brokenOff = file("downloads/oneroster-sftp/run-4.part/users.csv", now.minus(Duration.ofDays(35)));
        Path recentMember = file("downloads/oneroster-sftp/run-5/users.csv", now.minus(Duration.ofDays(2)));
        for (Path folder : new Path[] { oldMember.getParent(), brokenOff.getParent(), recentMember.getParent() }) {
            Files.setLastModifiedTime(folder, Files.getLastModifiedTime(Files.list(folder).findFirst().orElseThrow()));
        }

        // when
        files.deleteExpired();

        // then
        assertThat(old).doesNotExist();
        assertThat(oldMember).doesNotExist();
        assertThat(recent).exists();
        // a folder export's own folder goes with its files (one per nightly run would pile up for ever); the feed's
        // folder and a newer run's stay
        assertThat(oldMember.getParent()).doesNotExist();
        assertThat(brokenOff.getParent()).doesNotExist();
        assertThat(recentMember).exists();
        assertThat(dataDir.resolve("downloads/oneroster-sftp")).isDirectory();
    }

    private Path file(String name, Instant modified) throws Exception {
        Path file = dataDir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "Student ID,First Name,Last Name,Grade\n1,Ann,Lee,3\n");
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }
}
