package org.rostersync.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Set;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.keyboard.UserAuthKeyboardInteractiveFactory;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.support.TestPropertySourceUtils;

import com.jcraft.jsch.JSch;

/**
 * A real SFTP server (Apache MINA SSHD) on a loopback port, one per test JVM, serving {@link #ROOT}. As a context
 * initializer it starts before the context binds its feeds and gives them {@code rostersync.test.sftp.port} and
 * {@code rostersync.test.sftp.fingerprint}. Next to it in {@link #DIR}: a known_hosts file that trusts it, one
 * that holds another key for it, a password file, an OpenSSH client key and a passphrase-protected PEM client key.
 */
public class TestSftpServer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final Path DIR = Path.of("target/test-sftp").toAbsolutePath();
    public static final Path ROOT = DIR.resolve("root");
    public static final String USER = "roster";
    public static final String PASSWORD = "sftp-secret";
    public static final String PEM_PASSPHRASE = "pem-passphrase";

    private static SshServer server;
    private static String fingerprint;
    private static KeyPair hostKeyPair;
    private static volatile long dropAfterBytes = -1;
    private static volatile String appendAfterDownload;
    private static volatile long stallReadsMillis;
    private static volatile long stallLookUpsMillis;
    /** A file name the server lets clients stat but not open, as a 0600 file of another owner on Unix. */
    public static volatile String unreadable;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        start();
        TestPropertySourceUtils.addInlinedPropertiesToEnvironment(context, "rostersync.test.sftp.port=" + port(),
                "rostersync.test.sftp.fingerprint=" + fingerprint);
    }

    public static synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            Files.createDirectories(ROOT);
            KeyPair hostKey = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
            KeyPair otherKey = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
            KeyPair clientKey = KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
            try (OutputStream out = Files.newOutputStream(DIR.resolve("id_ecdsa"))) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clientKey, "test", null, out);
            }
            com.jcraft.jsch.KeyPair pem = com.jcraft.jsch.KeyPair.genKeyPair(new JSch(), com.jcraft.jsch.KeyPair.RSA,
                    2048);
            pem.writePrivateKey(DIR.resolve("id_rsa.pem").toString(), PEM_PASSPHRASE.getBytes(StandardCharsets.UTF_8));
            Set<String> authorized = Set.of(PublicKeyEntry.toString(clientKey.getPublic()),
                    "ssh-rsa " + Base64.getEncoder().encodeToString(pem.getPublicKeyBlob()));
            Files.writeString(DIR.resolve("password.txt"), PASSWORD + "\n");

            SshServer sshd = SshServer.setUpDefaultServer();
            sshd.setHost("127.0.0.1");
            sshd.setPort(0);
            sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
            sshd.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
            sshd.setPublickeyAuthenticator((user, key, session) -> USER.equals(user)
                    && authorized.contains(PublicKeyEntry.toString(key)));
            sshd.setFileSystemFactory(new VirtualFileSystemFactory(ROOT));
            SftpSubsystemFactory sftp = new SftpSubsystemFactory.Builder().build();
            sftp.addSftpEventListener(new SftpEventListener() {
                @Override
                public void received(ServerSession session, int type, int id) throws IOException {
                    long stall = stallLookUpsMillis;
                    if (stall > 0 && type == org.apache.sshd.sftp.common.SftpConstants.SSH_FXP_STAT) {
                        try {
                            Thread.sleep(stall);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }

                @Override
                public void reading(ServerSession session, String remoteHandle, FileHandle localHandle, long offset,
                        byte[] data, int dataOffset, int dataLen) throws IOException {
                    long stall = stallReadsMillis;
                    if (stall > 0) {
                        try {
                            Thread.sleep(stall);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    long limit = dropAfterBytes;
                    if (limit >= 0 && offset >= limit) {
                        session.close(true);
                        throw new IOException("connection dropped by the test");
                    }
                }

                @Override
                public void opening(ServerSession session, String remoteHandle,
                        org.apache.sshd.sftp.server.Handle localHandle) throws IOException {
                    String name = unreadable;
                    if (name != null && localHandle.getFile().getFileName().toString().equals(name)) {
                        throw new java.nio.file.AccessDeniedException(localHandle.getFile().toString());
                    }
                }

                @Override
                public void closed(ServerSession session, String remoteHandle,
                        org.apache.sshd.sftp.server.Handle localHandle, Throwable thrown) throws IOException {
                    String more = appendAfterDownload;
                    if (more != null && localHandle instanceof FileHandle) {
                        appendAfterDownload = null;
                        Files.writeString(localHandle.getFile(), more, StandardCharsets.UTF_8,
                                java.nio.file.StandardOpenOption.APPEND);
                    }
                }
            });
            sshd.setSubsystemFactories(java.util.List.of(sftp));
            sshd.start();
            server = sshd;
            String hostEntry = "[127.0.0.1]:" + port();
            Files.writeString(DIR.resolve("known_hosts"), hostEntry + " " + PublicKeyEntry.toString(hostKey.getPublic())
                    + "\n");
            Files.writeString(DIR.resolve("stranger_known_hosts"), hostEntry + " "
                    + PublicKeyEntry.toString(otherKey.getPublic()) + "\n");
            Files.writeString(DIR.resolve("empty_known_hosts"), "");
            fingerprint = fingerprint(hostKey);
            hostKeyPair = hostKey;
        } catch (IOException | GeneralSecurityException | com.jcraft.jsch.JSchException e) {
            throw new IllegalStateException("The test SFTP server could not start", e);
        }
    }

    /**
     * Another server on the same root and host key (trust it by {@link #fingerprint()}) that asks for the password
     * only by keyboard-interactive, as OpenSSH with {@code PasswordAuthentication no} and PAM does. The caller stops
     * it.
     */
    public static SshServer startKeyboardInteractiveOnly() {
        start();
        return another(KeyPairProvider.wrap(hostKeyPair),
                java.util.List.of(new UserAuthKeyboardInteractiveFactory()));
    }

    /**
     * Another server on the same root with several host keys, as most servers have (the client gets the one it
     * prefers); it takes the password. The caller stops it.
     */
    public static SshServer startWithHostKeys(KeyPair... hostKeys) {
        start();
        return another(KeyPairProvider.wrap(hostKeys), null);
    }

    private static SshServer another(KeyPairProvider hostKeys,
            java.util.List<org.apache.sshd.server.auth.UserAuthFactory> authentications) {
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(hostKeys);
        sshd.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        if (authentications != null) {
            sshd.setUserAuthFactories(authentications);
        }
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(ROOT));
        sshd.setSubsystemFactories(java.util.List.of(new SftpSubsystemFactory.Builder().build()));
        try {
            sshd.start();
        } catch (IOException e) {
            throw new IllegalStateException("Another test SFTP server could not start", e);
        }
        return sshd;
    }

    public static int port() {
        start();
        return server.getPort();
    }

    /** The server's host key as OpenSSH prints it: {@code SHA256:...}. */
    public static String fingerprint() {
        start();
        return fingerprint;
    }

    /** From now on the server drops the connection when a client reads past {@code bytes} of a file. */
    public static void dropConnectionsAfter(long bytes) {
        dropAfterBytes = bytes;
    }

    /**
     * The next file downloaded is still being written: once the client has read it to its end, {@code text} is
     * appended, as an export in progress would grow.
     */
    public static void appendAfterDownload(String text) {
        appendAfterDownload = text;
    }

    /**
     * From now on every read of a file waits {@code millis} before it answers, as a server whose disk hangs would,
     * while its SSH connection stays up (it still answers keep-alives).
     */
    public static void stallReads(long millis) {
        stallReadsMillis = millis;
    }

    /** From now on every look-up of a file's attributes waits {@code millis}, as a server whose disk hangs would. */
    public static void stallLookUps(long millis) {
        stallLookUpsMillis = millis;
    }

    public static void behaveNormally() {
        stallLookUpsMillis = 0;
        stallReadsMillis = 0;
        dropAfterBytes = -1;
        appendAfterDownload = null;
    }

    /** Puts a file on the server, under its root. */
    public static void put(String name, String content) {
        start();
        try {
            Files.createDirectories(ROOT.resolve(name).getParent());
            Files.writeString(ROOT.resolve(name), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void remove(String name) {
        try {
            Files.deleteIfExists(ROOT.resolve(name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A host key's fingerprint as OpenSSH prints it: {@code SHA256:...}. */
    public static String fingerprint(KeyPair key) throws GeneralSecurityException {
        String entry = PublicKeyEntry.toString(key.getPublic());
        byte[] blob = Base64.getDecoder().decode(entry.substring(entry.indexOf(' ') + 1).trim());
        return "SHA256:" + Base64.getEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(blob));
    }
}
