package org.rostersync.school;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Settings are validated at start-up with a message naming each bad key; plain JUnit, no Spring context. */
class SchoolDirectoryFactoryTests {

    private final Map<String, String> settings = new LinkedHashMap<>(Map.of(
            "rostersync.districts[0].id", "springfield",
            "rostersync.districts[0].schools[0].id", "lincoln",
            "rostersync.districts[0].schools[0].reference-id", "101",
            "rostersync.districts[0].schools[0].time-zone", "America/Chicago",
            "rostersync.districts[0].schools[1].id", "washington",
            "rostersync.districts[0].schools[1].reference-id", "102"));

    private SchoolDirectory directory() {
        SchoolSettings bound = new Binder(new MapConfigurationPropertySource(settings))
                .bind("rostersync", SchoolSettings.class).get();
        return SchoolDirectoryFactory.create(bound);
    }

    private void feed(int index, String... keyValues) {
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put("rostersync.feeds[" + index + "]." + keyValues[i], keyValues[i + 1]);
        }
    }

    @Test
    void aValidFeedGetsItsDefaults() {
        // given
        feed(0, "id", "lincoln-clever", "scope", "SCHOOL", "school", "lincoln", "source", "UPLOAD", "format",
                "STANDARD", "schedule", "ONE_TIME");

        // when
        ImportFeed feed = directory().feed("lincoln-clever").orElseThrow();

        // then
        assertThat(feed.districtId()).isEqualTo("springfield");
        assertThat(feed.guard()).isEqualTo(GuardSettings.DEFAULTS);
        assertThat(feed.deactivationGrace()).isEqualTo(Duration.ZERO);
        assertThat(feed.mayDeactivate()).isTrue();
    }

    @Test
    void everyBadKeyIsNamedInOneMessage() {
        // given
        settings.put("rostersync.districts[0].schools[1].reference-id", "101");
        settings.put("rostersync.districts[0].schools[1].time-zone", "Mars/Olympus");
        feed(0, "id", "Bad Id", "scope", "SCHOOL", "school", "lincon", "source", "UPLOAD", "schedule", "ONE_TIME");
        feed(1, "id", "district", "scope", "DISTRICT", "source", "UPLOAD", "schedule", "DAILY 25:00");
        feed(2, "id", "district", "scope", "SCHOOL", "school", "lincoln", "source", "UPLOAD", "schedule",
                "ONE_TIME", "guard.max-deactivation-percent", "150", "columns.studentid", "Local ID");

        // then
        assertThatThrownBy(this::directory).isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("rostersync.districts[0].schools[1].reference-id: '101' is used by another")
                .hasMessageContaining("rostersync.districts[0].schools[1].time-zone")
                .hasMessageContaining("rostersync.feeds[0].id")
                .hasMessageContaining("rostersync.feeds[0].school: unknown school 'lincon'")
                .hasMessageContaining("rostersync.feeds[1].district")
                .hasMessageContaining("rostersync.feeds[1].schedule")
                .hasMessageContaining("rostersync.feeds[2].id")
                .hasMessageContaining("rostersync.feeds[2].guard.max-deactivation-percent: 150")
                .hasMessageContaining("rostersync.feeds[2].columns");
    }

    @Test
    void oneTimeSchedulesAreOnlyForUploads() {
        // given
        feed(0, "id", "nightly", "scope", "SCHOOL", "school", "lincoln", "source", "SFTP", "schedule", "ONE_TIME",
                "sftp.host", "sftp.example", "sftp.username", "u", "sftp.password", "p", "sftp.known-hosts",
                "/etc/known_hosts", "sftp.path", "students.csv");

        // then
        assertThatThrownBy(this::directory).isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("rostersync.feeds[0].schedule");
    }

    @Test
    void cleverFeedsWaitThreeDaysBeforeDeactivating() {
        // given
        feed(0, "id", "clever", "scope", "SCHOOL", "school", "washington", "source", "CLEVER", "schedule",
                "DAILY 03:00", "sftp.host", "sftp.clever.example", "sftp.username", "u", "sftp.password", "p",
                "sftp.known-hosts", "/etc/known_hosts", "sftp.path", "students.csv");

        // when
        ImportFeed feed = directory().feed("clever").orElseThrow();

        // then
        assertThat(feed.deactivationGrace()).isEqualTo(Duration.ofDays(3));
    }

    @Test
    void aFeedReadingCleversExportWaitsThreeDaysWhateverItsSourceAndOthersDoNot() {
        // given: Clever's students.csv uploaded by hand, and a standard file uploaded by hand
        feed(0, "id", "clever-upload", "scope", "SCHOOL", "school", "washington", "source", "UPLOAD", "format",
                "CLEVER", "schedule", "ONE_TIME");
        feed(1, "id", "standard-upload", "scope", "SCHOOL", "school", "washington", "source", "UPLOAD", "schedule",
                "ONE_TIME");

        // then
        assertThat(directory().feed("clever-upload").orElseThrow().deactivationGrace()).isEqualTo(Duration.ofDays(3));
        assertThat(directory().feed("standard-upload").orElseThrow().deactivationGrace()).isZero();
    }

    @Test
    void aGraceWithoutAUnitAndMisspeltSettingsAreNamed() {
        // given
        feed(0, "id", "lincoln-clever", "scope", "SCHOOL", "school", "lincoln", "source", "UPLOAD", "schedule",
                "ONE_TIME", "deactivation-grace", "3");
        java.util.List<String> written = java.util.List.of("rostersync.feeds[0].notfy[0]",
                "rostersync.feeds[0].guard.max-deactivation-pct", "rostersync.feeds[0].guard.max-shrink-percent",
                "rostersync.feeds[0].timeZone", "rostersync.feeds[0].sftp.password-file",
                "rostersync.feeds[0].columns.student-id", "rostersync.districts[0].schools[0].referenceid",
                "rostersync.districts[0].schools[0].refrence-id", "rostersync.districts[0].nmae");
        SchoolSettings bound = new Binder(new MapConfigurationPropertySource(settings))
                .bind("rostersync", SchoolSettings.class).get();

        // then
        assertThatThrownBy(() -> SchoolDirectoryFactory.create(bound, written))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("rostersync.feeds[0].deactivation-grace: '3' has no unit", "P3D")
                .hasMessageContaining("rostersync.feeds[0].notfy[0]: there is no such setting")
                .hasMessageContaining("rostersync.feeds[0].guard.max-deactivation-pct: there is no such setting")
                .hasMessageContaining("rostersync.districts[0].schools[0].refrence-id: there is no such setting")
                .hasMessageContaining("rostersync.districts[0].nmae: there is no such setting")
                .hasMessageNotContaining("max-shrink-percent: there").hasMessageNotContaining("timeZone:")
                .hasMessageNotContaining("password-file:").hasMessageNotContaining("columns.student-id:")
                .hasMessageNotContaining("referenceid:");
    }

    @Test
    void aGraceIsADurationWithAUnit() {
        feed(0, "id", "a", "scope", "SCHOOL", "school", "lincoln", "source", "UPLOAD", "schedule", "ONE_TIME",
                "deactivation-grace", "P3D");
        feed(1, "id", "b", "scope", "SCHOOL", "school", "washington", "source", "UPLOAD", "schedule", "ONE_TIME",
                "deactivation-grace", "72h");

        SchoolDirectory directory = directory();

        assertThat(directory.feed("a").orElseThrow().deactivationGrace()).isEqualTo(Duration.ofDays(3));
        assertThat(directory.feed("b").orElseThrow().deactivationGrace()).isEqualTo(Duration.ofHours(72));
    }

    @Test
    void aPulledFeedWithoutWhereToPullFromIsNamedFieldByField() {
        // given: a CLEVER feed with no sftp at all, an SFTP feed with a bare sftp block, and a SCHOOL feed without
        // its school
        feed(0, "id", "clever", "scope", "SCHOOL", "school", "lincoln", "source", "CLEVER", "schedule", "DAILY 03:00");
        feed(1, "id", "nightly", "scope", "SCHOOL", "school", "washington", "schedule", "DAILY 02:00", "sftp.port",
                "0", "sftp.host-key-fingerprint", "MD5:16:27:ac");
        feed(2, "id", "upload", "scope", "SCHOOL", "source", "UPLOAD", "schedule", "ONE_TIME");

        // then
        assertThatThrownBy(this::directory).isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("rostersync.feeds[0].sftp: a CLEVER feed needs sftp settings")
                .hasMessageContaining("rostersync.feeds[1].sftp.host: missing")
                .hasMessageContaining("rostersync.feeds[1].sftp.username: missing")
                .hasMessageContaining("rostersync.feeds[1].sftp.path: missing")
                .hasMessageContaining("rostersync.feeds[1].sftp: give password")
                .hasMessageContaining("rostersync.feeds[1].sftp.host-key-fingerprint: give the server key's SHA-256")
                .hasMessageContaining("rostersync.feeds[1].sftp.port: 0 is not a TCP port")
                .hasMessageContaining("rostersync.feeds[2].school: a SCHOOL feed needs the id of its school");
    }
}
