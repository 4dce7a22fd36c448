package org.rostersync.account;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A hand-made account whose fields break the roster rules; the message lists every problem. */
public class InvalidStudentException extends RuntimeException {

    private final Map<String, String> problems;

    /** {@code problems} by field, as {@link NewStudent#fieldProblems()} gives them. */
    public InvalidStudentException(Map<String, String> problems) {
        super(String.join("; ", problems.values()));
        this.problems = Collections.unmodifiableMap(new LinkedHashMap<>(problems));
    }

    public List<String> problems() {
        return List.copyOf(problems.values());
    }

    /** The problem of each field that has one, by the field's name ({@code studentId}, {@code email}, …), in form order. */
    public Map<String, String> byField() {
        return problems;
    }
}
