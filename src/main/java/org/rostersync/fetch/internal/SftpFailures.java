package org.rostersync.fetch.internal;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;

import org.rostersync.fetch.FetchException;
import org.rostersync.school.SftpSettings;

import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchHostKeyException;

/**
 * The wording of every failed download, in one place so that each message names the server, what went wrong and
 * the setting to fix, the same way.
 */
final class SftpFailures {

    private SftpFailures() {
    }

    static String server(SftpSettings sftp) {
        return sftp.host() + ":" + sftp.port();
    }

    /** Why a connection may have broken off, naming the setting for a server that is slow rather than stuck. */
    static String silence(Duration readTimeout) {
        return "; the network or the server dropped it, or the server sent nothing for " + readTimeout
                + " (rostersync.sftp.read-timeout)";
    }

    /** Not worth another attempt: the server's admin must grant read access first. */
    static FetchException mayNotRead(SftpSettings sftp, String path) {
        return new FetchException("user '" + sftp.username() + "' may not read " + path + " on " + server(sftp)
                + "; ask the server's admin for read access", false);
    }

    static FetchException noFile(SftpSettings sftp) {
        return new FetchException("no file at " + sftp.path() + " on " + server(sftp) + "; check the feed's"
                + " sftp.path (relative to the login directory of '" + sftp.username() + "', or absolute)"
                + " and that the SIS export ran", false);
    }

    static FetchException noFolderMember(SftpSettings sftp, String remote, String member) {
        return new FetchException("no file at " + remote + " on " + server(sftp) + "; the folder " + sftp.path()
                + " must hold the export's " + member, false);
    }

    static FetchException lookUpFailed(SftpSettings sftp, Exception e, Duration readTimeout) {
        return new FetchException("could not look up " + sftp.path() + " on " + server(sftp) + " (" + reason(e) + ")"
                + silence(readTimeout), true);
    }

    static FetchException isDirectory(SftpSettings sftp) {
        return new FetchException(sftp.path() + " on " + server(sftp) + " is a directory; set the feed's sftp.path to"
                + " the roster file itself", false);
    }

    static FetchException stoppedAfter(SftpSettings sftp, String path, long received, long size) {
        return new FetchException("the download of " + path + " from " + server(sftp) + " stopped after " + received
                + " of " + size + " bytes", true);
    }

    static FetchException brokeOff(SftpSettings sftp, long received, Exception e, Duration readTimeout) {
        return new FetchException("the connection to " + server(sftp) + " broke off while downloading " + sftp.path()
                + " (" + received + " bytes received; " + reason(e) + ")" + silence(readTimeout), true);
    }

    static FetchException folderBrokeOff(SftpSettings sftp, Exception e, Duration readTimeout) {
        return new FetchException("the connection to " + server(sftp) + " broke off while downloading the folder "
                + sftp.path() + " (" + reason(e) + ")" + silence(readTimeout), true);
    }

    static FetchException notWritten(SftpSettings sftp, Path temp, Exception e) {
        return new FetchException("the download of " + sftp.path() + " from " + server(sftp) + " could not be written"
                + " to " + temp + " (" + e.getMessage() + ")", true);
    }

    static FetchException folderNotWritten(SftpSettings sftp, Path temp, Exception e) {
        return new FetchException("the download of the folder " + sftp.path() + " from " + server(sftp) + " could not"
                + " be written to " + temp + " (" + e.getMessage() + ")", true);
    }

    static FetchException settleInterrupted(String path, String server) {
        return new FetchException("the wait for " + path + " on " + server + " to settle was interrupted (the"
                + " server is stopping)", false);
    }

    static FetchException stillWritten(String path, String server, long before, long after, Duration settleTime) {
        return new FetchException(path + " on " + server + " is still being written (" + before + " bytes, then "
                + after + " bytes " + settleTime + " later, rostersync.sftp.settle-time). It is fetched again; if this"
                + " keeps happening, schedule the feed after the export has finished", true);
    }

    static FetchException disappeared(String path, String server, String meanwhile, Exception e) {
        return new FetchException(path + " on " + server + " disappeared while it " + meanwhile + " (" + reason(e)
                + "); the SIS was probably replacing it. It is fetched again", true);
    }

    static FetchException changedWhileDownloaded(String path, String server, long before, long after) {
        return new FetchException(path + " on " + server + " changed while it was downloaded (" + before
                + " bytes before, " + after + " after); the SIS was probably still writing it. It is fetched again;"
                + " if this keeps happening, schedule the feed after the export has finished", true);
    }

    static FetchException gaveUp(FetchException last, int attempts) {
        return new FetchException(last.getMessage() + " (gave up after " + attempts + " attempts)", true);
    }

    static FetchException interrupted() {
        return new FetchException("the download was interrupted (the server is shutting down)", false);
    }

    static FetchException knownHostsUnreadable(SftpSettings sftp, Path file) {
        return new FetchException("the known-hosts file " + file.toAbsolutePath() + " cannot be read; create it"
                + " with the server's key (ssh-keyscan -p " + sftp.port() + " " + sftp.host() + " > " + file
                + ", after checking the fingerprint with the server's admin) or set host-key-fingerprint", false);
    }

    static FetchException knownHostsInvalid(Path file, JSchException e) {
        return new FetchException("the known-hosts file " + file.toAbsolutePath() + " is not valid ("
                + e.getMessage() + ")", false);
    }

    static FetchException privateKeyUnreadable(Path key) {
        return new FetchException("the private-key file " + key.toAbsolutePath() + " cannot be read", false);
    }

    static FetchException privateKeyUnusable(Path key) {
        return new FetchException("the private-key file " + key.toAbsolutePath() + " could not be used (a"
                + " wrong or missing private-key-passphrase, or not an OpenSSH/PEM private key)", false);
    }

    static FetchException passwordFileEmpty(Path file) {
        return new FetchException("the password-file " + file.toAbsolutePath() + " is empty", false);
    }

    static FetchException passwordFileUnreadable(Path file) {
        return new FetchException("the password-file " + file.toAbsolutePath() + " cannot be read", false);
    }

    static FetchException connectFailure(JSchException e, SftpSettings sftp, HostKeyCheck hostKeys) {
        String server = server(sftp);
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

    static FetchException hostKeyRefused(SftpSettings sftp, HostKeyCheck hostKeys) {
        String server = server(sftp);
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

    /** The innermost cause's message, which names what the network or the server said. */
    static String reason(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}
