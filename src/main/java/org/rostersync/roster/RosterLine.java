package org.rostersync.roster;

import java.util.Map;

/**
 * One data record of a roster file, before validation.
 *
 * @param lineNumber  the physical line of the file where the record starts (the header is line 1)
 * @param values      trimmed values of the mapped fields; absent or empty values are missing from the map
 * @param valueCount  how many values the record has, to catch rows shifted by an unquoted comma
 */
public record RosterLine(long lineNumber, Map<RosterField, String> values, int valueCount) {

    public String value(RosterField field) {
        return values.get(field);
    }
}
