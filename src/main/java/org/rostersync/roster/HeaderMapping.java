package org.rostersync.roster;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which column of a file feeds which field, and which columns are ignored; part of a run's report.
 *
 * @param columns field → the header name as written in the file
 */
public record HeaderMapping(Map<RosterField, String> columns, List<String> ignored, int columnCount) {

    public boolean has(RosterField field) {
        return columns.containsKey(field);
    }

    /** The header text the file uses for a field, or the field's standard label when the file lacks it. */
    public String headerOf(RosterField field) {
        return Optional.ofNullable(columns.get(field)).orElse(field.label());
    }
}
