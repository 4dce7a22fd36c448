package org.rostersync.account.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.rostersync.account.AccountEvent;
import org.rostersync.account.AccountEvents;
import org.rostersync.account.AccountOrigin;
import org.rostersync.account.InvalidStudentException;
import org.rostersync.account.ManualAccounts;
import org.rostersync.account.NewStudent;
import org.rostersync.account.StudentAccount;
import org.rostersync.account.StudentAccounts;
import org.rostersync.account.StudentIdTakenException;
import org.rostersync.account.web.StudentController.StudentView;
import org.rostersync.school.School;
import org.rostersync.staff.AccessPolicy;
import org.rostersync.staff.ApiException;
import org.rostersync.staff.Paging;
import org.rostersync.staff.StaffMember;
import org.rostersync.staff.StudentPaths;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** One student: creation by hand, the profile, its audit trail, and the fields staff may not change. */
@RestController
class StudentProfileController {

    private final StudentAccounts accounts;
    private final ManualAccounts manualAccounts;
    private final AccountEvents events;
    private final AccessPolicy access;

    StudentProfileController(StudentAccounts accounts, ManualAccounts manualAccounts, AccountEvents events, AccessPolicy access) {
        this.accounts = accounts;
        this.manualAccounts = manualAccounts;
        this.events = events;
        this.access = access;
    }

    /** Teachers may create students in their schools: the product lets any staff member add a missing child. */
    @PostMapping("/api/schools/{schoolId}/students")
    ResponseEntity<StudentView> create(@AuthenticationPrincipal StaffMember staff, @PathVariable String schoolId,
            @RequestBody NewStudent student) {
        School school = requireSchool(staff, schoolId, "create students in school '" + schoolId + "'");
        try {
            StudentAccount created = manualAccounts.create(school.districtId(), schoolId, student,
                    staff.getUsername());
            // encoded as one segment: a Student ID is the SIS's and may hold a space, a percent sign, a slash, a
            // semicolon or be "..", which must not make the address another call's (the account exists by now)
            URI location = URI.create(StudentPaths.api(schoolId, created.studentId()));
            return ResponseEntity.created(location).body(StudentView.of(created));
        } catch (InvalidStudentException e) {
            throw ApiException.badRequest(e.getMessage());
        } catch (StudentIdTakenException e) {
            throw new ApiException(HttpStatus.CONFLICT, "student_exists", e.getMessage());
        }
    }

    @GetMapping("/api/schools/{schoolId}/students/{studentId}")
    StudentView student(@AuthenticationPrincipal StaffMember staff, @PathVariable String schoolId,
            @PathVariable String studentId) {
        return StudentView.of(requireStudent(staff, schoolId, studentId));
    }

    /**
     * Nothing about a student is edited here: roster fields come from the roster file, and a hand-made account's
     * email is fixed at creation. The call exists to say so clearly instead of answering 405.
     */
    @PatchMapping("/api/schools/{schoolId}/students/{studentId}")
    void update(@AuthenticationPrincipal StaffMember staff, @PathVariable String schoolId,
            @PathVariable String studentId, @RequestBody Map<String, Object> changes) {
        StudentAccount account = requireStudent(staff, schoolId, studentId);
        if (changes.containsKey("email")) {
            throw new ApiException(HttpStatus.CONFLICT, "email_locked", account.origin() == AccountOrigin.MANUAL
                    ? "the email of a student created by hand can only be set when the account is created; it"
                            + " cannot be added or changed afterwards. If it must change, enter it in the SIS: the"
                            + " next roster import with this Student ID takes the account over, email included"
                    : "this student's email comes from the roster file; change it in the SIS and the next import"
                            + " updates it");
        }
        throw ApiException.badRequest("student fields cannot be changed here (" + new TreeSet<>(changes.keySet())
                + "): they come from the roster file; change them in the SIS");
    }

    @GetMapping("/api/schools/{schoolId}/students/{studentId}/events")
    ResponseEntity<List<AccountEvent>> events(@AuthenticationPrincipal StaffMember staff,
            @PathVariable String schoolId, @PathVariable String studentId, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        Paging paging = Paging.of(page, size);
        long accountId = requireStudent(staff, schoolId, studentId).id();
        return ResponseEntity.ok().header("X-Total-Count", String.valueOf(events.count(accountId)))
                .body(events.forAccount(accountId, paging.offset(), paging.size()));
    }

    private School requireSchool(StaffMember staff, String schoolId, String what) {
        return access.requireSchool(staff, schoolId, what);
    }

    private StudentAccount requireStudent(StaffMember staff, String schoolId, String studentId) {
        requireSchool(staff, schoolId, "see the students of school '" + schoolId + "'");
        return accounts.inSchool(schoolId, List.of(studentId)).stream().findFirst()
                .orElseThrow(() -> ApiException.notFound("student '" + studentId + "' in school '" + schoolId + "'"));
    }
}
