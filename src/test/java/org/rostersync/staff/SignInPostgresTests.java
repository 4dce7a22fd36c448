package org.rostersync.staff;

import org.rostersync.support.OnPostgres;
import org.springframework.test.context.TestPropertySource;

/** A context of its own: the shipped sign-in limits, which the shared test contexts raise, on a database of its own. */
@OnPostgres
@TestPropertySource(properties = { "rostersync.data-dir=./target/test-data/postgres-sign-in", SignInTests.PER_USERNAME,
        SignInTests.PER_ADDRESS, SignInTests.BEHIND_PROXY })
class SignInPostgresTests extends SignInTests {
}
