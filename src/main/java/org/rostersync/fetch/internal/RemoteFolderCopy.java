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
import java.util.List;

import org.rostersync.fetch.DownloadedFile;
import org.rostersync.fetch.FetchSettings;
import org.rostersync.files.PrivateFiles;
import org.rostersync.school.SftpSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;

/**
 * Copies the named files of a remote folder (an export of several files, such as OneRoster's) into a local folder
 * next to {@code target}; the first member is required, the others are taken when present. The folder appears
 * complete or not at all, and its SHA-256 is that of its files in order.
 */
public final class RemoteFolderCopy {

    private static final Logger log = LoggerFactory.getLogger(RemoteFolderCopy.class);

    private final Duration readTimeout;

    public RemoteFolderCopy(FetchSettings settings) {
        this.readTimeout = settings.readTimeout();
    }

    public DownloadedFile copy(ChannelSftp channel, SftpSettings sftp, Path target, List<String> members) {
        String server = SftpFailures.server(sftp);
        String name = target.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        Path folder = target.resolveSibling(name);
        Path temp = target.resolveSibling(name + ".part");
        try {
            FileSystemUtils.deleteRecursively(temp);
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
                        throw SftpFailures.noFolderMember(sftp, remote, member);
                    }
                    if (e.id == ChannelSftp.SSH_FX_PERMISSION_DENIED) {
                        throw SftpFailures.mayNotRead(sftp, remote);
                    }
                    throw e;
                }
                Path local = temp.resolve(member);
                try (OutputStream out = new DigestOutputStream(PrivateFiles.newOutputStream(local), sha)) {
                    channel.get(remote, out);
                } catch (SftpException e) {
                    if (e.id == ChannelSftp.SSH_FX_PERMISSION_DENIED) {
                        throw SftpFailures.mayNotRead(sftp, remote);
                    }
                    throw e;
                }
                long size = Files.size(local);
                StillWriting.requireUnchanged(channel, remote, server, attributes, size);
                if (size != attributes.getSize()) {
                    throw SftpFailures.stoppedAfter(sftp, remote, size, attributes.getSize());
                }
                total += size;
            }
            FileSystemUtils.deleteRecursively(folder);
            Files.move(temp, folder, StandardCopyOption.ATOMIC_MOVE);
            return new DownloadedFile(folder, total, HexFormat.of().formatHex(sha.digest()));
        } catch (SftpException e) {
            throw SftpFailures.folderBrokeOff(sftp, e, readTimeout);
        } catch (IOException e) {
            throw SftpFailures.folderNotWritten(sftp, temp, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            try {
                FileSystemUtils.deleteRecursively(temp);
            } catch (IOException e) {
                log.warn("Could not delete the partial download {}", temp);
            }
        }
    }
}
