package org.rostersync.sync.internal.job;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.rostersync.roster.RosterLine;

/**
 * An open roster file read, validated and routed on a thread of its own, handed over in batches through a small
 * bounded queue: parsing is most of a first import's Java work, and the step's own thread meanwhile spools rows and
 * writes rejected ones. Memory stays bounded by the queue, whatever the file's size.
 */
final class ParsedRoster implements AutoCloseable {

    /** Batches waiting at most; the reader blocks beyond. */
    private static final int QUEUED = 8;

    private static final List<LoadedRow> END = List.of();

    private final BlockingQueue<List<LoadedRow>> queue = new ArrayBlockingQueue<>(QUEUED);
    private final Thread thread;
    private volatile boolean closed;
    /** Set only once the reader reached the end of the file: anything else (an exception, an error, an interrupt)
     * leaves it false, so a file read in part is never taken for a whole one. */
    private volatile boolean complete;

    /** Starts reading {@code reader} (open) through {@code router}, {@code batch} rows at a time. */
    ParsedRoster(RosterItemReader reader, RowRouter router, int batch, String threadName) {
        thread = new Thread(() -> {
            try {
                List<LoadedRow> rows = new ArrayList<>(batch);
                for (RosterLine line = reader.read(); line != null && !closed; line = reader.read()) {
                    rows.add(router.process(line));
                    if (rows.size() == batch) {
                        hand(rows);
                        rows = new ArrayList<>(batch);
                    }
                }
                if (!rows.isEmpty()) {
                    hand(rows);
                }
                complete = !closed;
            } catch (RuntimeException | Error e) {
                // the caller sees failed() and the run takes the staged path, whose load step reports the problem
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                try {
                    hand(END);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** The next batch of rows in line order, or {@code null} at the end of the file (or when reading failed). */
    List<LoadedRow> next() {
        try {
            List<LoadedRow> rows = queue.take();
            return rows == END ? null : rows;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the roster file", e);
        }
    }

    /** Whether the file could not be read to its end (a record too long, a broken archive, …). */
    boolean failed() {
        return !complete;
    }

    private void hand(List<LoadedRow> rows) throws InterruptedException {
        while (!closed) {
            if (queue.offer(rows, 100, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }

    /** Stops the reading thread, if it is still reading, and waits for it: the caller closes the file after. */
    @Override
    public void close() {
        closed = true;
        queue.clear();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
