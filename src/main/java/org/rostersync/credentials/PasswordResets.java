package org.rostersync.credentials;

import java.text.Collator;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.rostersync.account.AccountEventType;
import org.rostersync.account.AccountPasswords;
import org.rostersync.account.AccountEvents;
import org.rostersync.account.AccountStatus;
import org.rostersync.account.StudentAccount;
import org.rostersync.account.StudentAccounts;
import org.rostersync.credentials.PasswordResetRefusedException.Reason;
import org.rostersync.school.School;
import org.rostersync.school.SchoolDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issues new temporary passwords: the bulk reset that activates accounts (PENDING_ACTIVATION → PASSWORD_ISSUED;
 * ACTIVE stays ACTIVE) and the single reset of an ACTIVE account. All or nothing: if any requested student cannot
 * get a password, no password changes. Only hashes are stored; the passwords are handed back once.
 */
@Service
public class PasswordResets {

    /** A class or a grade at a time; each password costs one deliberately slow hash. */
    public static final int MAX_STUDENTS = 1000;

    private static final Logger log = LoggerFactory.getLogger(PasswordResets.class);

    private final StudentAccounts accounts;
    private final AccountPasswords passwords;
    private final AccountEvents events;
    private final SchoolDirectory directory;
    private final PasswordEncoder encoder;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final PasswordGenerator generator = new PasswordGenerator();

    PasswordResets(StudentAccounts accounts, AccountPasswords passwords, AccountEvents events,
            SchoolDirectory directory, PasswordEncoder encoder, JdbcClient jdbc, TransactionTemplate transactions,
            Clock clock) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.events = events;
        this.directory = directory;
        this.encoder = encoder;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * New passwords for students of one school, sorted by last name, first name and Student ID.
     *
     * @throws PasswordResetRefusedException if the list is empty or too long, if a student has no account in the
     *                                       school, or if one is deactivated; nothing changes then
     */
    public List<IssuedCredential> resetAll(String schoolId, Collection<String> studentIds, String actor) {
        return resetAll(schoolId, studentIds, actor, issued -> issued);
    }

    /**
     * New passwords for students of one school, handed over as {@code delivery} makes them (the PDF of their slips,
     * say) <em>before</em> they are stored: if the delivery fails, no password changes, so no student is left with a
     * password nobody has seen.
     *
     * @throws PasswordResetRefusedException as {@link #resetAll(String, Collection, String)}
     */
    public <T> T resetAll(String schoolId, Collection<String> studentIds, String actor,
            Function<List<IssuedCredential>, T> delivery) {
        Set<String> wanted = new LinkedHashSet<>();
        for (String id : studentIds == null ? List.<String>of() : studentIds) {
            if (id != null && !id.isBlank()) {
                wanted.add(id.strip());
            }
        }
        if (wanted.isEmpty()) {
            throw new PasswordResetRefusedException(Reason.INVALID, List.of(),
                    "studentIds is empty; select the students whose passwords to reset");
        }
        if (wanted.size() > MAX_STUDENTS) {
            throw new PasswordResetRefusedException(Reason.INVALID, List.of(), "at most " + MAX_STUDENTS
                    + " students per reset, " + wanted.size() + " given; reset a class or a grade at a time");
        }
        School school = school(schoolId);
        Map<String, StudentAccount> found = accounts.inSchool(schoolId, wanted).stream()
                .collect(Collectors.toMap(StudentAccount::studentId, Function.identity()));
        List<String> missing = wanted.stream().filter(id -> !found.containsKey(id)).toList();
        if (!missing.isEmpty()) {
            throw new PasswordResetRefusedException(Reason.NOT_IN_SCHOOL, missing, "no account in school '"
                    + schoolId + "' for Student ID " + String.join(", ", missing)
                    + "; no password was changed. Remove them from the selection and try again");
        }
        List<StudentAccount> deactivated = found.values().stream()
                .filter(a -> a.status() == AccountStatus.DEACTIVATED).sorted(BY_NAME).toList();
        if (!deactivated.isEmpty()) {
            throw deactivated(deactivated);
        }
        List<StudentAccount> sorted = found.values().stream().sorted(BY_NAME).toList();
        T delivered = issue(school, sorted, actor, "bulk reset",
                List.of(AccountStatus.PENDING_ACTIVATION, AccountStatus.PASSWORD_ISSUED, AccountStatus.ACTIVE),
                delivery);
        log.info("{} issued {} new student password(s) in school {}", actor, sorted.size(), schoolId);
        return delivered;
    }

