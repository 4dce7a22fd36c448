package org.rostersync.sync.web;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.rostersync.sync.ImportRuns;
import org.rostersync.sync.RejectedRow;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * A run's rejected rows as a spreadsheet, for the API and the run page alike; cells that a spreadsheet would run as a
 * formula are neutralised. Written to the response as the rows are read, a page of lines at a time: a run of a
 * million rejected rows is never held in memory (the answer is chunked once it outgrows the response buffer).
 */
@Component
class RejectedRowsCsv {

    /** Rejected rows read per query while a CSV is written. */
    private static final int CSV_PAGE = 1000;

    private final ImportRuns runs;

    RejectedRowsCsv(ImportRuns runs) {
        this.runs = runs;
    }

    /** Writes the run's rejected rows; the caller has checked that the staff member may see the run. */
    void write(long runId, HttpServletResponse response) throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"run-" + runId
                + "-rejected-rows.csv\"");
        Writer out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
        CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader("line", "column", "reason").get());
        long afterLine = 0;
        List<RejectedRow> rows = runs.rejectedRowsAfterLine(runId, afterLine, CSV_PAGE);
        while (!rows.isEmpty()) {
            for (RejectedRow row : rows) {
                csv.printRecord(row.line(), safe(row.column()), safe(row.reason()));
            }
            afterLine = rows.get(rows.size() - 1).line();
            rows = runs.rejectedRowsAfterLine(runId, afterLine, CSV_PAGE);
        }
        // flushed, not closed: the container ends the response
        csv.flush();
    }

    /** A leading = + - @ (or tab, CR) makes spreadsheets evaluate a cell; a quote in front keeps it text. */
    static String safe(String cell) {
        if (cell != null && !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0) {
            return "'" + cell;
        }
        return cell;
    }
}
