package org.rostersync.credentials.web;

import java.util.List;
import java.util.Locale;

import org.rostersync.credentials.CredentialSheet;
import org.rostersync.credentials.IssuedCredential;
import org.rostersync.credentials.PasswordResetRefusedException;
import org.rostersync.credentials.PasswordResets;
import org.rostersync.credentials.SlipLayout;
import org.rostersync.staff.AccessPolicy;
import org.rostersync.staff.ApiException;
import org.rostersync.staff.StaffMember;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Bulk and single password resets. The answer is the only place a password ever appears: JSON for the screen, or
 * a PDF ({@code Accept: application/pdf}) to print; never cached.
 */
@RestController
class PasswordResetController {

    private final PasswordResets resets;
    private final CredentialSheet sheet;
    private final SlipFiles files;
    private final AccessPolicy access;

    PasswordResetController(PasswordResets resets, CredentialSheet sheet, SlipFiles files, AccessPolicy access) {
        this.resets = resets;
        this.sheet = sheet;
        this.files = files;
        this.access = access;
    }

    record ResetRequest(List<String> studentIds, String layout) {
    }

    /** What the screen shows once. */
    record CredentialView(String studentId, String username, String password) {

        static CredentialView of(IssuedCredential c) {
            return new CredentialView(c.studentId(), c.username(), c.password());
        }

        @Override
        public String toString() {
            return "CredentialView[" + username + ", password hidden]";
        }
    }

    @PostMapping("/api/schools/{schoolId}/password-resets")
    ResponseEntity<?> resetAll(@AuthenticationPrincipal StaffMember staff, @PathVariable String schoolId,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
            @RequestBody ResetRequest request) {
        requireSchool(staff, schoolId);
        SlipLayout layout = layout(request.layout());
        boolean pdf = wantsPdf(accept);
        // the PDF is made before the passwords are stored: if it cannot be, none changes
        return refusals(() -> resets.resetAll(schoolId, request.studentIds(), staff.getUsername(),
                issued -> pdf ? SlipFiles.pdf(sheet.render(issued, layout), files.slipsName(schoolId))
                        : json(issued.stream().map(CredentialView::of).toList())));
    }

    @PostMapping("/api/schools/{schoolId}/students/{studentId}/password-reset")
    ResponseEntity<?> resetOne(@AuthenticationPrincipal StaffMember staff, @PathVariable String schoolId,
            @PathVariable String studentId, @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        requireSchool(staff, schoolId);
        boolean pdf = wantsPdf(accept);
        return refusals(() -> resets.resetOne(schoolId, studentId, staff.getUsername(),
                issued -> pdf
                        ? SlipFiles.pdf(sheet.render(List.of(issued), SlipLayout.SEPARATE_PAGES), "password-" + studentId)
                        : json(CredentialView.of(issued))));
    }

    private void requireSchool(StaffMember staff, String schoolId) {
        access.requireSchool(staff, schoolId, "reset passwords in school '" + schoolId + "'");
    }

    private static SlipLayout layout(String value) {
        if (value == null || value.isBlank()) {
            return SlipLayout.PAPER_SAVER;
        }
        try {
            return SlipLayout.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("layout '" + value + "' is not PAPER_SAVER (slips to cut apart) or"
                    + " SEPARATE_PAGES (one page per student)");
        }
    }

    /**
     * Whether the caller asked for the PDF rather than JSON, decided before any password changes: an answer the
     * caller cannot take would leave students with passwords nobody saw. Each type gets the quality of the most
     * specific range in {@code Accept} that covers it; the PDF, named explicitly, wins a tie; a wildcard alone
     * means JSON.
     *
     * @throws ApiException 400 for an {@code Accept} that is not a media type list, 406 when it takes neither
     */
    private static boolean wantsPdf(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        List<MediaType> types;
        try {
            types = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            throw ApiException.badRequest("Accept '" + accept + "' is not a list of media types; send"
                    + " application/json for the passwords on screen or application/pdf for the sheet to print");
        }
        MediaType pdfRange = mostSpecific(types, MediaType.APPLICATION_PDF);
        MediaType jsonRange = mostSpecific(types, MediaType.APPLICATION_JSON);
        double pdf = pdfRange == null ? 0 : pdfRange.getQualityValue();
        double json = jsonRange == null ? 0 : jsonRange.getQualityValue();
        if (pdf <= 0 && json <= 0) {
            throw new ApiException(HttpStatus.NOT_ACCEPTABLE, "not_acceptable", "Accept '" + accept + "' takes"
                    + " neither answer; send application/json for the passwords on screen or application/pdf for"
                    + " the sheet to print. No password was changed");
        }
        return pdf > json || (pdf == json && !pdfRange.isWildcardSubtype());
    }

    /** The range of {@code types} that covers {@code type} most specifically (exact, then type/*, then *&#47;*). */
    private static MediaType mostSpecific(List<MediaType> types, MediaType type) {
        MediaType best = null;
        for (MediaType range : types) {
            if (range.includes(type) && (best == null || specificity(range) > specificity(best))) {
                best = range;
            }
        }
        return best;
    }

    private static int specificity(MediaType range) {
        return range.isWildcardType() ? 0 : range.isWildcardSubtype() ? 1 : 2;
    }

    private static <T> ResponseEntity<T> json(T body) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).cacheControl(CacheControl.noStore())
                .body(body);
    }

    private static <T> T refusals(java.util.function.Supplier<T> reset) {
        try {
            return reset.get();
        } catch (PasswordResetRefusedException e) {
            HttpStatus status = switch (e.reason()) {
                case INVALID -> HttpStatus.BAD_REQUEST;
                case NOT_IN_SCHOOL -> HttpStatus.NOT_FOUND;
                case NOT_ALLOWED -> HttpStatus.CONFLICT;
            };
            String code = switch (e.reason()) {
                case INVALID -> "bad_request";
                case NOT_IN_SCHOOL -> "not_found";
                case NOT_ALLOWED -> "reset_refused";
            };
            throw new ApiException(status, code, e.getMessage());
        }
    }
}
