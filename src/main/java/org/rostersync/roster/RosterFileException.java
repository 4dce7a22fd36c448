package org.rostersync.roster;

/**
 * A roster file that cannot be read at all (no header, a required column missing, not text, a broken quote).
 * The message is meant for the person who fixes the file: it names the line and says what to do. Control characters
 * it repeats from the file are written as their codes: the message is stored with the run.
 */
public class RosterFileException extends RuntimeException {

    public RosterFileException(String message) {
        super(VisibleText.of(message));
    }

    public RosterFileException(String message, Throwable cause) {
        super(VisibleText.of(message), cause);
    }
}
