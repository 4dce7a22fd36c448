package org.rostersync.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.support.TestPropertySourceUtils;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;

/**
 * A real OpenID Connect provider (NAV's mock-oauth2-server) on a loopback port, one per test JVM: discovery, JWKS, an
 * authorization endpoint with a sign-in form, and a token endpoint that signs ID tokens. As a context initializer it
 * starts before the context, whose Spring Boot client registration {@value #REGISTRATION} then reads its discovery
 * document from {@link #issuer()}, exactly as a deployment's would read Google's or Entra ID's. Whoever signs in on
 * its form types a subject and the claims JSON, e.g. {@code {"email": "ann@springfield.example", "email_verified":
 * true}}, which the provider puts into the ID token.
 */
public class TestIdentityProvider implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String REGISTRATION = "district";
    public static final String NAME = "Springfield SSO";
    public static final String CLIENT_ID = "roster-sync";

    private static MockOAuth2Server server;

    /** A context with this property set to {@code off} gets no registration: staff sign in with the form alone. */
    public static final String OFF = "rostersync.test.identity-provider=off";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        if ("off".equals(context.getEnvironment().getProperty("rostersync.test.identity-provider"))) {
            return;
        }
        String prefix = "spring.security.oauth2.client.";
        TestPropertySourceUtils.addInlinedPropertiesToEnvironment(context,
                prefix + "registration." + REGISTRATION + ".client-id=" + CLIENT_ID,
                prefix + "registration." + REGISTRATION + ".client-secret=provider-secret",
                prefix + "registration." + REGISTRATION + ".client-name=" + NAME,
                prefix + "registration." + REGISTRATION + ".scope=openid,email,profile",
                prefix + "provider." + REGISTRATION + ".issuer-uri=" + issuer());
    }

    /** The issuer's address, {@code http://127.0.0.1:<port>/district}; starts the provider the first time. */
    public static synchronized String issuer() {
        if (server == null) {
            // interactive: the authorization endpoint shows a sign-in form, as a real provider does
            MockOAuth2Server started = new MockOAuth2Server(new OAuth2Config(true));
            try {
                started.start(InetAddress.getByName("127.0.0.1"), 0);
            } catch (IOException e) {
                throw new UncheckedIOException("The test OpenID Connect provider could not start", e);
            }
            server = started;
        }
        return server.issuerUrl(REGISTRATION).toString();
    }

    /** The claims JSON a verified email signs in with. */
    public static String verified(String email) {
        return "{\"email\": \"" + email + "\", \"email_verified\": true}";
    }
}
