package org.rostersync.roster;

/**
 * A roster file that cannot be read at all (no header, a required column missing, not text, a broken quote).
 * The message is meant for the person who fixes the file: it names the line and says what to do.
 */
public class RosterFileException extends RuntimeException {

    public RosterFileException(String message) {
        super(message);
    }

    public RosterFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
