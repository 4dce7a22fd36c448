package org.rostersync.admin;

/** The body of every API error. */
record ApiError(String error, String message) {
}
