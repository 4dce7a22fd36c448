package org.rostersync.account;

/** How an account came to be. Manual accounts are never deactivated by an import they did not come from. */
public enum AccountOrigin {
    IMPORT, MANUAL
}
