/**
 * The admin endpoint: the HTTP API over feeds, runs and students, and who may see what.
 */
package org.rostersync.admin;
