/**
 * Student accounts: their statuses, usernames and audit trail. It owns {@code student_account} and
 * {@code account_event} and writes them for accounts made by hand, password resets and sign-ins
 * ({@link org.rostersync.account.AccountPasswords}), and for what runs do besides their apply step: passwords revoked
 * when an unused account changes hands ({@link org.rostersync.account.UnusedPasswords}), held changes approved
 * ({@link org.rostersync.account.HeldAccountChanges}), runs reverted ({@link org.rostersync.account.RevertedAccounts})
 * and personal data cleared after the retention period ({@link org.rostersync.account.ExpiredPersonalData}). Those
 * statements are set-based and read the run's plan ({@code planned_change}, {@code account_snapshot}), which the sync
 * module writes. The one exception is the import's apply step in {@code sync}, whose set-based SQL creates, changes,
 * moves and deactivates a run's accounts with their events, one statement each, and a district's first import in one
 * pass, which writes its accounts in bulk and one {@code run_block} row per school in place of their CREATED events
 * ({@link org.rostersync.account.AccountEvents} reads both). Event types are
 * {@link org.rostersync.account.AccountEventType}.
 * <p>
 * One username rule, {@link org.rostersync.account.Usernames#seq(int, int)}: the n-th new holder of a base gets the
 * number n after the highest {@code username_seq} already taken for that base (0 when none), under the
 * {@code username_lock} row. A manual account is the first and only new holder ({@code MAX + 1}); the import's
 * create statement numbers all of a run's new holders at once with
 * {@code COALESCE(MAX(username_seq), 0) + ROW_NUMBER() OVER (PARTITION BY username_base ORDER BY line_no)}, and a first
 * import in one pass counts the same in Java, in line order.
 */
package org.rostersync.account;
