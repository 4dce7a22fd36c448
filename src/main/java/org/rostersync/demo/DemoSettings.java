package org.rostersync.demo;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The quick start's settings ({@code rostersync.demo.*}). Everything is off by default.
 *
 * @param runFeedsAtStartup run every SFTP/CLEVER feed once when the server is up, and log each run's summary
 * @param login             the demo staff login printed with the admin URL, e.g. {@code admin / admin}
 */
@ConfigurationProperties("rostersync.demo")
public record DemoSettings(@DefaultValue Sftp sftp, @DefaultValue("false") boolean runFeedsAtStartup, String login) {

    /**
     * The embedded demo SFTP server (Apache MINA SSHD) on loopback. Its host key is generated once and kept under
     * {@code <data-dir>/demo-sftp/}, next to a known_hosts file that the demo feeds name.
     */
    public record Sftp(@DefaultValue("false") boolean enabled, @DefaultValue("2222") int port,
            @DefaultValue("./sample-imports") Path root, @DefaultValue("demo") String username,
            @DefaultValue("demo") String password) {

        @Override
        public String toString() {
            return "Sftp[enabled=" + enabled + ", port=" + port + ", root=" + root + "]";
        }
    }
}
