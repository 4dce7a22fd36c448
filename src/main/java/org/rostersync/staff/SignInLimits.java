package org.rostersync.staff;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Sign-in rate limits: a Bucket4j token bucket per client address and one per username, taken from before any
 * password is hashed, so guessing costs the guesser time and this server no CPU. Each refills evenly over
 * {@code rostersync.sign-in.period}. Buckets live in this node's memory, in caches bounded by count (the least used
 * go first; a forgotten bucket starts full); the per-username lockout in the database is what holds across nodes.
 * <p>
 * Student sign-ins count every attempt, right or wrong, since anyone holding a slip could otherwise spend a hash per
 * request. A staff sign-in that succeeds gets its attempt back: an API script signs in with every call (HTTP Basic)
 * and must not be limited for signing in right, so for staff only failures use up the limits.
 */
@Component
public class SignInLimits {

    public static final String RATE_LIMITED = "rate_limited";

    /** Usernames longer than this share a bucket by their start: none signs in, and keys must stay small. */
    private static final int KEY_LENGTH = 100;

    private final Cache<String, Bucket> addresses;
    private final Cache<String, Bucket> usernames;
    private final Bandwidth perAddress;
    private final Bandwidth perUsername;
    private final TimeMeter time;
    private final Counter refusedByAddress;
    private final Counter refusedByUsername;

    SignInLimits(SignInSettings settings, Clock clock, MeterRegistry meters) {
        this.addresses = Caffeine.newBuilder().maximumSize(settings.tracked())
                .expireAfterAccess(settings.period()).build();
        this.usernames = Caffeine.newBuilder().maximumSize(settings.tracked())
                .expireAfterAccess(settings.period()).build();
        this.perAddress = Bandwidth.builder().capacity(settings.perAddress())
                .refillGreedy(settings.perAddress(), settings.period()).build();
        this.perUsername = Bandwidth.builder().capacity(settings.perUsername())
                .refillGreedy(settings.perUsername(), settings.period()).build();
        this.time = new ClockTime(clock);
        this.refusedByAddress = refused(meters, "address");
        this.refusedByUsername = refused(meters, "username");
    }

    private static Counter refused(MeterRegistry meters, String limit) {
        return Counter.builder("rostersync.sign-in.refused").tag("limit", limit)
                .description("Sign-in attempts answered 429 before any password was checked").register(meters);
    }

    /** Takes one staff sign-in attempt; empty when it may go on, else how long to wait. */
    public Optional<Duration> admitStaff(String address, String username) {
        return admit(address, staffKey(username));
    }

    /** Takes one student sign-in attempt; empty when it may go on, else how long to wait. */
    public Optional<Duration> admitStudent(String address, String username) {
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        return admit(address, "student:" + cut(name));
    }

    private Optional<Duration> admit(String address, String usernameKey) {
        ConsumptionProbe byAddress = bucket(addresses, String.valueOf(address), perAddress)
                .tryConsumeAndReturnRemaining(1);
        if (!byAddress.isConsumed()) {
            refusedByAddress.increment();
            return Optional.of(wait(byAddress));
        }
        // an attempt held back by its username still counts for its address: it came from there
        ConsumptionProbe byUsername = bucket(usernames, usernameKey, perUsername).tryConsumeAndReturnRemaining(1);
        if (!byUsername.isConsumed()) {
            refusedByUsername.increment();
            return Optional.of(wait(byUsername));
        }
        return Optional.empty();
    }

    /** A staff sign-in (form or HTTP Basic) succeeded: its attempt is given back to its address and username. */
    @EventListener
    void staffSignedIn(AuthenticationSuccessEvent event) {
        if (event.getAuthentication().getDetails() instanceof WebAuthenticationDetails details) {
            giveBack(addresses.getIfPresent(String.valueOf(details.getRemoteAddress())));
            giveBack(usernames.getIfPresent(staffKey(event.getAuthentication().getName())));
        }
    }

    private static void giveBack(Bucket bucket) {
        if (bucket != null) {
            bucket.addTokens(1); // never above the bucket's capacity
        }
    }

    private static String staffKey(String username) {
        return "staff:" + cut(username == null ? "" : username);
    }

    private static String cut(String username) {
        return username.length() > KEY_LENGTH ? username.substring(0, KEY_LENGTH) : username;
    }

    private Bucket bucket(Cache<String, Bucket> buckets, String key, Bandwidth limit) {
        return buckets.get(key, k -> Bucket.builder().addLimit(limit).withCustomTimePrecision(time).build());
    }

    private static Duration wait(ConsumptionProbe probe) {
        return Duration.ofNanos(Math.max(probe.getNanosToWaitForRefill(), 1));
    }

    /** Whole seconds to wait, as {@code Retry-After} gives them: rounded up, at least 1. */
    public static long seconds(Duration wait) {
        return Math.max(1, (wait.toNanos() + 999_999_999L) / 1_000_000_000L);
    }

    /** What a held-back sign-in is told: the same for either limit, and for usernames that exist or not. */
    public static String refusal(long seconds) {
        return "too many sign-in attempts from this address or for this username; wait " + seconds
                + " seconds, then try again";
    }

    /** Buckets refill by the application's clock, the one tests move. */
    private record ClockTime(Clock clock) implements TimeMeter {

        @Override
        public long currentTimeNanos() {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}
