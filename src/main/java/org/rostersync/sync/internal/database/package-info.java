/**
 * The database seam: what differs between PostgreSQL and H2, chosen once, with the sessions and commits of an import's connections.
 */
package org.rostersync.sync.internal.database;
