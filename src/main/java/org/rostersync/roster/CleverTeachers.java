package org.rostersync.roster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Clever's {@code teachers.csv} as a staff roster: Clever's own headers (any case) mapped to the staff fields, and
 * every row a teacher (Clever's export names no role).
 */
final class CleverTeachers extends StandardRoster {

    /** Field key → Clever header; the feed's own columns win. */
    static Map<String, String> columns(Map<String, String> feedColumns) {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put(RosterField.SCHOOL_ID.key(), "School_id");
        columns.put(RosterField.STAFF_ID.key(), "Teacher_id");
        columns.put(RosterField.FIRST_NAME.key(), "First_name");
        columns.put(RosterField.LAST_NAME.key(), "Last_name");
        columns.put(RosterField.EMAIL.key(), "Teacher_email");
        columns.putAll(feedColumns == null ? Map.of() : feedColumns);
        return columns;
    }

    private CleverTeachers(RosterFileReader reader, ExportMembers export) {
        super(reader, export);
    }

    static CleverTeachers open(Path file, Map<String, String> feedColumns, Set<RosterField> required,
            RosterLimits limits) {
        Map<String, String> columns = columns(feedColumns);
        CleverExport.Opened opened = CleverExport.open(file, "teachers.csv", columns, limits,
                RosterField.STAFF_FIELDS);
        RosterFileReader reader = opened.reader();
        List<String> missing = new ArrayList<>();
        for (RosterField field : required) {
            if (field != RosterField.ROLE && !reader.mapping().has(field)) {
                missing.add(columns.getOrDefault(field.key(), field.label()));
            }
        }
        if (!missing.isEmpty()) {
            new CleverTeachers(reader, opened.members()).close();
            List<String> header = new ArrayList<>(reader.mapping().columns().values());
            header.addAll(reader.mapping().ignored());
            throw new RosterFileException("line 1: required Clever column" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + (missing.size() > 1 ? " are" : " is")
                    + " missing from the header of teachers.csv; "
                    + HeaderNames.describe(header, reader.mapping().columns().size())
                    + ". Export teachers.csv from Clever with its standard columns, or map your header with the"
                    + " feed's columns setting");
        }
        return new CleverTeachers(reader, opened.members());
    }

    @Override
    public RosterLine next() {
        RosterLine line = reader.next();
        if (line == null || line.values().containsKey(RosterField.ROLE)) {
            return line;
        }
        Map<RosterField, String> values = new EnumMap<>(RosterField.class);
        values.putAll(line.values());
        values.put(RosterField.ROLE, "teacher");
        return line.withValues(values, List.of());
    }
}
