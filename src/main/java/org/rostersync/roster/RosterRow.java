package org.rostersync.roster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A valid student row: what a roster says about one student.
 *
 * @param schoolReference the raw School ID value, routed to a school by the import job; may be {@code null}
 */
public record RosterRow(long lineNumber, String schoolReference, String studentId, String firstName,
        String lastName, String middleInitial, String grade, LocalDate birthDate, String studentEmail,
        String guardianEmail, String gender, String homeRoom, String referenceId) {

    /**
     * A digest of every account field the roster controls (not the school: a move is a transfer, not an update),
     * stored on the account so that the plan finds changed students with one comparison.
     */
    public String fingerprint() {
        String joined = String.join("\u001f", Objects.toString(firstName, ""), Objects.toString(lastName, ""),
                Objects.toString(middleInitial, ""), Objects.toString(grade, ""), Objects.toString(birthDate, ""),
                Objects.toString(studentEmail, ""), Objects.toString(guardianEmail, ""),
                Objects.toString(gender, ""), Objects.toString(homeRoom, ""), Objects.toString(referenceId, ""));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(joined.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
