package org.rostersync.school;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Name;

/**
 * The {@code rostersync.districts} and {@code rostersync.feeds} settings as written in {@code config/}. Kept as
 * plain strings so that {@link SchoolDirectoryFactory} can name the exact key of a bad value.
 */
@ConfigurationProperties("rostersync")
record SchoolSettings(List<DistrictEntry> districts, List<FeedEntry> feeds) {

    SchoolSettings {
        districts = districts == null ? List.of() : districts;
        feeds = feeds == null ? List.of() : feeds;
    }

    record DistrictEntry(String id, String name, List<SchoolEntry> schools) {
    }

    record SchoolEntry(String id, String name, String referenceId, String timeZone) {
    }

    record FeedEntry(String id, String scope, String school, String district, String source, String format,
            String schedule, String timeZone, String deactivationGrace, GuardEntry guard,
            Map<String, String> columns, @Name("notify") List<String> notifyAddresses, SftpEntry sftp,
            String cleverStudentId, String onerosterStudentId, List<String> records) {
    }

    record GuardEntry(Integer maxDeactivationPercent, Integer maxRejectedPercent, Integer deactivationFloor,
            Integer maxShrinkPercent) {
    }

    record SftpEntry(String host, Integer port, String username, String password, String passwordFile,
            String privateKey, String privateKeyPassphrase, String knownHosts, String hostKeyFingerprint,
            String path) {

        @Override
        public String toString() {
            return "SftpEntry[" + username + "@" + host + ":" + port + "/" + path + "]";
        }
    }
}
