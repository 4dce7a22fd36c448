/**
 * Reading roster files: formats, header mapping, encodings and row validation, streamed and never held in memory; it
 * writes no table.
 */
package org.rostersync.roster;
