package org.rostersync.school;

import java.util.List;

/** Thrown at start-up when {@code config/} holds settings that cannot work; lists every bad key. */
public class InvalidSettingsException extends RuntimeException {

    private final List<String> problems;

    public InvalidSettingsException(List<String> problems) {
        super("Invalid roster-sync settings:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
