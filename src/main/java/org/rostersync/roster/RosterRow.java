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
        StringBuilder joined = new StringBuilder(128);
        joined.append(Objects.toString(firstName, "")).append(SEPARATOR).append(Objects.toString(lastName, ""))
                .append(SEPARATOR).append(Objects.toString(middleInitial, "")).append(SEPARATOR)
                .append(Objects.toString(grade, "")).append(SEPARATOR).append(Objects.toString(birthDate, ""))
                .append(SEPARATOR).append(Objects.toString(studentEmail, "")).append(SEPARATOR)
                .append(Objects.toString(guardianEmail, "")).append(SEPARATOR).append(Objects.toString(gender, ""))
                .append(SEPARATOR).append(Objects.toString(homeRoom, "")).append(SEPARATOR)
                .append(Objects.toString(referenceId, ""));
        byte[] digest = SHA_256.get().digest(joined.toString().getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(digest, 0, 16);
    }

    private static final char SEPARATOR = '\u001f';
    private static final HexFormat HEX = HexFormat.of();
    /** One digest per thread: looking the algorithm up cost more than hashing a row. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    });
}
