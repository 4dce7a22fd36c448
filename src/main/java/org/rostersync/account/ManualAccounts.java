package org.rostersync.account;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import org.rostersync.roster.RosterRow;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accounts created by hand: origin MANUAL, no password yet. Usernames are assigned under the same
 * {@code username_lock} row as imports, so a concurrent run never hands out the same one.
 */
@Service
public class ManualAccounts {

    private static final String INSERT = """
            INSERT INTO student_account (district_id, school_id, student_id, username, username_base, username_seq,
                first_name, last_name, grade, email, email_from_staff, row_hash, origin, status, created_at,
                updated_at)
            VALUES (:district, :school, :studentId, :username, :base, :seq, :first, :last, :grade, :email,
                :fromStaff, :hash, 'MANUAL', 'PENDING_ACTIVATION', :now, :now)""";

    private final JdbcClient jdbc;
    private final StudentAccounts accounts;
    private final UsernameNumbers usernameNumbers;
    private final AccountEvents events;
    private final Clock clock;

    ManualAccounts(JdbcClient jdbc, StudentAccounts accounts, UsernameNumbers usernameNumbers, AccountEvents events,
            Clock clock) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.usernameNumbers = usernameNumbers;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Creates the account in PENDING_ACTIVATION.
     *
     * @throws InvalidStudentException  if a field breaks the roster rules
     * @throws StudentIdTakenException  if the Student ID already has an account in the district
     */
    @Transactional
    public StudentAccount create(String districtId, String schoolId, NewStudent request, String actor) {
        NewStudent student = request.normalized();
        Map<String, String> problems = student.fieldProblems();
        if (!problems.isEmpty()) {
            throw new InvalidStudentException(problems);
        }
        jdbc.sql("SELECT id FROM username_lock WHERE id = 1 FOR UPDATE").query().listOfRows();
        if (accounts.byStudentId(districtId, student.studentId()).isPresent()) {
            throw new StudentIdTakenException(districtId, student.studentId());
        }
        String base = Usernames.base(student.firstName(), student.lastName());
        int seq = usernameNumbers.next(base);
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        try {
            jdbc.sql(INSERT)
                    .param("district", districtId).param("school", schoolId)
                    .param("studentId", student.studentId())
                    .param("username", Usernames.of(base, seq)).param("base", base).param("seq", seq)
                    .param("first", student.firstName()).param("last", student.lastName())
                    .param("grade", student.grade()).param("email", student.email())
                    .param("fromStaff", student.email() != null)
                    .param("hash", fingerprint(student)).param("now", now)
                    .update();
        } catch (DuplicateKeyException e) {
            // an import of the same district created the Student ID between our check and the insert
            throw new StudentIdTakenException(districtId, student.studentId());
        }
        StudentAccount created = accounts.byStudentId(districtId, student.studentId()).orElseThrow();
        events.record(created.id(), AccountEventType.CREATED, clock.instant(), actor, "manual, school " + schoolId);
        return created;
    }

    /** The same digest an import stores, so the plan can compare a later roster row with this account. */
    private static String fingerprint(NewStudent s) {
        return new RosterRow(0, null, s.studentId(), s.firstName(), s.lastName(), null, s.grade(), null, s.email(),
                null, null, null, null).fingerprint();
    }
}
