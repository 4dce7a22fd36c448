/**
 * Reading roster files: formats, header mapping, encodings and row validation, streamed and never held in memory.
 */
package org.rostersync.roster;
