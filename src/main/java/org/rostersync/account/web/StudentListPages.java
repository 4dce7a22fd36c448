package org.rostersync.account.web;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.rostersync.account.AccountStatus;
import org.rostersync.account.StudentAccounts;
import org.rostersync.school.School;
import org.rostersync.staff.AccessPolicy;
import org.rostersync.staff.FormTokens;
import org.rostersync.staff.StaffMember;
import org.rostersync.staff.StaffPage;
import org.rostersync.staff.StudentPaths;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpSession;

/**
 * Teachers' Students page: a school's students as tiles, filtered by status and grade and found by name, username or
 * Student ID ({@code ?q=}), to select for a bulk reset.
 */
@Controller
@StaffPage
class StudentListPages {

    /** The tiles page shows a school's students up to this many; filters narrow it down. */
    static final int MAX_TILES = 5000;

    private final StudentAccounts accounts;
    private final AccessPolicy access;

    StudentListPages(StudentAccounts accounts, AccessPolicy access) {
        this.accounts = accounts;
        this.access = access;
    }

    @GetMapping("/schools/{schoolId}/students")
    String students(@AuthenticationPrincipal StaffMember staff, @PathVariable String schoolId,
            @RequestParam(required = false) AccountStatus status, @RequestParam(required = false) String grade,
            @RequestParam(required = false) String q, Model model, HttpSession session) {
        School school = access.requireSchool(staff, schoolId, "see the students of school '" + schoolId + "'");
        String wanted = grade == null || grade.isBlank() ? null : grade;
        String search = q == null || q.isBlank() ? null : q.strip();
        // filtered in the database: a school with more accounts than the page shows keeps every student reachable
        List<String> grades = accounts.gradesInSchool(schoolId, status).stream()
                .sorted(Comparator.comparingInt(StudentListPages::gradeOrder).thenComparing(Comparator.naturalOrder()))
                .toList();
        if (wanted != null && !grades.contains(wanted)) {
            // the grade filters the tiles even when no student of this status has it: the drop-down must say so
            grades = Stream.concat(grades.stream(), Stream.of(wanted)).toList();
        }
        model.addAttribute("school", school);
        model.addAttribute("students", accounts.inSchool(schoolId, status, wanted, search, 0, MAX_TILES));
        model.addAttribute("total", accounts.countInSchool(schoolId, status, wanted, search));
        model.addAttribute("q", search);
        model.addAttribute("grades", grades);
        model.addAttribute("statuses", AccountStatus.values());
        model.addAttribute("status", status);
        model.addAttribute("grade", wanted);
        model.addAttribute("resetToken", FormTokens.issue(session, StudentPaths.bulkResetForm(schoolId)));
        return "students";
    }

    /** Pre-K, kindergarten, 1–12, then anything else. */
    private static int gradeOrder(String grade) {
        return switch (grade.toUpperCase(java.util.Locale.ROOT)) {
            case "PK" -> -2;
            case "K", "KG" -> -1;
            default -> grade.chars().allMatch(Character::isDigit) && grade.length() < 4 ? Integer.parseInt(grade) : 100;
        };
    }
}
