package org.rostersync.monitoring;

import org.rostersync.school.ImportFeed;

/**
 * Which feeds the caller of the health endpoint may see named in the {@code feeds} details: one district's admin must
 * not read the feeds and runs of another. The module that knows who is signed in provides it; without one, every feed
 * is named.
 */
@FunctionalInterface
public interface VisibleFeeds {

    boolean isVisible(ImportFeed feed);
}
