package org.rostersync.fetch.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

import org.rostersync.fetch.DownloadedFile;
import org.rostersync.fetch.FetchSettings;
import org.rostersync.files.PrivateFiles;
import org.rostersync.school.SftpSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;

/**
 * Copies one remote file to {@code target}: under a temporary name first, renamed when complete and unchanged, so
 * no run ever reads half a file.
 */
public final class RemoteFileCopy {

    private static final Logger log = LoggerFactory.getLogger(RemoteFileCopy.class);

    private final Duration readTimeout;
    private final Duration settleTime;

    public RemoteFileCopy(FetchSettings settings) {
        this.readTimeout = settings.readTimeout();
        this.settleTime = settings.settleTime();
    }

    /** The feed's remote path as it is now: its size, modification time and whether it is a folder. */
    public SftpATTRS lookUp(ChannelSftp channel, SftpSettings sftp) {
        try {
            return channel.stat(sftp.path());
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                throw SftpFailures.noFile(sftp);
            }
            if (e.id == ChannelSftp.SSH_FX_PERMISSION_DENIED) {
                throw SftpFailures.mayNotRead(sftp, sftp.path());
            }
            throw SftpFailures.lookUpFailed(sftp, e, readTimeout);
        }
    }

    /**
     * Copies the feed's file, whose size and modification time before the copy are {@code attributes} (from
     * {@link #lookUp}); a folder is refused, as the feed's path must name the file.
     */
    public DownloadedFile copy(ChannelSftp channel, SftpSettings sftp, Path target, SftpATTRS attributes) {
        if (attributes.isDir()) {
            throw SftpFailures.isDirectory(sftp);
        }
        String server = SftpFailures.server(sftp);
        if (!settleTime.isZero()) {
            StillWriting.requireSettled(channel, sftp.path(), server, attributes, settleTime);
        }
        Path temp = target.resolveSibling(target.getFileName() + ".part");
        try {
            PrivateFiles.createDirectories(target.getParent());
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (OutputStream out = new DigestOutputStream(PrivateFiles.newOutputStream(temp), sha)) {
                channel.get(sftp.path(), out);
            }
            long size = Files.size(temp);
            StillWriting.requireUnchanged(channel, sftp.path(), server, attributes, size);
            if (size != attributes.getSize()) {
                throw SftpFailures.stoppedAfter(sftp, sftp.path(), size, attributes.getSize());
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new DownloadedFile(target, size, HexFormat.of().formatHex(sha.digest()));
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_PERMISSION_DENIED) {
                throw SftpFailures.mayNotRead(sftp, sftp.path()); // listed, but not readable: a file of another user
            }
            throw SftpFailures.brokeOff(sftp, transferSize(temp), e, readTimeout);
        } catch (IOException e) {
            throw SftpFailures.notWritten(sftp, temp, e);
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

    private static long transferSize(Path temp) {
        try {
            return Files.exists(temp) ? Files.size(temp) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
