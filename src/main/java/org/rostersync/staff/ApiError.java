package org.rostersync.staff;

/** The body of every API error. */
public record ApiError(String error, String message) {
}
