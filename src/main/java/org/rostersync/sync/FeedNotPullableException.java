package org.rostersync.sync;

/** A feed without an SFTP source was asked to pull its file; it only takes uploads. */
public class FeedNotPullableException extends RuntimeException {

    public FeedNotPullableException(String feedId) {
        super("feed '" + feedId + "' has no SFTP source to pull from; upload its file with POST /api/feeds/" + feedId
                + "/uploads");
    }
}
