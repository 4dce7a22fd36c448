/**
 * The quick start: an embedded SFTP server serving {@code sample-imports/}, and one run of every pulled feed at
 * start-up. Off unless the demo settings in {@code config/application.yml} turn it on; never for production. It
 * writes no table: its runs go through the sync module.
 */
package org.rostersync.demo;
