package org.rostersync.support;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * A real SMTP server (GreenMail) on a free loopback port, one per test JVM, that the shared test contexts send their
 * mail to ({@code spring.mail.host} and {@code spring.mail.port}). Only feeds with {@code notify} addresses mail.
 */
public class TestMailServer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static GreenMail server;

    /** The running server, started on first use. */
    public static synchronized GreenMail server() {
        if (server == null) {
            GreenMail started = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            started.start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
            server = started;
        }
        return server;
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertyValues.of("spring.mail.host=127.0.0.1",
                "spring.mail.port=" + server().getSmtp().getPort(),
                "spring.mail.properties.mail.smtp.connectiontimeout=5000",
                "spring.mail.properties.mail.smtp.timeout=5000").applyTo(context);
    }
}
