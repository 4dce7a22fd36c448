package org.rostersync.staff;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.rostersync.school.InvalidSettingsException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sign-in rate limits ({@code rostersync.sign-in}), applied before any password is checked. The staff lockout uses
 * the students' {@code rostersync.login} window.
 *
 * @param perUsername sign-in attempts one username may make within {@code period}
 * @param perAddress  sign-in attempts one client address may make within {@code period}; behind a school's NAT all
 *                    its students share one address
 * @param period      the window both limits refill over, evenly
 * @param tracked     how many usernames, and how many addresses, this node keeps a count for; the least used are
 *                    forgotten first, so made-up names cannot grow memory without bound
 * @param emailClaim   the claim of the district's OpenID Connect provider that holds the staff member's email, matched
 *                     against the roster's Email: {@code email} (Google Workspace, ClassLink), or
 *                     {@code preferred_username} or {@code upn} (Microsoft Entra ID)
 * @param staffRecheck how often a signed-in roster staff member's rows are read again: a deactivated teacher loses
 *                     access within this long, and a changed role or school takes effect
 * @param contact      who staff refused at sign-in should ask, as the refusal page names them (e.g. an address of the
 *                     district's help desk); empty: "your district's roster-sync administrator"
 * @param eventRetention how long the staff sign-in audit ({@code staff_event}) keeps an event; 0 keeps every one
 */
@ConfigurationProperties("rostersync.sign-in")
public record SignInSettings(@DefaultValue("10") int perUsername, @DefaultValue("300") int perAddress,
        @DefaultValue("PT1M") Duration period, @DefaultValue("10000") int tracked,
        @DefaultValue("email") String emailClaim, @DefaultValue("PT1M") Duration staffRecheck, String contact,
        @DefaultValue("P365D") Duration eventRetention) {

    public SignInSettings {
        List<String> problems = new ArrayList<>();
        if (perUsername < 1) {
            problems.add("rostersync.sign-in.per-username: must be 1 or more, was " + perUsername);
        }
        if (perAddress < 1) {
            problems.add("rostersync.sign-in.per-address: must be 1 or more, was " + perAddress
                    + "; size it for the most sign-ins a minute from one school's address");
        }
        if (period == null || period.isNegative() || period.isZero()) {
            problems.add("rostersync.sign-in.period: must be a positive duration such as PT1M or 1m");
        }
        if (emailClaim == null || emailClaim.isBlank()) {
            problems.add("rostersync.sign-in.email-claim: must name a claim, such as email, preferred_username or upn");
        }
        if (staffRecheck == null || staffRecheck.isNegative() || staffRecheck.isZero()) {
            problems.add("rostersync.sign-in.staff-recheck: must be a positive duration such as PT1M or 1m");
        }
        if (eventRetention == null || eventRetention.isNegative()) {
            problems.add("rostersync.sign-in.event-retention: must be a duration such as P365D or P90D (0 keeps every"
                    + " event)");
        }
        if (tracked < 100) {
            problems.add("rostersync.sign-in.tracked: must be 100 or more, was " + tracked);
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
    }
}
