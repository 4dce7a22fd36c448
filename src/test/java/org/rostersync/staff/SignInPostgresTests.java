package org.rostersync.staff;

import org.rostersync.support.OnPostgres;
import org.rostersync.support.TestIdentityProvider;
import org.springframework.test.context.TestPropertySource;

/**
 * A context of its own: the shipped sign-in limits, which the shared test contexts raise, on a database of its own;
 * and no identity provider, as a deployment without one signs in.
 */
@OnPostgres
@TestPropertySource(properties = { "rostersync.data-dir=./target/test-data/postgres-sign-in", SignInTests.PER_USERNAME,
        SignInTests.PER_ADDRESS, SignInTests.BEHIND_PROXY,
        TestIdentityProvider.OFF })
class SignInPostgresTests extends SignInTests {
}
