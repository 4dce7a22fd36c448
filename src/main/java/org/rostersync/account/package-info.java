/**
 * Student accounts: their statuses, usernames and audit trail. It writes {@code student_account} and
 * {@code account_event} for accounts made by hand and for password resets and sign-ins (through
 * {@link org.rostersync.account.AccountPasswords}); the import's set-based statements in {@code sync} still write
 * both tables for the accounts a run creates, changes, moves, deactivates or clears.
 * <p>
 * One username rule, {@link org.rostersync.account.Usernames#seq(int, int)}: the n-th new holder of a base gets the
 * number n after the highest {@code username_seq} already taken for that base (0 when none), under the
 * {@code username_lock} row. A manual account is the first and only new holder ({@code MAX + 1}); the import's
 * create statement numbers all of a run's new holders at once with
 * {@code COALESCE(MAX(username_seq), 0) + ROW_NUMBER() OVER (PARTITION BY username_base ORDER BY line_no)}.
 */
package org.rostersync.account;
