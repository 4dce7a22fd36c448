package org.rostersync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rostersync.support.DatabaseTestSupport;
import org.rostersync.sync.internal.housekeeping.StudentRetention;
import org.springframework.beans.factory.annotation.Autowired;

/** rostersync.student-retention (P1Y): a long-deactivated student's personal data goes, the account stays. */
abstract class StudentRetentionTests extends DatabaseTestSupport {

    static final String HEADER = "Student ID,First Name,Middle Initial,Last Name,Grade,Birth Date,Student Email,"
            + "Guardian Email,Gender,Home Room,Reference ID\n";
    static final String ANN = "R1,Annabel,Q,Leeward,3,2017-04-05,annabel@kids.example,mum@home.example,F,12B,SS-771\n";
    static final String BOB = "R2,Bartholomew,,Rayburn,3,2017-05-06,bart@kids.example,dad@home.example,M,12B,SS-772\n";
    static final String CY = "R3,Cyrus,,Dalton,3,,,,,,\n";

    @Autowired
    StudentRetention retention;

    @Autowired
    org.rostersync.account.AccountEvents events;

    @Test
    void aStudentDeactivatedLongerThanTheRetentionLosesTheirPersonalDataAndGetsTheirAccountBackOnReturning() {
        // given: Ann leaves Lincoln's roster now, Bob 320 days later; the pass runs 380 days from now
        importFile("lincoln-upload", HEADER + ANN + BOB + CY);
        String annUsername = row("R1").get("username").toString();
        String bobUsername = row("R2").get("username").toString();
        assertThat(importFile("lincoln-upload", HEADER + BOB + CY).counts().deactivated()).isEqualTo(1);
        clock.advance(Duration.ofDays(320));
        assertThat(importFile("lincoln-upload", HEADER + CY).counts().deactivated()).isEqualTo(1);
        clock.advance(Duration.ofDays(60));

        // when
        int cleared = retention.clearExpired();

        // then: Ann's fields are gone, from the account and from the before-image a revert would restore
        assertThat(cleared).isEqualTo(1);
        Map<String, Object> ann = row("R1");
        assertThat(ann.get("first_name")).isEqualTo(StudentRetention.REMOVED);
        assertThat(ann.get("last_name")).isEqualTo(StudentRetention.REMOVED);
        for (String field : List.of("middle_initial", "birth_date", "email", "guardian_email", "gender", "home_room",
                "reference_id")) {
            assertThat(ann.get(field)).as(field).isNull();
        }
        assertThat(ann.get("username")).isEqualTo(annUsername);
        assertThat(ann.get("status")).isEqualTo("DEACTIVATED");
        assertThat(ann.get("personal_data_cleared_at")).isNotNull();
        long annId = ((Number) ann.get("id")).longValue();
        String everythingKept = jdbc.queryForList("SELECT * FROM account_snapshot WHERE account_id = ?", annId)
                + " " + jdbc.queryForList("SELECT * FROM staged_student WHERE student_id = 'R1'")
                + " " + jdbc.queryForList("SELECT event, actor, detail FROM account_event WHERE account_id = ?", annId);
        assertThat(everythingKept).doesNotContain("Annabel", "Leeward", "annabel@", "mum@", "2017-04-05", "SS-771",
                "12B");
        assertThat(events.forAccount(annId)).extracting(org.rostersync.account.AccountEvent::event)
                .containsExactly("CREATED", "DEACTIVATED", "PERSONAL_DATA_CLEARED");
        // Bob left 60 days ago: all kept
        Map<String, Object> bob = row("R2");
        assertThat(bob.get("first_name")).isEqualTo("Bartholomew");
        assertThat(bob.get("email")).isEqualTo("bart@kids.example");
        assertThat(bob.get("personal_data_cleared_at")).isNull();
        // one node a night: a second pass finds the chore claimed
        assertThat(retention.clearExpired()).isEqualTo(-1);

        // when: Ann comes back on the roster, with a new name and email
        ImportRun back = importFile("lincoln-upload", HEADER
                + "R1,Annie,,Leeward-Smith,4,2017-04-05,annie@kids.example,,F,14A,SS-771\n" + CY);

        // then: her account and username, the roster's fields
        assertThat(back.counts().reactivated()).isEqualTo(1);
        Map<String, Object> returned = row("R1");
        assertThat(returned.get("id")).isEqualTo(ann.get("id"));
        assertThat(returned.get("username")).isEqualTo(annUsername);
        assertThat(returned.get("status")).isEqualTo("PENDING_ACTIVATION");
        assertThat(returned.get("first_name")).isEqualTo("Annie");
        assertThat(returned.get("last_name")).isEqualTo("Leeward-Smith");
        assertThat(returned.get("email")).isEqualTo("annie@kids.example");
        assertThat(returned.get("grade")).isEqualTo("4");
        // and Bob's username stays his
        assertThat(row("R2").get("username")).isEqualTo(bobUsername);
    }

    @Test
    void aStudentWhoReturnedAndLeftAgainIsClearedAgainAYearAfterTheSecondDeactivation() {
        // given: Ann left, was cleared, came back and left again
        importFile("lincoln-upload", HEADER + ANN + CY);
        importFile("lincoln-upload", HEADER + CY);
        clock.advance(Duration.ofDays(400));
        assertThat(retention.clearExpired()).isEqualTo(1);
        importFile("lincoln-upload", HEADER + ANN + CY);
        importFile("lincoln-upload", HEADER + CY);
        assertThat(row("R1").get("first_name")).isEqualTo("Annabel");

        // when: a year (with a leap day) and a day after the second deactivation
        clock.advance(Duration.ofDays(367));
        jdbc.update("UPDATE housekeeping SET claimed_at = NULL");
        int cleared = retention.clearExpired();

        // then
        assertThat(cleared).isEqualTo(1);
        assertThat(row("R1").get("first_name")).isEqualTo(StudentRetention.REMOVED);
    }

    private Map<String, Object> row(String studentId) {
        return jdbc.queryForList("SELECT * FROM student_account WHERE student_id = ?", studentId).stream()
                .map(row -> {
                    Map<String, Object> lower = new java.util.HashMap<>();
                    row.forEach((key, value) -> lower.put(key.toLowerCase(java.util.Locale.ROOT), value));
                    return lower;
                }).findFirst().orElseThrow();
    }
}
