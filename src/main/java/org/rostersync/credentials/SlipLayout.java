package org.rostersync.credentials;

/** How a PDF of credentials is laid out. */
public enum SlipLayout {
    /** As many slips per Letter page as stay legible (ten), with cut lines. */
    PAPER_SAVER,
    /** One page per student. */
    SEPARATE_PAGES
}