    /**
     * A new password for one ACTIVE student, as the student's profile offers it.
     *
     * @throws PasswordResetRefusedException if the student has no account in the school or is not ACTIVE
     */
    public IssuedCredential resetOne(String schoolId, String studentId, String actor) {
        return resetOne(schoolId, studentId, actor, issued -> issued);
    }

    /**
     * A new password for one ACTIVE student, handed over as {@code delivery} makes it before it is stored (see
     * {@link #resetAll(String, Collection, String, Function)}).
     */
    public <T> T resetOne(String schoolId, String studentId, String actor, Function<IssuedCredential, T> delivery) {
        School school = school(schoolId);
        StudentAccount account = accounts.inSchool(schoolId, List.of(studentId)).stream().findFirst()
                .orElseThrow(() -> new PasswordResetRefusedException(Reason.NOT_IN_SCHOOL, List.of(studentId),
                        "no account in school '" + schoolId + "' for Student ID " + studentId));
        if (account.status() != AccountStatus.ACTIVE) {
            throw new PasswordResetRefusedException(Reason.NOT_ALLOWED, List.of(studentId), "Student ID "
                    + studentId + " is " + account.status() + ": a single reset is only for ACTIVE accounts. "
                    + (account.status() == AccountStatus.DEACTIVATED
                            ? "The student left the roster; they come back when a roster file lists them again"
                            : "Activate it with the bulk reset (POST /api/schools/" + schoolId
                                    + "/password-resets) and let the student sign in once"));
        }
        T delivered = issue(school, List.of(account), actor, "single reset", List.of(AccountStatus.ACTIVE),
                issued -> delivery.apply(issued.get(0)));
        log.info("{} issued 1 new student password in school {}", actor, schoolId);
        return delivered;
    }

    private <T> T issue(School school, List<StudentAccount> students, String actor, String detail,
            List<AccountStatus> allowed, Function<List<IssuedCredential>, T> delivery) {
        // hashing is the slow part: done before the transaction, in parallel, so row locks are held briefly
        List<String> passwords = students.stream().map(s -> generator.next()).toList();
        List<String> hashes = passwords.parallelStream().map(encoder::encode).toList();
        List<IssuedCredential> issued = new ArrayList<>(students.size());
        for (int i = 0; i < students.size(); i++) {
            StudentAccount s = students.get(i);
            issued.add(new IssuedCredential(s.studentId(), s.username(), s.firstName(), s.lastName(), s.grade(),
                    school.name(), passwords.get(i)));
        }
        // made before anything is stored, and outside the transaction: a delivery that fails changes no password
        T delivered = delivery.apply(List.copyOf(issued));
        Instant now = clock.instant();
        transactions.executeWithoutResult(tx -> {
            List<StudentAccount> lost = new ArrayList<>();
            for (int i = 0; i < students.size(); i++) {
                StudentAccount student = students.get(i);
                if (!this.passwords.issue(student.id(), school.id(), hashes.get(i), now, allowed)) {
                    lost.add(student);
                }
                jdbc.sql("DELETE FROM login_failure WHERE account_id = :id").param("id", student.id()).update();
            }
            if (!lost.isEmpty()) {
                // an import deactivated or moved them meanwhile: roll everything back
                throw deactivated(lost);
            }
            for (StudentAccount student : students) {
                events.record(student.id(), AccountEventType.PASSWORD_ISSUED, now, actor, detail);
            }
        });
        return delivered;
    }

    private School school(String schoolId) {
        return directory.school(schoolId).orElseThrow(() -> new PasswordResetRefusedException(Reason.NOT_IN_SCHOOL,
                List.of(), "school '" + schoolId + "' does not exist"));
    }

    /** Named as the Students page shows them (name and username), with the Student ID the API knows them by. */
    private static PasswordResetRefusedException deactivated(List<StudentAccount> students) {
        String named = students.stream().map(s -> s.lastName() + ", " + s.firstName() + " (" + s.username()
                + ", Student ID " + s.studentId() + ")").collect(Collectors.joining("; "));
        return new PasswordResetRefusedException(Reason.NOT_ALLOWED,
                students.stream().map(StudentAccount::studentId).toList(), named
                        + " cannot get a password: deactivated or no longer in this school (they left the roster). No"
                        + " password was changed; remove them from the selection and try again");
    }

    /** Alphabetical as people read it: "Ñúñez" sorts with the N's, not after "Zhou". */
    private static final Comparator<StudentAccount> BY_NAME = Comparator
            .comparing(StudentAccount::lastName, Collator.getInstance(Locale.US))
            .thenComparing(StudentAccount::firstName, Collator.getInstance(Locale.US))
            .thenComparing(StudentAccount::studentId);
}
