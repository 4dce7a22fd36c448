package org.rostersync.logging;

/**
 * A failure as the log may show it: the same chain of causes and stack frames, each named by its class only. A
 * database error quotes the values it refused (a Student ID, a name, an email), and so may any other message.
 */
public final class Failures {

    private Failures() {
    }

    /** The failure, its causes and their stack traces, without any message. */
    public static RuntimeException withoutMessages(Throwable failure) {
        return withoutMessages(failure, 0);
    }

    private static Redacted withoutMessages(Throwable failure, int depth) {
        Throwable cause = failure.getCause();
        Redacted redacted = new Redacted(failure.getClass().getName(),
                cause == null || cause == failure || depth > 20 ? null : withoutMessages(cause, depth + 1));
        redacted.setStackTrace(failure.getStackTrace());
        return redacted;
    }

    /** Stands in for a failure whose message is left out of the log. */
    static final class Redacted extends RuntimeException {

        Redacted(String type, Throwable cause) {
            super(type + " (its message is not logged: it may hold student data)", cause, false, true);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
