package org.rostersync.sync.internal.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.rostersync.roster.RecordKind;
import org.rostersync.roster.RosterLimits;
import org.rostersync.roster.RosterMode;
import org.rostersync.school.SchoolDirectory;
import org.rostersync.sync.internal.database.DatabaseDialect;
import org.rostersync.sync.internal.database.NewAccounts;
import org.rostersync.sync.internal.plan.UnchangedFiles;
import org.rostersync.sync.internal.run.RunRecords;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one-pass step of a district's first import (no student accounts yet, a full file, not a dry run; see
 * {@link #eligible}): the file is read and validated by the load step's own reader and router (parsing on a thread of
 * its own), numbered in Java exactly as {@link ChangeApplier#CREATE} numbers usernames, and written straight into
 * {@code student_account}, school by school, with one {@code run_block} row per school standing for the run's
 * CREATE plan entries and CREATED events. No staging, no plan table, no event per student: every row is written once.
 * <p>
 * All of it in one transaction, so a failure leaves nothing behind and a restart runs the step again. When the file
 * turns out not to fit (a delta file, a Student ID that may occur twice, no good row, a file the reader refuses, or
 * another run created accounts in the district meanwhile) the step undoes its work (a savepoint) and ends with
 * {@link #FALLBACK}: the run goes on by the staged path (load, plan, guard, apply), which decides as before.
 */
class FirstImport implements Tasklet {

    /** The step's exit status when the run goes on by the staged path. */
    static final String FALLBACK = "FALLBACK";

    /** Key in the job's execution context: {@link #TRIED} once the run was found eligible, {@link #WRITTEN} after. */
    static final String ONE_PASS = "onePass";
    static final String TRIED = "tried";
    static final String WRITTEN = "written";
    static final String STAGED = "staged";

    /** Rows the parsing thread hands over at a time, and rejected rows written per batch. */
    private static final int BATCH = 1000;

    private final RunContext run;
    private final Path file;
    private final SchoolDirectory directory;
    private final RosterReports reports;
    private final RosterLimits limits;
    private final JdbcTemplate jdbc;
    private final DatabaseDialect dialect;
    private final PlatformTransactionManager transactions;
    private final Clock clock;
    private final UnchangedFiles unchangedFiles;
    private final RunRecords runs;

    FirstImport(RunContext run, Path file, SchoolDirectory directory, RosterReports reports,
            RosterLimits limits, JdbcTemplate jdbc, DatabaseDialect dialect, PlatformTransactionManager transactions,
            Clock clock, UnchangedFiles unchangedFiles, RunRecords runs) {
        this.run = run;
        this.file = file;
        this.directory = directory;
        this.reports = reports;
        this.limits = limits;
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.transactions = transactions;
        this.clock = clock;
        this.unchangedFiles = unchangedFiles;
        this.runs = runs;
    }

    /**
     * Whether a run may try the one-pass path, decided once when it starts: a student run that changes accounts,
     * into a district without a student account. The file's mode is known only once it is open: the step checks it.
     */
    static boolean eligible(JdbcTemplate jdbc, long runId, boolean staff, boolean dryRun, String districtId) {
        return !staff && !dryRun && !districtHasAccounts(jdbc, districtId) && !loadedBefore(jdbc, runId);
    }

    /**
     * Whether an earlier execution of the run committed load chunks (one interrupted before this path was decided for
     * it, or by a node that had the one-pass path turned off): the restart goes on with them, by the staged path. The
     * one-pass step's own attempts leave nothing behind: it rolls back all it wrote.
     */
    private static boolean loadedBefore(JdbcTemplate jdbc, long runId) {
        return jdbc.queryForObject("""
                SELECT (SELECT COUNT(*) FROM staged_student WHERE run_id = ?) + (SELECT COUNT(*) FROM rejected_row
                        WHERE run_id = ?) + (SELECT COUNT(*) FROM unchanged_chunk WHERE run_id = ?)""", Long.class,
                runId, runId, runId) > 0;
    }

    private static boolean districtHasAccounts(JdbcTemplate jdbc, String districtId) {
        return !jdbc.queryForList("SELECT id FROM student_account WHERE district_id = ? FETCH FIRST 1 ROWS ONLY",
                Long.class, districtId).isEmpty();
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        ExecutionContext stepContext = chunkContext.getStepContext().getStepExecution().getExecutionContext();
        ExecutionContext jobContext = chunkContext.getStepContext().getStepExecution().getJobExecution()
                .getExecutionContext();
        TransactionTemplate savepoint = new TransactionTemplate(transactions);
        savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        Long written = savepoint.execute(status -> {
            Long accounts = importInOnePass(stepContext);
            if (accounts == null) {
                status.setRollbackOnly();
            }
            return accounts;
        });
        if (written == null) {
            jobContext.putString(ONE_PASS, STAGED);
            contribution.setExitStatus(new ExitStatus(FALLBACK));
        } else {
            jobContext.putString(ONE_PASS, WRITTEN);
            contribution.incrementWriteCount(written);
        }
        return RepeatStatus.FINISHED;
    }

    /** The accounts written, or {@code null} when the run must take the staged path (the caller rolls back). */
    private Long importInOnePass(ExecutionContext stepContext) {
        RosterItemReader reader = new RosterItemReader(file, run.feed(), reports, run.runId(), limits,
                RecordKind.STUDENTS);
        try {
            reader.open(stepContext);
        } catch (RuntimeException refused) {
            return null; // the load step opens it again and fails the run as it always has
        }
        try (SchoolSpool spool = new SchoolSpool(file.toAbsolutePath().getParent(),
                file.getFileName() + ".spool-")) {
            if (reader.mode() != RosterMode.BULK) {
                return null;
            }
            UsernameCounters counters = new UsernameCounters();
            Long accepted = spoolRows(new ParsedRoster(reader, new RowRouter(run.feed(), directory, reader, false),
                    BATCH, "first-import-" + run.runId()), spool, counters);
            if (accepted == null || accepted == 0) {
                return null;
            }
            jdbc.update("""
                    UPDATE import_run SET rows_read = ? + (SELECT COUNT(DISTINCT line_no) FROM rejected_row
                                                           WHERE run_id = ?)
                     WHERE id = ?""", accepted, run.runId(), run.runId());
            // usernames are unique across the deployment: every writer of accounts takes this lock first
            jdbc.queryForList("SELECT id FROM username_lock WHERE id = 1 FOR UPDATE");
            if (districtHasAccounts(jdbc, run.feed().districtId())) {
                return null; // another feed's run created some since the run started
            }
            readTakenNumbers(counters);
            OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
            List<NewAccounts.Block> blocks = dialect.writeNewAccounts(accepted, run.feed().districtId(), now,
                    run.runId(), sink -> spool.writeTo(sink, counters));
            jdbc.batchUpdate("""
                    INSERT INTO run_block (run_id, school_id, first_id, last_id, at, actor)
                    VALUES (?, ?, ?, ?, ?, ?)""", blocks, blocks.size(), (ps, block) -> {
                ps.setLong(1, run.runId());
                ps.setString(2, block.schoolId());
                ps.setLong(3, block.firstId());
                ps.setLong(4, block.lastId());
                ps.setObject(5, now);
                ps.setString(6, run.requestedBy());
            });
            dialect.refresh("student_account", accepted);
            unchangedFiles.recordApplied(run.runId(), run.feed(), true);
            runs.markApplied(run.runId(), now);
            return accepted;
        } catch (IOException e) {
            throw new UncheckedIOException("could not spool the rows of run " + run.runId(), e);
        } finally {
            reader.close();
        }
    }

    /**
     * Spools the accepted rows and writes the rejected ones as the load step does; {@code null} when a row sends the
     * run the staged way.
     */
    private Long spoolRows(ParsedRoster parsed, SchoolSpool spool, UsernameCounters counters) throws IOException {
        StagingWriter rejectedRows = new StagingWriter(jdbc, dialect, run.runId());
        StudentIdHashes studentIds = new StudentIdHashes();
        List<LoadedRow> rejected = new ArrayList<>();
        long accepted = 0;
        try (parsed) {
            for (List<LoadedRow> rows = parsed.next(); rows != null; rows = parsed.next()) {
                for (LoadedRow row : rows) {
                    if (row instanceof LoadedRow.Accepted a) {
                        if (!studentIds.add(a.row().studentId())) {
                            return null; // maybe a duplicate: the staged path rejects it naming the first line
                        }
                        spool.add(a, counters.next(a.usernameBase()));
                        accepted++;
                    } else if (row instanceof LoadedRow.Rejected) {
                        rejected.add(row);
                        if (rejected.size() == BATCH) {
                            rejectedRows.write(new Chunk<>(rejected));
                            rejected.clear();
                        }
                    } else {
                        return null; // a withdrawn student: only a delta file has them
                    }
                }
            }
            if (parsed.failed()) {
                return null; // the load step reads the file again and fails the run as it always has
            }
        }
        if (!rejected.isEmpty()) {
            rejectedRows.write(new Chunk<>(rejected));
        }
        return accepted;
    }

    /**
     * The highest number taken for each base of the file, from one aggregate over the accounts of the deployment
     * (usernames are unique across it), streamed.
     */
    private void readTakenNumbers(UsernameCounters counters) {
        JdbcTemplate streaming = new JdbcTemplate(jdbc.getDataSource());
        streaming.setFetchSize(10_000);
        streaming.query("SELECT username_base, MAX(username_seq) FROM student_account GROUP BY username_base",
                (RowCallbackHandler) rs -> counters.taken(rs.getString(1), rs.getInt(2)));
    }
}
