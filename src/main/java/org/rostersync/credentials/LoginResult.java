package org.rostersync.credentials;

import org.rostersync.account.AccountStatus;

/** A successful student login: who signed in and the account's status afterwards (always ACTIVE). */
public record LoginResult(String username, AccountStatus status) {
}
