package org.rostersync.sync;

/**
 * How far a run has read its file.
 *
 * @param rowsRead     rows the load step has committed so far
 * @param rowsExpected about how many data rows the file has (its line count less the header), or {@code null} when
 *                     that is not known (a ZIP export, or no file yet)
 */
public record RunProgress(ImportRun run, long rowsRead, Long rowsExpected) {

    /** Percent read, 0–100, or {@code null} when the size of the file is not known. */
    public Integer percent() {
        if (run.status().finished()) {
            return 100;
        }
        if (rowsExpected == null || rowsExpected <= 0) {
            return null;
        }
        return (int) Math.min(100, rowsRead * 100 / rowsExpected);
    }
}
