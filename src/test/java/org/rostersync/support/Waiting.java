package org.rostersync.support;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * Awaitility as the tests wait: on the test's own thread (a condition may read what that thread holds), checking at
 * once and then every 20 ms unless a caller asks for a slower pace.
 */
public final class Waiting {

    private Waiting() {
    }

    /** Waits at most {@code limit} for {@code what}, named in the failure. */
    public static ConditionFactory upTo(Duration limit, String what) {
        return Awaitility.await(what).atMost(limit).pollInSameThread().pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(20));
    }
}
