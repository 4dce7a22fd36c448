package org.rostersync.credentials.web;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.rostersync.school.School;
import org.rostersync.school.SchoolDirectory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/** A PDF of sign-in slips as the API and the Students page download it: named, never cached. */
@Component
class SlipFiles {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm", Locale.ROOT);

    private final SchoolDirectory directory;
    private final Clock clock;

    SlipFiles(SchoolDirectory directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    /**
     * The name of a bulk reset's PDF: the school and the minute, in the school's time zone
     * ({@code passwords-lincoln-2026-09-01-0915}), so that the slips of an earlier reset, whose passwords no longer
     * work, are not taken for the latest ones in a downloads folder.
     */
    String slipsName(String schoolId) {
        ZoneId zone = directory.school(schoolId).map(School::timeZone).orElse(ZoneOffset.UTC);
        return "passwords-" + schoolId + "-" + MINUTE.format(clock.instant().atZone(zone));
    }

    static ResponseEntity<byte[]> pdf(byte[] pdf, String name) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF).cacheControl(CacheControl.noStore())
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name.replaceAll("[^A-Za-z0-9_-]",
                        "_") + ".pdf\"")
                .body(pdf);
    }
}
