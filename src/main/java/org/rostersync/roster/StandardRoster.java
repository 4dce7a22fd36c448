package org.rostersync.roster;

/** A STANDARD file: the file reader as it is; formats with one CSV file build on it. */
class StandardRoster implements RosterSource {

    protected final RosterFileReader reader;
    /** What else the roster holds open (the export a member is read from), closed with it; may be {@code null}. */
    private final java.io.Closeable source;

    StandardRoster(RosterFileReader reader) {
        this(reader, null);
    }

    StandardRoster(RosterFileReader reader, java.io.Closeable source) {
        this.reader = reader;
        this.source = source;
    }

    @Override
    public HeaderMapping mapping() {
        return reader.mapping();
    }

    @Override
    public String encodingNote() {
        return reader.encoding().note();
    }

    @Override
    public RosterMode mode() {
        return RosterMode.BULK;
    }

    @Override
    public RosterLine next() {
        return reader.next();
    }

    @Override
    public long recordsRead() {
        return reader.recordsRead();
    }

    @Override
    public void skip(long count) {
        reader.skip(count);
    }

    @Override
    public void close() {
        reader.close();
        if (source != null) {
            try {
                source.close();
            } catch (java.io.IOException ignored) {
                // only read from
            }
        }
    }
}
