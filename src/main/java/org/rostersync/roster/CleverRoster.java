package org.rostersync.roster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Clever's {@code students.csv}: Clever's own headers (any case) mapped to the fields, the feed's
 * {@code clever-student-id} choosing the Student ID, and Clever's values turned into STANDARD ones (a middle name
 * into its initial, {@code Kindergarten} into {@code K}; see {@link GradeLevels}). {@code DOB} is MM/DD/YYYY as
 * Clever exports it (YYYY-MM-DD is accepted too).
 */
final class CleverRoster extends StandardRoster {

    /** Field key → Clever header. The Student ID and the Reference ID depend on the feed's setting. */
    static Map<String, String> columns(CleverStudentId studentId, Map<String, String> feedColumns) {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put(RosterField.SCHOOL_ID.key(), "School_id");
        columns.put(RosterField.STUDENT_ID.key(), studentId.header());
        columns.put(RosterField.FIRST_NAME.key(), "First_name");
        columns.put(RosterField.MIDDLE_INITIAL.key(), "Middle_name");
        columns.put(RosterField.LAST_NAME.key(), "Last_name");
        columns.put(RosterField.GRADE.key(), "Grade");
        columns.put(RosterField.GENDER.key(), "Gender");
        columns.put(RosterField.BIRTH_DATE.key(), "DOB");
        columns.put(RosterField.STUDENT_EMAIL.key(), "Student_email");
        columns.put(RosterField.GUARDIAN_EMAIL.key(), "Contact_email");
        if (studentId != CleverStudentId.STATE_ID) {
            columns.put(RosterField.REFERENCE_ID.key(), "State_id");
        }
        columns.putAll(feedColumns == null ? Map.of() : feedColumns);
        return columns;
    }

    private CleverRoster(RosterFileReader reader, ExportMembers export) {
        super(reader, export);
    }

    static CleverRoster open(Path file, CleverStudentId studentId, Map<String, String> feedColumns,
            Set<RosterField> required, RosterLimits limits) {
        Map<String, String> columns = columns(studentId, feedColumns);
        CleverExport.Opened opened = CleverExport.open(file, "students.csv", columns, limits,
                RosterField.STUDENT_FIELDS);
        RosterFileReader reader = opened.reader();
        List<String> missing = new ArrayList<>();
        for (RosterField field : required) {
            if (!reader.mapping().has(field)) {
                missing.add(columns.getOrDefault(field.key(), field.label()));
            }
        }
        if (!missing.isEmpty()) {
            new CleverRoster(reader, opened.members()).close();
            List<String> header = new ArrayList<>(reader.mapping().columns().values());
            header.addAll(reader.mapping().ignored());
            throw new RosterFileException("line 1: required Clever column" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + (missing.size() > 1 ? " are" : " is")
                    + " missing from the header of students.csv; " + HeaderNames.describe(header, reader.mapping().columns().size())
                    + ". Export students.csv from Clever with its standard columns, or map your header with the"
                    + " feed's columns setting");
        }
        return new CleverRoster(reader, opened.members());
    }

    @Override
    public RosterLine next() {
        RosterLine line = reader.next();
        return line == null ? null : standardize(line, reader.mapping());
    }

    /** Clever's values as STANDARD values: the middle initial and the grade code. */
    static RosterLine standardize(RosterLine line, HeaderMapping mapping) {
        Map<RosterField, String> values = new EnumMap<>(RosterField.class);
        values.putAll(line.values());
        List<RowProblem> problems = new ArrayList<>();
        String middle = values.get(RosterField.MIDDLE_INITIAL);
        if (middle != null) {
            values.put(RosterField.MIDDLE_INITIAL, initial(middle));
        }
        values.values().removeIf(java.util.Objects::isNull);
        String grade = values.get(RosterField.GRADE);
        if (grade != null) {
            var standard = GradeLevels.standard(grade);
            if (standard.isPresent()) {
                values.put(RosterField.GRADE, standard.get());
            } else {
                String header = mapping.headerOf(RosterField.GRADE);
                problems.add(new RowProblem(line.lineNumber(), header, header + " '" + grade
                        + "' is not a grade this product knows; use one of " + GradeLevels.accepted()));
            }
        }
        return line.withValues(values, problems);
    }

    /** The first letter of a middle name, as the initial; a name that already is an initial stays as it is. */
    static String initial(String middleName) {
        String name = middleName.strip();
        if (name.isEmpty()) {
            return null;
        }
        return name.substring(0, Character.charCount(name.codePointAt(0)));
    }
}
