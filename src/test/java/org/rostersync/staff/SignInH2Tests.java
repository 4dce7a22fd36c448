package org.rostersync.staff;

import org.rostersync.support.OnH2;
import org.rostersync.support.TestIdentityProvider;
import org.springframework.test.context.TestPropertySource;

/**
 * A context of its own: the shipped sign-in limits, which the shared test contexts raise, on a database of its own;
 * and no identity provider, as a deployment without one signs in.
 */
@OnH2
@TestPropertySource(properties = { "spring.datasource.url=jdbc:h2:mem:rostersync-sign-in;DB_CLOSE_DELAY=-1",
        "rostersync.data-dir=./target/test-data/h2-sign-in", SignInTests.PER_USERNAME, SignInTests.PER_ADDRESS,
        SignInTests.BEHIND_PROXY,
        TestIdentityProvider.OFF })
class SignInH2Tests extends SignInTests {
}
