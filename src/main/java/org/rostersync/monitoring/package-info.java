/**
 * Operations: health indicators (scheduler, the last run of each feed) and Micrometer metrics of import runs; it
 * writes no table.
 */
package org.rostersync.monitoring;
