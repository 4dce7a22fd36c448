/**
 * Operations: health indicators (scheduler, the last run of each feed) and Micrometer metrics of import runs.
 */
package org.rostersync.monitoring;
