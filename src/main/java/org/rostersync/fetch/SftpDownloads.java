package org.rostersync.fetch;

import java.nio.file.Path;
import java.util.List;

import org.rostersync.fetch.internal.RemoteFileCopy;
import org.rostersync.fetch.internal.RemoteFolderCopy;
import org.rostersync.fetch.internal.RetryPolicy;
import org.rostersync.fetch.internal.SftpConnection;
import org.rostersync.fetch.internal.SftpSessions;
import org.rostersync.school.SftpSettings;
import org.springframework.stereotype.Component;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpATTRS;

/**
 * Downloads a feed's roster file over SFTP. Host keys are always checked strictly; a connection that fails or breaks
 * off is tried again after a growing pause, a refused login or an untrusted host key is not. The file is written
 * under a temporary name and renamed when it is complete, so no run ever reads half a file.
 */
@Component
public class SftpDownloads {

    private final RetryPolicy retries;
    private final SftpSessions sessions;
    private final RemoteFileCopy fileCopy;
    private final RemoteFolderCopy folderCopy;

    SftpDownloads(FetchSettings settings) {
        this.retries = new RetryPolicy(settings);
        this.sessions = new SftpSessions(settings);
        this.fileCopy = new RemoteFileCopy(settings);
        this.folderCopy = new RemoteFolderCopy(settings);
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
        return retries.run(sftp, () -> attempt(sftp, target, folderMembers));
    }

    private DownloadedFile attempt(SftpSettings sftp, Path target, List<String> folderMembers) {
        try (SftpConnection connection = sessions.open(sftp)) {
            ChannelSftp channel = connection.channel();
            SftpATTRS attributes = fileCopy.lookUp(channel, sftp);
            if (attributes.isDir() && !folderMembers.isEmpty()) {
                return folderCopy.copy(channel, sftp, target, folderMembers);
            }
            return fileCopy.copy(channel, sftp, target, attributes);
        }
    }
}
