/**
 * Files at rest: everything under {@code rostersync.data-dir} (roster files, the H2 database, demo keys) is readable
 * by the server's own user only. It writes no table.
 */
package org.rostersync.files;
