package org.rostersync.account;

import java.util.List;

/** A hand-made account whose fields break the roster rules; the message lists every problem. */
public class InvalidStudentException extends RuntimeException {

    private final List<String> problems;

    public InvalidStudentException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
