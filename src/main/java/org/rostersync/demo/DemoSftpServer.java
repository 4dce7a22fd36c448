package org.rostersync.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.rostersync.files.PrivateFiles;
import org.rostersync.sync.SyncSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * The quick start's SFTP server: serves {@code sample-imports/} on 127.0.0.1 with a password login, under a host
 * key generated on first start and kept in {@code <data-dir>/demo-sftp/host-key}. It writes the matching
 * {@code known_hosts} there, so the demo feeds check the key strictly like any real feed. It starts with the
 * application context, before the scheduler or the start-up runs need it.
 */
@Component
@ConditionalOnBooleanProperty("rostersync.demo.sftp.enabled")
class DemoSftpServer implements InitializingBean, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DemoSftpServer.class);

    private final DemoSettings.Sftp settings;
    private final Path dir;
    private SshServer server;

    DemoSftpServer(DemoSettings settings, SyncSettings sync) {
        this.settings = settings.sftp();
        this.dir = sync.dataDir().resolve("demo-sftp");
    }

    @Override
    public void afterPropertiesSet() throws IOException {
        Path root = settings.root().toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("rostersync.demo.sftp.root: " + root + " is not a directory; run from the"
                    + " project directory (it serves sample-imports/) or turn the demo off with"
                    + " rostersync.demo.sftp.enabled=false");
        }
        PrivateFiles.createDirectories(dir);
        SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(dir.resolve("host-key"));
        hostKeys.setAlgorithm(KeyUtils.EC_ALGORITHM);
        hostKeys.setKeySize(256);
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(settings.port());
        sshd.setKeyPairProvider(hostKeys);
        sshd.setPasswordAuthenticator((user, password, session) -> settings.username().equals(user)
                && settings.password().equals(password));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory.Builder().build()));
        try {
            sshd.start();
        } catch (IOException e) {
            throw new IllegalStateException("The demo SFTP server cannot listen on 127.0.0.1:" + settings.port() + " ("
                    + e.getMessage() + "); set rostersync.demo.sftp.port to a free port", e);
        }
        server = sshd;
        KeyPair hostKey = hostKeys.loadKeys(null).iterator().next();
        PrivateFiles.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + settings.port() + " "
                + PublicKeyEntry.toString(hostKey.getPublic()) + "\n");
        PrivateFiles.tighten(dir); // the host key, as the SSH library wrote it
        log.info("Demo SFTP server on 127.0.0.1:{} serving {} (host key {}, trusted by {})", settings.port(), root,
                KeyUtils.getFingerPrint(hostKey.getPublic()), dir.resolve("known_hosts"));
    }

    @Override
    public void destroy() throws IOException {
        if (server != null) {
            server.stop(true);
        }
    }
}
