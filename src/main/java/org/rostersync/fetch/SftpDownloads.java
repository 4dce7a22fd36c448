package org.rostersync.fetch;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.rostersync.fetch.internal.HostKeyCheck;
import org.rostersync.files.PrivateFiles;
import org.rostersync.school.SftpSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchHostKeyException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;

/**
 * Downloads a feed's roster file over SFTP. Host keys are always checked strictly; a connection that fails or breaks
 * off is tried again after a growing pause, a refused login or an untrusted host key is not. The file is written
 * under a temporary name and renamed when it is complete, so no run ever reads half a file.
 */
@Component
public class SftpDownloads {

    private static final Logger log = LoggerFactory.getLogger(SftpDownloads.class);

    private final FetchSettings settings;

    SftpDownloads(FetchSettings settings) {
        this.settings = settings;
    }

    /**
     * Fetches the feed's file to {@code target}.
     *
     * @throws FetchException with a message for the run's report when the file could not be fetched
     */
    public DownloadedFile download(SftpSettings sftp, Path target) {
        return download(sftp, target, List.of());
    }

    /**
     * Fetches the feed's file to {@code target}, or, when the remote path is a folder and {@code folderMembers}
     * names the files an export consists of (OneRoster's {@code manifest.csv}, {@code orgs.csv}, {@code users.csv}),
     * those files into a local folder next to {@code target}; the first member is required, the others are taken
     * when present. The folder appears complete or not at all, and its SHA-256 is that of its files in order.
     *
     * @throws FetchException with a message for the run's report when the file could not be fetched
     */
    public DownloadedFile download(SftpSettings sftp, Path target, List<String> folderMembers) {
        Duration pause = settings.retryBackoff();
        for (int attempt = 1;; attempt++) {
            try {
                return attempt(sftp, target, folderMembers);
            } catch (FetchException e) {
                if (!e.retryable() || attempt >= settings.attempts()) {
                    if (e.retryable() && attempt > 1) {
                        throw new FetchException(e.getMessage() + " (gave up after " + attempt + " attempts)", true);
                    }
                    throw e;
                }
                log.warn("SFTP download from {}:{} failed (attempt {} of {}), trying again in {}: {}", sftp.host(),
                        sftp.port(), attempt, settings.attempts(), pause, e.getMessage());
                sleep(pause);
                pause = pause.multipliedBy(2);
            }
        }
    }

