package org.rostersync.fetch.internal;

import java.time.Duration;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;

/**
 * The checks that a remote file is not still being written by the SIS: a file that changes size or modification
 * time around its download may be half an export, and is fetched again.
 */
final class StillWriting {

    private StillWriting() {
    }

    /**
     * With a settle time: the file must keep its size and modification time that long before it is downloaded. A
     * SIS that pauses while it writes its export leaves both unchanged during a download that falls in the pause,
     * which the check after the download cannot see.
     */
    static void requireSettled(ChannelSftp channel, String path, String server, SftpATTRS before,
            Duration settleTime) {
        try {
            Thread.sleep(settleTime.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SftpFailures.settleInterrupted(path, server);
        }
        SftpATTRS after = statAgain(channel, path, server, "was left to settle");
        if (after.getSize() != before.getSize() || after.getMTime() != before.getMTime()) {
            throw SftpFailures.stillWritten(path, server, before.getSize(), after.getSize(), settleTime);
        }
    }

    /**
     * The file must be the one that was looked up before the download: same size and modification time afterwards,
     * and no more bytes received than it had. Otherwise the SIS was still writing (or replacing) it, and what arrived
     * may be half an export; another attempt fetches it again.
     */
    static void requireUnchanged(ChannelSftp channel, String path, String server, SftpATTRS before, long received) {
        SftpATTRS after = statAgain(channel, path, server, "was downloaded");
        if (after.getSize() != before.getSize() || after.getMTime() != before.getMTime()
                || received > before.getSize()) {
            throw SftpFailures.changedWhileDownloaded(path, server, before.getSize(), after.getSize());
        }
    }

    /** The file's size and modification time now; a file gone meanwhile was being replaced, and is fetched again. */
    private static SftpATTRS statAgain(ChannelSftp channel, String path, String server, String meanwhile) {
        try {
            return channel.stat(path);
        } catch (SftpException e) {
            throw SftpFailures.disappeared(path, server, meanwhile, e);
        }
    }
}
