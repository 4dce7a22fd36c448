package org.rostersync.credentials;

/**
 * A password just issued, with what a slip prints beside it. Shown once and never stored; {@link #toString()} hides
 * the password so that no log line can carry it.
 */
public record IssuedCredential(String studentId, String username, String firstName, String lastName, String grade,
        String schoolName, String password) {

    @Override
    public String toString() {
        return "IssuedCredential[" + username + ", password hidden]";
    }
}
