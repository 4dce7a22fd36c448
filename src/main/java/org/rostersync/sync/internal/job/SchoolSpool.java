package org.rostersync.sync.internal.job;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.rostersync.files.PrivateFiles;
import org.rostersync.roster.RosterRow;
import org.rostersync.sync.internal.database.NewAccounts;

/**
 * The accepted rows of a first import in one pass ({@link FirstImport}), spooled to the run's own files so that they
 * can be written school by school, in bounded memory whatever the file's size: the rows are hashed by school into at
 * most {@link #BUCKETS} files beside the run's roster file (readable by the server's user only, deleted on
 * {@link #close}; one a crash left behind goes with the roster files, after {@code rostersync.file-retention}), and
 * each school is read back from its bucket's file in the order its rows were spooled, which is the file's line order.
 */
final class SchoolSpool implements Closeable {

    /** Open files at most; a district with more schools shares them, each school read by one pass over its file. */
    static final int BUCKETS = 128;

    private final Path directory;
    private final String prefix;
    private final Map<String, Integer> schools = new HashMap<>();
    private final List<String> schoolIds = new ArrayList<>();
    private final Path[] paths = new Path[BUCKETS];
    private final DataOutputStream[] outputs = new DataOutputStream[BUCKETS];
    private final ByteArrayOutputStream record = new ByteArrayOutputStream(512);
    private final DataOutputStream fields = new DataOutputStream(record);

    /** Spools to {@code directory}, in files named {@code prefix} and their bucket's number. */
    SchoolSpool(Path directory, String prefix) {
        this.directory = directory;
        this.prefix = prefix;
    }

    /** Spools an accepted row, the {@code nth} holder of its username base in the file. */
    void add(LoadedRow.Accepted accepted, int nth) throws IOException {
        int school = schools.computeIfAbsent(accepted.schoolId(), id -> {
            schoolIds.add(id);
            return schoolIds.size() - 1;
        });
        RosterRow r = accepted.row();
        record.reset();
        fields.writeInt(nth);
        text(r.studentId());
        text(r.firstName());
        text(r.lastName());
        text(r.middleInitial());
        text(r.grade());
        fields.writeLong(r.birthDate() == null ? Long.MIN_VALUE : r.birthDate().toEpochDay());
        text(r.studentEmail());
        text(r.guardianEmail());
        text(r.gender());
        text(r.homeRoom());
        text(r.referenceId());
        text(accepted.usernameBase());
        text(accepted.fingerprint());
        DataOutputStream out = output(school % BUCKETS);
        out.writeInt(school);
        out.writeInt(record.size());
        record.writeTo(out);
    }

    /**
     * Hands every spooled row to {@code sink} as a new account, school by school in the order of their ids, each
     * numbered by {@code counters}.
     */
    void writeTo(NewAccounts.Sink sink, UsernameCounters counters) throws IOException {
        for (DataOutputStream out : outputs) {
            if (out != null) {
                out.flush();
            }
        }
        List<String> ordered = new ArrayList<>(schoolIds);
        ordered.sort(null);
        byte[] buffer = new byte[512];
        for (String schoolId : ordered) {
            int school = schools.get(schoolId);
            try (DataInputStream in = new DataInputStream(
                    new BufferedInputStream(Files.newInputStream(paths[school % BUCKETS]), 1 << 16))) {
                while (true) {
                    int of;
                    try {
                        of = in.readInt();
                    } catch (java.io.EOFException end) {
                        break;
                    }
                    int length = in.readInt();
                    if (of != school) {
                        in.skipNBytes(length);
                        continue;
                    }
                    if (buffer.length < length) {
                        buffer = new byte[Math.max(length, buffer.length * 2)];
                    }
                    in.readFully(buffer, 0, length);
                    sink.add(account(schoolId,
                            new DataInputStream(new java.io.ByteArrayInputStream(buffer, 0, length)), counters));
                }
            }
            sink.endSchool(schoolId);
        }
    }

    private static NewAccounts.NewAccount account(String schoolId, DataInputStream in, UsernameCounters counters)
            throws IOException {
        int nth = in.readInt();
        String studentId = text(in);
        String firstName = text(in);
        String lastName = text(in);
        String middleInitial = text(in);
        String grade = text(in);
        long day = in.readLong();
        LocalDate birthDate = day == Long.MIN_VALUE ? null : LocalDate.ofEpochDay(day);
        String email = text(in);
        String guardianEmail = text(in);
        String gender = text(in);
        String homeRoom = text(in);
        String referenceId = text(in);
        String base = text(in);
        String rowHash = text(in);
        int seq = counters.seq(base, nth);
        return new NewAccounts.NewAccount(schoolId, studentId, org.rostersync.account.Usernames.of(base, seq), base,
                seq, firstName, lastName, middleInitial, grade, birthDate, email, guardianEmail, gender, homeRoom,
                referenceId, rowHash);
    }

    private void text(String value) throws IOException {
        fields.writeBoolean(value != null);
        if (value != null) {
            fields.writeUTF(value);
        }
    }

    private static String text(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private DataOutputStream output(int bucket) throws IOException {
        if (outputs[bucket] == null) {
            PrivateFiles.createDirectories(directory);
            Path path = directory.resolve(prefix + bucket);
            paths[bucket] = path;
            OutputStream file = PrivateFiles.newOutputStream(path);
            outputs[bucket] = new DataOutputStream(new BufferedOutputStream(file, 1 << 14));
        }
        return outputs[bucket];
    }

    /** Deletes the spooled rows. */
    @Override
    public void close() {
        IOException failure = null;
        for (int i = 0; i < BUCKETS; i++) {
            try {
                if (outputs[i] != null) {
                    outputs[i].close();
                }
                if (paths[i] != null) {
                    Files.deleteIfExists(paths[i]);
                }
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw new UncheckedIOException("could not delete a first import's spooled rows", failure);
        }
    }
}
