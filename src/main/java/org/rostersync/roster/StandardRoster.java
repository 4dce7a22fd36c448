package org.rostersync.roster;

/** A STANDARD file: the file reader as it is; formats with one CSV file build on it. */
class StandardRoster implements RosterSource {

    protected final RosterFileReader reader;

    StandardRoster(RosterFileReader reader) {
        this.reader = reader;
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
    }
}