    private DownloadedFile attempt(SftpSettings sftp, Path target, List<String> folderMembers) {
        String server = sftp.host() + ":" + sftp.port();
        JSch jsch = new JSch();
        HostKeyCheck hostKeys = hostKeys(jsch, sftp);
        addIdentity(jsch, sftp);
        Set<String> refusedKeyTypes = new LinkedHashSet<>();
        HostKeyCheck firstRefusal = null;
        Session session = null;
        ChannelSftp channel = null;
        while (true) {
            jsch.setHostKeyRepository(hostKeys);
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
                session.setTimeout(millis(settings.readTimeout()));
                // a read timeout ends the session: JSch's default (one keep-alive instead) let a server whose SSH
                // side answers keep-alives while its SFTP side hangs (a stuck disk) hold the run, and so the feed,
                // for ever
                session.setServerAliveCountMax(0);
                session.connect(millis(settings.connectTimeout()));
                channel = (ChannelSftp) session.openChannel("sftp");
                channel.connect(millis(settings.connectTimeout()));
                break;
            } catch (JSchException e) {
                disconnect(channel, session);
                channel = null;
                session = null;
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
                    throw hostKeyRefused(sftp, firstRefusal); // none of the server's keys is the pinned one
                }
                throw connectFailure(e, sftp, hostKeys);
            }
        }
        try {
            return transfer(channel, sftp, target, server, folderMembers);
        } finally {
            disconnect(channel, session);
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

    private DownloadedFile transfer(ChannelSftp channel, SftpSettings sftp, Path target, String server,
            List<String> folderMembers) {
        SftpATTRS attributes;
        try {
            attributes = channel.stat(sftp.path());
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                throw new FetchException("no file at " + sftp.path() + " on " + server + "; check the feed's"
                        + " sftp.path (relative to the login directory of '" + sftp.username() + "', or absolute)"
                        + " and that the SIS export ran", false);
            }
            if (e.id == ChannelSftp.SSH_FX_PERMISSION_DENIED) {
                throw mayNotRead(sftp, sftp.path(), server);
            }
            throw new FetchException("could not look up " + sftp.path() + " on " + server + " (" + reason(e) + ")"
                    + silence(), true);
        }
        if (attributes.isDir() && !folderMembers.isEmpty()) {
            return transferFolder(channel, sftp, target, server, folderMembers);
        }
        if (attributes.isDir()) {
            throw new FetchException(sftp.path() + " on " + server + " is a directory; set the feed's sftp.path to"
                    + " the roster file itself", false);
        }
        if (!settings.settleTime().isZero()) {
            requireSettled(channel, sftp.path(), server, attributes);
        }
        Path temp = target.resolveSibling(target.getFileName() + ".part");
        try {
            PrivateFiles.createDirectories(target.getParent());
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (OutputStream out = new DigestOutputStream(PrivateFiles.newOutputStream(temp), sha)) {
                channel.get(sftp.path(), out);
            }
            long size = Files.size(temp);
            requireUnchanged(channel, sftp.path(), server, attributes, size);
            if (size != attributes.getSize()) {
                throw new FetchException("the download of " + sftp.path() + " from " + server + " stopped after "
                        + size + " of " + attributes.getSize() + " bytes", true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new DownloadedFile(target, size, HexFormat.of().formatHex(sha.digest()));
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_PERMISSION_DENIED) {
                throw mayNotRead(sftp, sftp.path(), server); // listed, but not readable: a file of another user
            }
            throw new FetchException("the connection to " + server + " broke off while downloading " + sftp.path()
                    + " (" + transferSize(temp) + " bytes received; " + reason(e) + ")" + silence(), true);
        } catch (IOException e) {
            throw new FetchException("the download of " + sftp.path() + " from " + server + " could not be written"
                    + " to " + temp + " (" + e.getMessage() + ")", true);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                log.warn("Could not delete the partial download {}", temp);
            }
        }
    }

    /** Why a connection may have broken off, naming the setting for a server that is slow rather than stuck. */
    private String silence() {
        return "; the network or the server dropped it, or the server sent nothing for " + settings.readTimeout()
                + " (rostersync.sftp.read-timeout)";
    }

    /** Not worth another attempt: the server's admin must grant read access first. */
    private static FetchException mayNotRead(SftpSettings sftp, String path, String server) {
        return new FetchException("user '" + sftp.username() + "' may not read " + path + " on " + server
                + "; ask the server's admin for read access", false);
    }

    /**
     * With a settle time: the file must keep its size and modification time that long before it is downloaded. A
     * SIS that pauses while it writes its export leaves both unchanged during a download that falls in the pause,
     * which the check after the download cannot see.
     */
    private void requireSettled(ChannelSftp channel, String path, String server, SftpATTRS before) {
        try {
            Thread.sleep(settings.settleTime().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException("the wait for " + path + " on " + server + " to settle was interrupted (the"
                    + " server is stopping)", false);
        }
        SftpATTRS after = statAgain(channel, path, server, "was left to settle");
        if (after.getSize() != before.getSize() || after.getMTime() != before.getMTime()) {
            throw new FetchException(path + " on " + server + " is still being written (" + before.getSize()
                    + " bytes, then " + after.getSize() + " bytes " + settings.settleTime()
                    + " later, rostersync.sftp.settle-time). It is fetched again; if this keeps happening, schedule"
                    + " the feed after the export has finished", true);
        }
    }

    /** The file's size and modification time now; a file gone meanwhile was being replaced, and is fetched again. */
    private static SftpATTRS statAgain(ChannelSftp channel, String path, String server, String meanwhile) {
        try {
            return channel.stat(path);
        } catch (SftpException e) {
            throw new FetchException(path + " on " + server + " disappeared while it " + meanwhile + " ("
                    + reason(e) + "); the SIS was probably replacing it. It is fetched again", true);
        }
    }

    /**
     * The file must be the one that was looked up before the download: same size and modification time afterwards,
     * and no more bytes received than it had. Otherwise the SIS was still writing (or replacing) it, and what arrived
     * may be half an export; another attempt fetches it again.
     */
    private static void requireUnchanged(ChannelSftp channel, String path, String server, SftpATTRS before,
            long received) {
        SftpATTRS after = statAgain(channel, path, server, "was downloaded");
        if (after.getSize() != before.getSize() || after.getMTime() != before.getMTime()
                || received > before.getSize()) {
            throw new FetchException(path + " on " + server + " changed while it was downloaded (" + before.getSize()
                    + " bytes before, " + after.getSize() + " after); the SIS was probably still writing it. It is"
                    + " fetched again; if this keeps happening, schedule the feed after the export has finished",
                    true);
        }
    }

    private DownloadedFile transferFolder(ChannelSftp channel, SftpSettings sftp, Path target, String server,
            List<String> members) {
        String name = target.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        Path folder = target.resolveSibling(name);
        Path temp = target.resolveSibling(name + ".part");
        try {
            deleteTree(temp);
            PrivateFiles.createDirectories(temp);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long total = 0;
            for (String member : members) {
                String remote = sftp.path().replaceFirst("/+$", "") + "/" + member;
                SftpATTRS attributes;
                try {
                    attributes = channel.stat(remote);
                } catch (SftpException e) {
                    if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE && !member.equals(members.get(0))) {
                        continue; // optional member, e.g. no users.csv when the manifest says absent
                    }
                    if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                        throw new FetchException("no file at " + remote + " on " + server + "; the folder "
                                + sftp.path() + " must hold the export's " + member, false);
                    }
                    if (e.id == ChannelSftp.SSH_FX_PERMISSION_DENIED) {
                        throw mayNotRead(sftp, remote, server);
                    }
                    throw e;
                }
                Path local = temp.resolve(member);
                try (OutputStream out = new DigestOutputStream(PrivateFiles.newOutputStream(local), sha)) {
                    channel.get(remote, out);
                } catch (SftpException e) {
                    if (e.id == ChannelSftp.SSH_FX_PERMISSION_DENIED) {
                        throw mayNotRead(sftp, remote, server);
                    }
                    throw e;
                }
                long size = Files.size(local);
                requireUnchanged(channel, remote, server, attributes, size);
                if (size != attributes.getSize()) {
                    throw new FetchException("the download of " + remote + " from " + server + " stopped after "
                            + size + " of " + attributes.getSize() + " bytes", true);
                }
                total += size;
            }
            deleteTree(folder);
            Files.move(temp, folder, StandardCopyOption.ATOMIC_MOVE);
            return new DownloadedFile(folder, total, HexFormat.of().formatHex(sha.digest()));
        } catch (SftpException e) {
            throw new FetchException("the connection to " + server + " broke off while downloading the folder "
                    + sftp.path() + " (" + reason(e) + ")" + silence(), true);
        } catch (IOException e) {
            throw new FetchException("the download of the folder " + sftp.path() + " from " + server + " could not"
                    + " be written to " + temp + " (" + e.getMessage() + ")", true);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            try {
                deleteTree(temp);
            } catch (IOException e) {
                log.warn("Could not delete the partial download {}", temp);
            }
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            try (var children = Files.list(path)) {
                for (Path child : children.toList()) {
                    Files.delete(child);
                }
            }
        }
        Files.deleteIfExists(path);
    }

    private HostKeyCheck hostKeys(JSch jsch, SftpSettings sftp) {
        if (sftp.hostKeyFingerprint() != null) {
            return HostKeyCheck.pinned(sftp.hostKeyFingerprint());
        }
        Path file = Path.of(sftp.knownHosts());
        if (!Files.isReadable(file)) {
            throw new FetchException("the known-hosts file " + file.toAbsolutePath() + " cannot be read; create it"
                    + " with the server's key (ssh-keyscan -p " + sftp.port() + " " + sftp.host() + " > " + file
                    + ", after checking the fingerprint with the server's admin) or set host-key-fingerprint", false);
        }
        try {
            jsch.setKnownHosts(file.toString());
        } catch (JSchException e) {
            throw new FetchException("the known-hosts file " + file.toAbsolutePath() + " is not valid ("
                    + e.getMessage() + ")", false);
        }
        return HostKeyCheck.knownHosts(jsch.getHostKeyRepository());
    }

    private static void addIdentity(JSch jsch, SftpSettings sftp) {
        if (sftp.privateKey() == null) {
            return;
        }
        Path key = Path.of(sftp.privateKey());
        if (!Files.isReadable(key)) {
            throw new FetchException("the private-key file " + key.toAbsolutePath() + " cannot be read", false);
        }
        try {
            byte[] passphrase = sftp.privateKeyPassphrase() == null ? null
                    : sftp.privateKeyPassphrase().getBytes(StandardCharsets.UTF_8);
            jsch.addIdentity(key.toString(), passphrase);
        } catch (JSchException e) {
            throw new FetchException("the private-key file " + key.toAbsolutePath() + " could not be used (a"
                    + " wrong or missing private-key-passphrase, or not an OpenSSH/PEM private key)", false);
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
                throw new FetchException("the password-file " + file.toAbsolutePath() + " is empty", false);
            }
            return lines.get(0);
        } catch (IOException e) {
            throw new FetchException("the password-file " + file.toAbsolutePath() + " cannot be read", false);
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

    private static FetchException connectFailure(JSchException e, SftpSettings sftp, HostKeyCheck hostKeys) {
        String server = sftp.host() + ":" + sftp.port();
        if (hostKeys.refused() || e instanceof JSchHostKeyException) {
            return hostKeyRefused(sftp, hostKeys);
        }
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("Auth fail") || message.startsWith("Auth cancel")) {
            String how = sftp.privateKey() != null ? "private key " + sftp.privateKey() : "password";
            return new FetchException("the SFTP server " + server + " refused the login of user '" + sftp.username()
                    + "' with the " + how + "; check the feed's sftp.username and its password, password-file or"
                    + " private-key", false);
        }
        Throwable cause = e.getCause();
        if (cause instanceof UnknownHostException) {
            return new FetchException("the SFTP host " + sftp.host() + " is unknown (DNS); check the feed's"
                    + " sftp.host", true);
        }
        String why = cause instanceof ConnectException ? "connection refused"
                : cause instanceof SocketTimeoutException || message.contains("timeout") ? "timed out"
                : cause instanceof NoRouteToHostException ? "no route to host"
                : reason(e);
        return new FetchException("could not connect to the SFTP server " + server + " (" + why + ")", true);
    }

    private static FetchException hostKeyRefused(SftpSettings sftp, HostKeyCheck hostKeys) {
        String server = sftp.host() + ":" + sftp.port();
        String fingerprint = hostKeys.presentedFingerprint();
        String presented = hostKeys.presentedKeyType() + " key " + fingerprint;
        String hostEntry = sftp.port() == 22 ? sftp.host() : "[" + sftp.host() + "]:" + sftp.port();
        String trust = "If the server's admin confirms this fingerprint, trust it by setting the feed's"
                + " sftp.host-key-fingerprint: " + fingerprint + (sftp.knownHosts() == null ? ""
                : " or by adding this line to " + sftp.knownHosts() + ": " + hostKeys.knownHostsLine(hostEntry));
        if (sftp.hostKeyFingerprint() != null) {
            return new FetchException("the SFTP server " + server + " presented host " + presented + ", not the"
                    + " pinned host-key-fingerprint " + sftp.hostKeyFingerprint() + "; nothing was downloaded. "
                    + trust + ".", false);
        }
        if (hostKeys.changed()) {
            return new FetchException("the SFTP server " + server + " presented host " + presented + ", which"
                    + " does NOT match its key in " + sftp.knownHosts() + " (the server was reinstalled, or someone"
                    + " is in between); nothing was downloaded. " + trust + ", after removing the old line.", false);
        }
        return new FetchException("the SFTP server " + server + " presented host " + presented + ", which is not"
                + " in " + sftp.knownHosts() + "; nothing was downloaded. " + trust + ".", false);
    }

    private static String reason(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    private static long transferSize(Path temp) {
        try {
            return Files.exists(temp) ? Files.size(temp) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static void disconnect(ChannelSftp channel, Session session) {
        if (channel != null) {
            channel.disconnect();
        }
        if (session != null) {
            session.disconnect();
        }
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchException("the download was interrupted (the server is shutting down)", false);
        }
    }
}
