package org.rostersync.roster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

/**
 * The row fingerprint is stored on every account: if it changed between versions, the first run after an upgrade
 * would rewrite every student as UPDATED. The expected values were computed outside Java (SHA-256 of the fields
 * joined by U+001F, first 16 bytes in hex).
 */
class RosterRowTests {

    @Test
    void fingerprintIsStableAcrossVersions() {
        RosterRow full = new RosterRow(5, "1003", "S1000003", "Ana", "Sánchez", "O", "6", LocalDate.of(2011, 12, 4),
                "ana.sanchez3@students.example.org", "guardian3@example.com", "F", "Room 11", "ST7000003");
        RosterRow sparse = new RosterRow(2, "1000", "S1000000", "Grace", "Turner", null, "3", null, null, null, null,
                null, null);

        assertThat(full.fingerprint()).isEqualTo("7da759e2ed5eb3ede935cd33c727d1f8");
        assertThat(sparse.fingerprint()).isEqualTo("c379168e4bd0faf60a54e3e4fe7fb2a2");
    }

    @Test
    void schoolAndStudentIdAreNotPartOfTheFingerprint() {
        RosterRow here = new RosterRow(2, "1000", "S1", "Grace", "Turner", null, "3", null, null, null, null, null,
                null);
        RosterRow moved = new RosterRow(9, "2000", "S2", "Grace", "Turner", null, "3", null, null, null, null, null,
                null);

        assertThat(moved.fingerprint()).isEqualTo(here.fingerprint());
    }
}
