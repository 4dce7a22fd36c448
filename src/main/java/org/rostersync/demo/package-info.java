/**
 * The quick start: an embedded SFTP server serving {@code sample-imports/}, and one run of every pulled feed at
 * start-up. Off unless the demo settings in {@code config/application.yml} turn it on; never for production.
 */
package org.rostersync.demo;
