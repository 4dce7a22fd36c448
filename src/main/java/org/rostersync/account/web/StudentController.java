package org.rostersync.account.web;

import java.time.Instant;
import java.util.List;

import org.rostersync.account.AccountStatus;
import org.rostersync.account.StudentAccount;
import org.rostersync.account.StudentAccounts;
import org.rostersync.staff.AccessPolicy;
import org.rostersync.staff.Paging;
import org.rostersync.staff.StaffMember;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A school's students, as staff of that school see them. */
@RestController
class StudentController {

    private final StudentAccounts accounts;
    private final AccessPolicy access;

    StudentController(StudentAccounts accounts, AccessPolicy access) {
        this.accounts = accounts;
        this.access = access;
    }

    record StudentView(String studentId, String schoolId, String username, String firstName, String lastName,
            String grade, String email, AccountStatus status, String origin, Instant missingSince) {

        static StudentView of(StudentAccount a) {
            return new StudentView(a.studentId(), a.schoolId(), a.username(), a.firstName(), a.lastName(), a.grade(),
                    a.email(), a.status(), a.origin().name(), a.missingSince());
        }
    }

    @GetMapping("/api/schools/{schoolId}/students")
    ResponseEntity<List<StudentView>> students(@AuthenticationPrincipal StaffMember staff,
            @PathVariable String schoolId, @RequestParam(required = false) AccountStatus status,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        requireSchool(staff, schoolId);
        Paging paging = Paging.of(page, size);
        List<StudentView> students = accounts.inSchool(schoolId, status, paging.offset(), paging.size()).stream()
                .map(StudentView::of).toList();
        return ResponseEntity.ok().header("X-Total-Count", String.valueOf(accounts.countInSchool(schoolId, status)))
                .body(students);
    }

    private void requireSchool(StaffMember staff, String schoolId) {
        access.requireSchool(staff, schoolId, "see the students of school '" + schoolId + "'");
    }
}
