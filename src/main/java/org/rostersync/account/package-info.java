/**
 * Student accounts: their statuses, usernames and audit trail.
 */
package org.rostersync.account;
