/**
 * Quartz triggers per feed, in the feed's time zone, on a JDBC job store that several nodes share; each firing
 * starts one import run on exactly one node. It writes only Quartz's {@code QRTZ_*} tables, through Quartz.
 */
package org.rostersync.scheduling;
