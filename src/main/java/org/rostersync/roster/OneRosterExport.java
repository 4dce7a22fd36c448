package org.rostersync.roster;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A OneRoster 1.1 CSV export (a zip or a folder): {@code manifest.csv} says whether {@code users.csv} is bulk, delta
 * or absent; {@code orgs.csv} turns a user's {@code orgSourcedIds} into the school's {@code identifier}, which is
 * matched to a school's reference-id; {@code users.csv} is streamed and only {@code role=student} rows are
 * returned. Orgs are held in memory (a district has a few hundred; see {@link OneRosterFiles#orgs} for the bound);
 * users never are.
 *
 * <p>A student with {@code status=tobedeleted} or {@code enabledUser=false} is not on the roster: a bulk file
 * simply leaves them out (so the feed's deactivation rules apply), a delta file returns them as withdrawn.
 */
final class OneRosterExport implements RosterSource {

    static final String USERS = "users.csv";
    private static final Set<String> ROLES = Set.of("administrator", "aide", "guardian", "parent", "proctor",
            "relative", "student", "teacher");

    private final ExportMembers members;
    private final RosterMode mode;
    private final Map<String, OneRosterFiles.Org> orgs;
    private final CSVParser users;
    private final Iterator<CSVRecord> records;
    private final HeaderMapping mapping;
    private final Map<RosterField, Integer> fieldColumns = new EnumMap<>(RosterField.class);
    private final Map<String, Integer> controlColumns = new HashMap<>();
    private final boolean schoolFromOrgs;
    /** Whether the export is read for its staff (teachers, aides, administrators) rather than its students. */
    private final boolean staff;
    private long recordsRead;
    private final CsvRecords lines;

    private OneRosterExport(ExportMembers members, RosterMode mode, Map<String, OneRosterFiles.Org> orgs, CSVParser users,
            Map<String, String> columns, Set<RosterField> required, boolean staff) {
        this.staff = staff;
        this.members = members;
        this.mode = mode;
        this.orgs = orgs;
        this.users = users;
        this.records = users == null ? Collections.emptyIterator() : users.iterator();
        if (users == null) {
            this.mapping = new HeaderMapping(Map.of(), List.of(), 0);
            this.schoolFromOrgs = false;
            this.lines = null;
            return;
        }
        CSVRecord header;
        try {
            if (!records.hasNext()) {
                throw new RosterFileException(USERS + " line 1: the file is empty; it needs the header row OneRoster"
                        + " 1.1 gives it");
            }
            header = records.next();
        } catch (UncheckedIOException | IllegalStateException e) {
            throw OneRosterFiles.unreadable(USERS, 1, e);
        }
        this.mapping = mapHeader(header, columns, required);
        this.lines = new CsvRecords(users);
        String schoolHeader = mapping.columns().get(RosterField.SCHOOL_ID);
        this.schoolFromOrgs = schoolHeader != null && RosterField.normalize(schoolHeader).equals("orgsourcedids");
    }

    static OneRosterExport open(Path path, OneRosterStudentId studentId, Map<String, String> feedColumns,
            Set<RosterField> required, RosterLimits limits) {
        return open(path, columns(studentId, feedColumns), required, limits, false);
    }

    /**
     * The export's staff: {@code teacher} and {@code aide} users as teachers, {@code administrator} users as school
     * admins, each at every school org of their {@code orgSourcedIds}.
     */
    static OneRosterExport openStaff(Path path, Map<String, String> feedColumns, Set<RosterField> required,
            RosterLimits limits) {
        return open(path, staffColumns(feedColumns), required, limits, true);
    }

    private static OneRosterExport open(Path path, Map<String, String> columns, Set<RosterField> required,
            RosterLimits limits, boolean staff) {
        ExportMembers members = ExportMembers.open(path, limits);
        CSVParser users = null;
        try {
            RosterMode mode = OneRosterFiles.manifest(members);
            if (mode == RosterMode.ABSENT) {
                return new OneRosterExport(members, mode, Map.of(), null, Map.of(), Set.of(), staff);
            }
            Map<String, OneRosterFiles.Org> orgs = OneRosterFiles.orgs(members);
            users = OneRosterFiles.parser(members, USERS).orElseThrow(() -> new RosterFileException("manifest.csv says"
                    + " file.users is " + mode.name().toLowerCase(Locale.ROOT) + ", but the export has no "
                    + USERS + "; export the users file too"));
            return new OneRosterExport(members, mode, orgs, users, columns, required, staff);
        } catch (RuntimeException e) {
            OneRosterFiles.closeQuietly(users);
            members.close();
            throw e;
        }
    }

    /** Field key → users.csv header; the feed's own columns win. */
    static Map<String, String> columns(OneRosterStudentId studentId, Map<String, String> feedColumns) {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put(RosterField.SCHOOL_ID.key(), "orgSourcedIds");
        columns.put(RosterField.STUDENT_ID.key(), studentId.header());
        columns.put(RosterField.FIRST_NAME.key(), "givenName");
        columns.put(RosterField.MIDDLE_INITIAL.key(), "middleName");
        columns.put(RosterField.LAST_NAME.key(), "familyName");
        columns.put(RosterField.GRADE.key(), "grades");
        columns.put(RosterField.STUDENT_EMAIL.key(), "email");
        columns.putAll(feedColumns == null ? Map.of() : feedColumns);
        return columns;
    }

    /** Field key → users.csv header for a staff roster; the feed's own columns win. */
    static Map<String, String> staffColumns(Map<String, String> feedColumns) {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put(RosterField.SCHOOL_ID.key(), "orgSourcedIds");
        columns.put(RosterField.STAFF_ID.key(), "sourcedId");
        columns.put(RosterField.FIRST_NAME.key(), "givenName");
        columns.put(RosterField.LAST_NAME.key(), "familyName");
        columns.put(RosterField.EMAIL.key(), "email");
        columns.putAll(feedColumns == null ? Map.of() : feedColumns);
        return columns;
    }

    private HeaderMapping mapHeader(CSVRecord header, Map<String, String> columns, Set<RosterField> required) {
        Map<String, RosterField> wanted = new HashMap<>();
        columns.forEach((key, name) -> RosterField.byKey(key)
                .ifPresent(field -> wanted.put(RosterField.normalize(name), field)));
        Map<RosterField, String> mapped = new EnumMap<>(RosterField.class);
        List<String> ignored = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String name = CsvRecords.clean(header.get(i));
            names.add(name);
            String normalized = RosterField.normalize(name);
            RosterField field = wanted.get(normalized);
            if (field != null && !fieldColumns.containsKey(field)) {
                fieldColumns.put(field, i);
                mapped.put(field, name);
            } else if (Set.of("role", "status", "enableduser").contains(normalized)) {
                controlColumns.put(normalized, i);
            } else {
                ignored.add(name.isEmpty() ? "(column " + (i + 1) + ", no name)" : name);
            }
        }
        List<String> missing = new ArrayList<>();
        if (!controlColumns.containsKey("role")) {
            missing.add("role");
        }
        for (RosterField field : required) {
            // a staff member's role is the role column's, read like the status
            if (!mapped.containsKey(field) && !(staff && field == RosterField.ROLE)) {
                missing.add(columns.getOrDefault(field.key(), field.label()));
            }
        }
        if (!missing.isEmpty()) {
            throw new RosterFileException(USERS + " line 1: required column" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + (missing.size() > 1 ? " are" : " is") + " missing from the"
                    + " header; " + HeaderNames.describe(names, mapped.size() + controlColumns.size()) + ". Export users.csv as OneRoster 1.1"
                    + " describes it, or map your header with the feed's columns setting");
        }
        return new HeaderMapping(mapped, ignored, header.size());
    }

    @Override
    public HeaderMapping mapping() {
        return mapping;
    }

    @Override
    public RosterMode mode() {
        return mode;
    }

    @Override
    public RosterLine next() {
        try {
            while (records.hasNext()) {
                CSVRecord record = records.next();
                recordsRead++;
                if (CsvRecords.blank(record)) {
                    lines.skipped();
                    continue;
                }
                RosterLine student = staff ? staffMember(record, lines.startLine(record))
                        : student(record, lines.startLine(record));
                if (student != null) {
                    return student;
                }
            }
            return null;
        } catch (UncheckedIOException | IllegalStateException e) {
            throw OneRosterFiles.unreadable(USERS, lines == null ? 1 : lines.nextLine(), e);
        }
    }

    /** The line for a student row, or {@code null} for another role or a student a bulk file leaves out. */
    private RosterLine student(CSVRecord record, long line) {
        List<RowProblem> problems = new ArrayList<>();
        String role = control(record, "role").toLowerCase(Locale.ROOT);
        boolean shifted = record.size() != mapping.columnCount();
        if (!ROLES.contains(role)) {
            return unknownRole(record, line, shifted);
        }
        if (!role.equals("student")) {
            if (shifted && record.stream().anyMatch(cell -> cell.strip().equalsIgnoreCase("student"))) {
                // another role read from a column the values moved into, while a cell says student
                problems.add(new RowProblem(line, "role", "the role cannot be read" + shiftedRow(record)));
                return new RosterLine(line, Map.of(), record.size(), USERS, false, problems,
                        CsvRecords.possibleIds(record));
            }
            return null;
        }
        RosterLine notText = notTextRow(record, line);
        if (notText != null) {
            return notText;
        }
        Map<RosterField, String> values = userValues(record, line, problems);
        if (!problems.isEmpty() || shifted) {
            // a row whose values moved is never read as a withdrawal: the row validator rejects it for its count
            return new RosterLine(line, values, record.size(), USERS, false, problems,
                    shifted ? CsvRecords.possibleIds(record) : List.of());
        }
        if (withdrawn(record)) {
            return mode == RosterMode.BULK ? null : withdrawal(record, line, values, RosterField.STUDENT_ID);
        }
        String grades = values.get(RosterField.GRADE);
        if (grades != null) {
            // a student has one grade; a list names the first one the SIS gave
            String first = grades.split(",")[0].strip();
            String header = mapping.headerOf(RosterField.GRADE);
            GradeLevels.standard(first).ifPresentOrElse(grade -> values.put(RosterField.GRADE, grade),
                    () -> problems.add(new RowProblem(line, header, header + " '" + grades + "' is not a grade"
                            + " this product knows; use one of " + GradeLevels.accepted())));
        }
        String middle = values.get(RosterField.MIDDLE_INITIAL);
        if (middle != null) {
            values.put(RosterField.MIDDLE_INITIAL, CleverRoster.initial(middle));
        }
        if (schoolFromOrgs && values.containsKey(RosterField.SCHOOL_ID)) {
            school(values.get(RosterField.SCHOOL_ID), line, problems)
                    .ifPresentOrElse(identifier -> values.put(RosterField.SCHOOL_ID, identifier),
                            () -> values.remove(RosterField.SCHOOL_ID));
        }
        return new RosterLine(line, values, record.size(), USERS, false, problems);
    }

    /** The line for a row whose role is not a OneRoster 1.1 role: rejected, and none of its IDs taken for missing. */
    private RosterLine unknownRole(CSVRecord record, long line, boolean shifted) {
        RowProblem problem = new RowProblem(line, "role", "role '" + control(record, "role") + "' is not a"
                + " OneRoster 1.1 role; use one of administrator, aide, guardian, parent, proctor, relative,"
                + " student, teacher" + (shifted ? shiftedRow(record) : ""));
        // it may be a student's row whose values moved (a stray delimiter): none of its IDs is taken for missing
        return new RosterLine(line, Map.of(), record.size(), USERS, false, new ArrayList<>(List.of(problem)),
                CsvRecords.possibleIds(record));
    }

    /**
     * The values a users.csv row gives the mapped fields (empty cells left out), for a student and a staff member
     * alike; a status or enabledUser that is not valid adds its problem.
     */
    private Map<RosterField, String> userValues(CSVRecord record, long line, List<RowProblem> problems) {
        String status = control(record, "status").toLowerCase(Locale.ROOT);
        String enabled = control(record, "enableduser").toLowerCase(Locale.ROOT);
        if (!Set.of("", "active", "tobedeleted").contains(status)) {
            problems.add(new RowProblem(line, "status", "status '" + control(record, "status") + "' is not"
                    + " valid; use active or tobedeleted, or leave it empty"));
        }
        if (!Set.of("", "true", "false").contains(enabled)) {
            problems.add(new RowProblem(line, "enabledUser", "enabledUser '" + control(record, "enableduser")
                    + "' is not valid; use true or false"));
        }
        Map<RosterField, String> values = new EnumMap<>(RosterField.class);
        fieldColumns.forEach((field, column) -> {
            String value = OneRosterFiles.cell(record, column);
            if (!value.isEmpty()) {
                values.put(field, value);
            }
        });
        return values;
    }

    /** Whether a (valid) users.csv row withdraws its user: status tobedeleted or enabledUser false. */
    private boolean withdrawn(CSVRecord record) {
        return control(record, "status").toLowerCase(Locale.ROOT).equals("tobedeleted")
                || control(record, "enableduser").toLowerCase(Locale.ROOT).equals("false");
    }

    /** The withdrawal line for a row: only its ID (under {@code idField}) is kept. */
    private static RosterLine withdrawal(CSVRecord record, long line, Map<RosterField, String> values,
            RosterField idField) {
        Map<RosterField, String> id = new EnumMap<>(RosterField.class);
        if (values.containsKey(idField)) {
            id.put(idField, values.get(idField));
        }
        return new RosterLine(line, id, record.size(), USERS, true, List.of());
    }

    /** Why a row's columns cannot be trusted, and the fix. */
    private String shiftedRow(CSVRecord record) {
        return ": the row has " + record.size() + " values but the header has " + mapping.columnCount()
                + " columns; quote values that contain a comma, or remove the extra delimiter";
    }

    /**
     * A student row with a value the import reads that is not one line of text (a NUL or another control character,
     * a line break), rejected as in a standard file; it still names its student, who is then never taken for
     * missing, and so does every other value of the row that could be one (a quote left open swallows rows).
     */
    private RosterLine notTextRow(CSVRecord record, long line) {
        String column = null;
        String reason = null;
        for (Map.Entry<String, Integer> control : controlColumns.entrySet()) {
            String name = control.getKey().equals("enableduser") ? "enabledUser" : control.getKey();
            String why = CsvRecords.notText(name, OneRosterFiles.cell(record, control.getValue()), null);
            if (column == null && why != null) {
                column = name;
                reason = why;
            }
        }
        for (Map.Entry<RosterField, Integer> field : fieldColumns.entrySet()) {
            String name = mapping.headerOf(field.getKey());
            String why = CsvRecords.notText(name, OneRosterFiles.cell(record, field.getValue()), field.getKey());
            if (column == null && why != null) {
                column = name;
                reason = why;
            }
        }
        if (column == null) {
            return null;
        }
        Map<RosterField, String> id = new EnumMap<>(RosterField.class);
        RosterField idField = staff ? RosterField.STAFF_ID : RosterField.STUDENT_ID;
        String studentId = OneRosterFiles.cell(record, fieldColumns.get(idField));
        boolean spansLines = studentId.indexOf('\n') >= 0 || studentId.indexOf('\r') >= 0;
        studentId = CsvRecords.withoutControls(studentId);
        if (!studentId.isEmpty() && !spansLines) {
            id.put(idField, studentId);
        }
        return new RosterLine(line, id, record.size(), USERS, false,
                List.of(new RowProblem(line, column, reason)), CsvRecords.possibleIds(record));
    }

    /** The roles read as staff: teachers and aides teach, administrators run a school. */
    private static final Set<String> STAFF_ROLES = Set.of("teacher", "aide", "administrator");

    /** The line for a staff row, or {@code null} for another role or a staff member a bulk file leaves out. */
    private RosterLine staffMember(CSVRecord record, long line) {
        List<RowProblem> problems = new ArrayList<>();
        String role = control(record, "role").toLowerCase(Locale.ROOT);
        boolean shifted = record.size() != mapping.columnCount();
        if (!ROLES.contains(role)) {
            return unknownRole(record, line, shifted);
        }
        if (!STAFF_ROLES.contains(role)) {
            return null;
        }
        RosterLine notText = notTextRow(record, line);
        if (notText != null) {
            return notText;
        }
        Map<RosterField, String> values = userValues(record, line, problems);
        values.put(RosterField.ROLE, role.equals("administrator") ? "administrator" : "teacher");
        if (!problems.isEmpty() || shifted) {
            return new RosterLine(line, values, record.size(), USERS, false, problems,
                    shifted ? CsvRecords.possibleIds(record) : List.of());
        }
        if (withdrawn(record)) {
            return mode == RosterMode.BULK ? null : withdrawal(record, line, values, RosterField.STAFF_ID);
        }
        if (schoolFromOrgs && values.containsKey(RosterField.SCHOOL_ID)) {
            List<String> schools = schools(values.get(RosterField.SCHOOL_ID), line, problems);
            if (schools.isEmpty() && problems.isEmpty()) {
                return null; // a district office's staff: staff records are per school
            }
            if (schools.isEmpty()) {
                values.remove(RosterField.SCHOOL_ID);
            } else {
                values.put(RosterField.SCHOOL_ID, String.join(StaffRow.SCHOOL_SEPARATOR, schools));
            }
        }
        return new RosterLine(line, values, record.size(), USERS, false, problems);
    }

    /** The org of orgs.csv with the {@code sourcedId}; {@code null}, with the problem, when orgs.csv lists none. */
    private OneRosterFiles.Org listedOrg(String sourcedId, String member, long line, List<RowProblem> problems) {
        OneRosterFiles.Org org = orgs.get(sourcedId);
        if (org == null) {
            String header = mapping.headerOf(RosterField.SCHOOL_ID);
            problems.add(new RowProblem(line, header, header + " '" + sourcedId + "' is not a sourcedId in"
                    + " orgs.csv; every org " + member + " belongs to must be listed in orgs.csv"));
        }
        return org;
    }

    /** Whether the org is a school: of type school, or of no type. */
    private static boolean isSchool(OneRosterFiles.Org org) {
        return org.type().isEmpty() || org.type().equalsIgnoreCase("school");
    }

    /** Whether the school org has an identifier; the problem when it has none. */
    private boolean hasIdentifier(OneRosterFiles.Org org, String sourcedId, long line, List<RowProblem> problems) {
        if (org.identifier().isEmpty()) {
            problems.add(new RowProblem(line, mapping.headerOf(RosterField.SCHOOL_ID), "org '" + sourcedId
                    + "' (orgs.csv line " + org.line() + ") has no identifier; give each school its identifier, the"
                    + " School ID in the district's settings (reference-id)"));
            return false;
        }
        return true;
    }

    /** The identifiers of every school org of a staff member; problems say which org reference is wrong. */
    private List<String> schools(String orgSourcedIds, long line, List<RowProblem> problems) {
        java.util.LinkedHashSet<String> schools = new java.util.LinkedHashSet<>();
        for (String part : orgSourcedIds.split(",")) {
            String sourcedId = part.strip();
            if (sourcedId.isEmpty()) {
                continue;
            }
            OneRosterFiles.Org org = listedOrg(sourcedId, "a staff member", line, problems);
            if (org == null) {
                return List.of();
            }
            if (!isSchool(org)) {
                continue; // a district office or another org: staff act on schools only
            }
            if (!hasIdentifier(org, sourcedId, line, problems)) {
                return List.of();
            }
            schools.add(org.identifier());
        }
        // none: a user of the district's or another org only, who is no school's staff (the caller skips them)
        return List.copyOf(schools);
    }

    /** The identifier of the student's first school org; problems say which org reference is wrong. */
    private Optional<String> school(String orgSourcedIds, long line, List<RowProblem> problems) {
        String header = mapping.headerOf(RosterField.SCHOOL_ID);
        List<String> nonSchools = new ArrayList<>();
        for (String part : orgSourcedIds.split(",")) {
            String sourcedId = part.strip();
            if (sourcedId.isEmpty()) {
                continue;
            }
            OneRosterFiles.Org org = listedOrg(sourcedId, "a student", line, problems);
            if (org == null) {
                return Optional.empty();
            }
            if (!isSchool(org)) {
                nonSchools.add("'" + sourcedId + "' is a " + org.type());
                continue;
            }
            if (!hasIdentifier(org, sourcedId, line, problems)) {
                return Optional.empty();
            }
            return Optional.of(org.identifier());
        }
        problems.add(new RowProblem(line, header, header + " names no org of type school in orgs.csv"
                + (nonSchools.isEmpty() ? "" : " (" + String.join(", ", nonSchools) + ")")
                + "; link each student to their school"));
        return Optional.empty();
    }

    private String control(CSVRecord record, String name) {
        return OneRosterFiles.cell(record, controlColumns.get(name));
    }

    @Override
    public long recordsRead() {
        return recordsRead;
    }

    @Override
    public void skip(long count) {
        while (recordsRead < count && records.hasNext()) {
            records.next();
            recordsRead++;
            lines.skipped();
        }
    }

    @Override
    public void close() {
        OneRosterFiles.closeQuietly(users);
        members.close();
    }

}
