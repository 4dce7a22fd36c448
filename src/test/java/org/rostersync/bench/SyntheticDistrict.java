package org.rostersync.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * A reproducible synthetic district: every student is a pure function of the seed and their number, so files of any
 * size are written without holding a roster in memory. Names carry diacritics, hyphens and apostrophes and repeat
 * often (usernames collide); optional columns are filled about half the time.
 */
final class SyntheticDistrict {

    static final String DISTRICT_HEADER = "School ID,Student ID,First Name,Middle Initial,Last Name,Grade,Birth Date,"
            + "Student Email,Guardian Email,Gender,Home Room,Reference ID";
    static final String SCHOOL_HEADER = "Student ID,First Name,Middle Initial,Last Name,Grade,Birth Date,"
            + "Student Email,Guardian Email,Gender,Home Room,Reference ID";

    private static final String[] FIRST = { "José", "María", "Zoë", "Chloé", "Mary-Kate", "Jean-Luc", "Siobhán",
            "Łukasz", "Søren", "Ana", "Noah", "Liam", "Olivia", "Emma", "Ava", "Mia", "Lucas", "Mateo", "Elijah",
            "Amélie", "François", "Björn", "Ingrid", "Aoife", "Nuñez", "Thảo", "Đức", "Anne-Marie", "Renée", "Ève",
            "James", "Sofia", "Camila", "Luna", "Jack", "Leo", "Hugo", "Isabella", "Grace", "Ethan" };
    private static final String[] LAST = { "Núñez", "O'Brien", "García", "Smith-Jones", "Müller", "D'Arcy",
            "Nguyễn", "Kowalski", "Ødegård", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Martínez",
            "López", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee",
            "Pérez", "Thompson", "White", "Harris", "Sánchez", "Clark", "Ramírez", "Lewis", "Robinson", "Walker",
            "Young", "Allen", "King", "Wright", "Scott", "Torres", "Hill", "Flores", "Green", "Adams", "Nelson",
            "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Gómez", "Phillips", "Evans",
            "Turner", "Diaz", "Parker", "Cruz", "Edwards", "Collins", "Reyes", "Stewart", "Morris", "Morales" };
    private static final String[] GRADES = { "K", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12" };

    /** A nightly file's change for one student: what happens to them since the district file. */
    enum Change {
        NONE, REMOVED, EDITED, TRANSFERRED
    }

    private final long seed;
    private final int students;
    private final int schools;

    SyntheticDistrict(long seed, int students, int schools) {
        this.seed = seed;
        this.students = students;
        this.schools = schools;
    }

    int schools() {
        return schools;
    }

    static String schoolId(int school) {
        return "s" + school;
    }

    static String reference(int school) {
        return String.valueOf(1000 + school);
    }

    int schoolOf(int student) {
        return student % schools;
    }

    /** About 1% of students change each night: 0.3% leave, 0.4% have edited names or grades, 0.3% move school. */
    Change change(int student) {
        int bucket = (int) Math.floorMod(mix(seed * 31 + student), 1000L);
        return bucket < 3 ? Change.REMOVED : bucket < 7 ? Change.EDITED : bucket < 10 ? Change.TRANSFERRED
                : Change.NONE;
    }

    /** New students of the night: 0.3% of the district, numbered after the existing ones. */
    int newStudents() {
        return Math.max(1, students * 3 / 1000);
    }

    /** The district file: every student, with their School ID. */
    long writeDistrictFile(Path file) throws IOException {
        long rows = 0;
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(DISTRICT_HEADER);
            out.write('\n');
            StringBuilder line = new StringBuilder(200);
            for (int i = 0; i < students; i++) {
                line.setLength(0);
                line.append(reference(schoolOf(i))).append(',');
                row(line, i, false);
                out.append(line).append('\n');
                rows++;
            }
        }
        return rows;
    }

    /** One file per school for the night, with its changes; returns the rows written. */
    long writeNightlyFiles(Path dir) throws IOException {
        Files.createDirectories(dir);
        Writer[] outs = new Writer[schools];
        long rows = 0;
        try {
            for (int s = 0; s < schools; s++) {
                outs[s] = new BufferedWriter(Files.newBufferedWriter(nightlyFile(dir, s), StandardCharsets.UTF_8),
                        4096);
                outs[s].write(SCHOOL_HEADER);
                outs[s].write('\n');
            }
            StringBuilder line = new StringBuilder(200);
            for (int i = 0; i < students + newStudents(); i++) {
                Change change = i < students ? change(i) : Change.NONE;
                if (change == Change.REMOVED) {
                    continue;
                }
                int school = change == Change.TRANSFERRED ? (schoolOf(i) + 1) % schools : schoolOf(i);
                line.setLength(0);
                row(line, i, change == Change.EDITED);
                outs[school].append(line).append('\n');
                rows++;
            }
        } finally {
            for (Writer out : outs) {
                if (out != null) {
                    out.close();
                }
            }
        }
        return rows;
    }

    static Path nightlyFile(Path dir, int school) {
        return dir.resolve("school-" + school + ".csv");
    }

    /** A tiny school file of ten students of their own (numbered far above the district's). */
    static void writeTinyFile(Path file, int variant) throws IOException {
        StringBuilder text = new StringBuilder(SCHOOL_HEADER).append('\n');
        for (int i = 0; i < 10; i++) {
            text.append("T").append(i).append(',').append(FIRST[i]).append(",,").append(LAST[i]).append(',')
                    .append(GRADES[(i + variant) % GRADES.length]).append(",,,,,,\n");
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Student {@code i}'s columns after the School ID; an edited student has another first name and grade. */
    private void row(StringBuilder line, int i, boolean edited) {
        SplittableRandom random = new SplittableRandom(mix(seed + i));
        // few distinct names, so usernames collide as they do in a real district
        String first = FIRST[random.nextInt(FIRST.length)];
        String last = LAST[random.nextInt(LAST.length)];
        int grade = random.nextInt(GRADES.length);
        if (edited) {
            first = FIRST[(random.nextInt(FIRST.length - 1) + 1 + indexOf(FIRST, first)) % FIRST.length];
            grade = Math.min(grade + 1, GRADES.length - 1);
        }
        boolean optional = random.nextBoolean();
        line.append("S").append(1_000_000 + i).append(',');
        line.append(first).append(',');
        line.append(optional ? (char) ('A' + random.nextInt(26)) : "").append(',');
        line.append(quote(last)).append(',');
        line.append(GRADES[grade]).append(',');
        if (optional) {
            LocalDate birth = LocalDate.of(2008, 1, 1).plusDays(random.nextInt(13 * 365));
            String mail = ascii(first) + "." + ascii(last) + i;
            line.append(birth).append(',').append(mail).append("@students.example.org,")
                    .append(random.nextBoolean() ? "guardian" + i + "@example.com" : "").append(',')
                    .append(random.nextBoolean() ? "F" : "M").append(',').append("Room ").append(random.nextInt(40))
                    .append(',').append("ST").append(7_000_000 + i);
        } else {
            line.append(",,,,,");
        }
    }

    private static String quote(String value) {
        return value.indexOf(',') >= 0 || value.indexOf('"') >= 0 ? '"' + value.replace("\"", "\"\"") + '"'
                : value;
    }

    private static String ascii(String name) {
        return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFKD).replaceAll("[^A-Za-z]", "")
                .toLowerCase(java.util.Locale.ROOT);
    }

    private static int indexOf(String[] values, String value) {
        for (int i = 0; i < values.length; i++) {
            if (values[i].equals(value)) {
                return i;
            }
        }
        return 0;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
