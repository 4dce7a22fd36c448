package org.rostersync.fetch.internal;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.Session;

/** An open SSH session and its SFTP channel; closing ends both. */
public record SftpConnection(Session session, ChannelSftp channel) implements AutoCloseable {

    @Override
    public void close() {
        disconnect(channel, session);
    }

    static void disconnect(ChannelSftp channel, Session session) {
        if (channel != null) {
            channel.disconnect();
        }
        if (session != null) {
            session.disconnect();
        }
    }
}
