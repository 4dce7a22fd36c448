package org.rostersync.fetch.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.rostersync.fetch.FetchException;
import org.rostersync.fetch.FetchSettings;
import org.rostersync.school.SftpSettings;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;

/**
 * Opens an SFTP session to a feed's server: host keys checked strictly against known_hosts or a pinned
 * fingerprint, the login by private key and/or password, and timeouts that end a session whose server went silent.
 */
public final class SftpSessions {

    private final Duration connectTimeout;
    private final Duration readTimeout;

    public SftpSessions(FetchSettings settings) {
        this.connectTimeout = settings.connectTimeout();
        this.readTimeout = settings.readTimeout();
    }

    /**
     * A connected session and SFTP channel for the feed's server.
     *
     * @throws FetchException when the server cannot be reached, its host key is not trusted or the login is refused
     */
    public SftpConnection open(SftpSettings sftp) {
        JSch jsch = new JSch();
        HostKeyCheck hostKeys = hostKeys(jsch, sftp);
        addIdentity(jsch, sftp);
        Set<String> refusedKeyTypes = new LinkedHashSet<>();
        HostKeyCheck firstRefusal = null;
        while (true) {
            jsch.setHostKeyRepository(hostKeys);
            Session session = null;
            ChannelSftp channel = null;
            try {
                session = jsch.getSession(sftp.username(), sftp.host(), sftp.port());
                session.setConfig("StrictHostKeyChecking", "yes");
                session.setConfig("PreferredAuthentications", authentications(sftp));
                if (!refusedKeyTypes.isEmpty()) {
                    session.setConfig("server_host_key", hostKeyAlgorithmsBut(refusedKeyTypes));
                }
                String password = password(sftp);
                if (password != null) {
                    session.setPassword(password);
                }
                session.setTimeout(millis(readTimeout));
                // a read timeout ends the session: JSch's default (one keep-alive instead) let a server whose SSH
                // side answers keep-alives while its SFTP side hangs (a stuck disk) hold the run, and so the feed,
                // for ever
                session.setServerAliveCountMax(0);
                session.connect(millis(connectTimeout));
                channel = (ChannelSftp) session.openChannel("sftp");
                channel.connect(millis(connectTimeout));
                return new SftpConnection(session, channel);
            } catch (JSchException e) {
                SftpConnection.disconnect(channel, session);
                if (sftp.hostKeyFingerprint() != null && hostKeys.refused()
                        && refusedKeyTypes.add(hostKeys.presentedKeyType())
                        && !hostKeyAlgorithmsBut(refusedKeyTypes).isEmpty()) {
                    // a server has a key of each type and shows the one the client prefers: the pinned fingerprint
                    // may be another of its keys (RSA, say), so ask again for the types not seen yet; nothing but
                    // the key exchange happened, the login is sent only to a server that shows the pinned key
                    firstRefusal = firstRefusal == null ? hostKeys : firstRefusal;
                    hostKeys = hostKeys(jsch, sftp);
                    continue;
                }
                if (firstRefusal != null && (hostKeys.refused() || isNegotiationFailure(e))) {
                    // none of the server's keys is the pinned one
                    throw SftpFailures.hostKeyRefused(sftp, firstRefusal);
                }
                throw SftpFailures.connectFailure(e, sftp, hostKeys);
            }
        }
    }

    /**
     * The client's host key algorithms, without those for keys of the given types ({@code ssh-rsa} keys have three,
     * and each type a certificate variant).
     */
    private static String hostKeyAlgorithmsBut(Set<String> keyTypes) {
        return Arrays.stream(JSch.getConfig("server_host_key").split(",")).filter(algorithm -> {
            String type = algorithm.replace("-cert-v01@openssh.com", "");
            return !keyTypes.contains(type.startsWith("rsa-sha2-") ? "ssh-rsa" : type);
        }).collect(Collectors.joining(","));
    }

    /** The server has no host key of a type the client still asks for. */
    private static boolean isNegotiationFailure(JSchException e) {
        return String.valueOf(e.getMessage()).startsWith("Algorithm negotiation fail");
    }

    private static HostKeyCheck hostKeys(JSch jsch, SftpSettings sftp) {
        if (sftp.hostKeyFingerprint() != null) {
            return HostKeyCheck.pinned(sftp.hostKeyFingerprint());
        }
        Path file = Path.of(sftp.knownHosts());
        if (!Files.isReadable(file)) {
            throw SftpFailures.knownHostsUnreadable(sftp, file);
        }
        try {
            jsch.setKnownHosts(file.toString());
        } catch (JSchException e) {
            throw SftpFailures.knownHostsInvalid(file, e);
        }
        return HostKeyCheck.knownHosts(jsch.getHostKeyRepository());
    }

    private static void addIdentity(JSch jsch, SftpSettings sftp) {
        if (sftp.privateKey() == null) {
            return;
        }
        Path key = Path.of(sftp.privateKey());
        if (!Files.isReadable(key)) {
            throw SftpFailures.privateKeyUnreadable(key);
        }
        try {
            byte[] passphrase = sftp.privateKeyPassphrase() == null ? null
                    : sftp.privateKeyPassphrase().getBytes(StandardCharsets.UTF_8);
            jsch.addIdentity(key.toString(), passphrase);
        } catch (JSchException e) {
            throw SftpFailures.privateKeyUnusable(key);
        }
    }

    private static String password(SftpSettings sftp) {
        if (sftp.password() != null) {
            return sftp.password();
        }
        if (sftp.passwordFile() == null) {
            return null;
        }
        Path file = Path.of(sftp.passwordFile());
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.get(0).isEmpty()) {
                throw SftpFailures.passwordFileEmpty(file);
            }
            return lines.get(0);
        } catch (IOException e) {
            throw SftpFailures.passwordFileUnreadable(file);
        }
    }

    /**
     * A password is offered both ways servers ask for one: many (OpenSSH with {@code PasswordAuthentication no}
     * and PAM, several hosted SFTP services) only ask through keyboard-interactive, and refused a right password
     * sent only as {@code password}.
     */
    private static String authentications(SftpSettings sftp) {
        boolean key = sftp.privateKey() != null;
        boolean password = sftp.password() != null || sftp.passwordFile() != null;
        String passwords = "password,keyboard-interactive";
        return key && password ? "publickey," + passwords : key ? "publickey" : passwords;
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }
}
