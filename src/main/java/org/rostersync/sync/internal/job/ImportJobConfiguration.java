package org.rostersync.sync.internal.job;

import org.rostersync.sync.internal.plan.UnchangedFiles;
import org.rostersync.sync.internal.run.RunReads;
import org.rostersync.sync.internal.run.RunRecords;
import org.rostersync.sync.internal.run.RunningImports;
import org.rostersync.sync.internal.run.RunLifecycle;
import org.rostersync.sync.internal.run.RunReport;
import org.rostersync.sync.internal.database.DatabaseDialect;
import org.rostersync.sync.internal.housekeeping.RosterFiles;

import static org.rostersync.sync.internal.job.ImportJobParameters.DRY_RUN;
import static org.rostersync.sync.internal.job.ImportJobParameters.FEED_ID;
import static org.rostersync.sync.internal.job.ImportJobParameters.FILE;
import static org.rostersync.sync.internal.job.ImportJobParameters.FORCE;
import static org.rostersync.sync.internal.job.ImportJobParameters.REQUESTED_BY;
import static org.rostersync.sync.internal.job.ImportJobParameters.REUSED_RUN;
import static org.rostersync.sync.internal.job.ImportJobParameters.RUN_ID;
import static org.rostersync.sync.internal.job.ImportJobParameters.STAFF;

import java.nio.file.Path;
import java.time.Clock;

import io.micrometer.observation.ObservationRegistry;
import org.rostersync.account.UnusedPasswords;
import org.rostersync.fetch.SftpDownloads;
import org.rostersync.roster.RecordKind;
import org.rostersync.roster.RosterLimits;
import org.rostersync.roster.RosterLine;
import org.rostersync.school.ImportFeed;
import org.rostersync.school.SchoolDirectory;
import org.rostersync.staff.RosterStaffRecords;
import org.rostersync.sync.FirstImportPath;
import org.rostersync.sync.SyncSettings;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.flow.FlowExecutionStatus;
import org.springframework.batch.core.job.flow.JobExecutionDecider;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.context.annotation.ScopedProxyMode;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The roster import job, wired in reading order: fetch (pulled runs only) → load (reader, processor, writer) → plan
 * → guard → apply → report, the guard in the plan's step and the report in the apply's ({@link InOrder}). A dry run
 * stops after guard, so it says what a real run would hold or refuse. A large
 * file identical to the feed's last one, against unchanged accounts, reuses that run's plan instead of load and plan
 * (see {@link UnchangedFiles}). A district's first import writes its accounts in one pass instead of load, plan and
 * apply ({@link FirstImport}: one-pass → guard → report), or falls back to them. Every step is restartable: a restart
 * of an interrupted run (see RunRestarts) skips the steps that completed and resumes load after its last committed
 * chunk; the decisions live in the step classes.
 */
@Configuration(proxyBeanMethods = false)
class ImportJobConfiguration {

    static final String JOB_NAME = "rosterImport";

    /** Keys in the job's execution context: the plan step guarded the plan, the apply step reported (see InOrder). */
    private static final String GUARDED = "guarded";
    private static final String REPORTED = "reported";

    /** Key in the job's execution context: the run reads its file (not an unchanged file's plan). */
    private static final String READ_FILE = "readFile";

    /**
     * The run each step works for. Step-scoped without a proxy (a record cannot have one): only the step-scoped
     * beans below use it, inside their step.
     */
    @Bean
    @Scope(scopeName = "step", proxyMode = ScopedProxyMode.NO)
    RunContext runContext(@Value("#{jobParameters['" + RUN_ID + "']}") Long runId,
            @Value("#{jobParameters['" + FEED_ID + "']}") String feedId,
            @Value("#{jobParameters['" + DRY_RUN + "']}") String dryRun,
            @Value("#{jobParameters['" + FORCE + "']}") String force,
            @Value("#{jobParameters['" + REQUESTED_BY + "']}") String requestedBy,
            @Value("#{jobParameters['" + STAFF + "']}") String staff, SchoolDirectory directory, RunReads reads) {
        return new RunContext(runId, feed(directory, feedId), "true".equals(dryRun), "true".equals(force),
                requestedBy, staff == null ? reads.staffRun(runId) : Boolean.parseBoolean(staff));
    }

    @Bean
    @StepScope
    RosterDownload rosterDownload(RunContext run, SftpDownloads downloads, RosterFiles files, RunRecords runs) {
        return new RosterDownload(downloads, files, runs, run.feed(), run.runId());
    }

    @Bean
    Step fetchStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            RosterDownload rosterDownload) {
        return new StepBuilder("fetch", jobRepository).tasklet(rosterDownload, transactionManager).build();
    }

    @Bean
    @StepScope
    ReusedPlan reusedPlan(RunContext run, @Value("#{jobExecutionContext['" + REUSED_RUN + "']}") Long reused,
            JdbcTemplate jdbc, RunRecords runs, Clock clock) {
        return new ReusedPlan(jdbc, runs, clock, run.feed(), run.runId(), reused);
    }

    @Bean
    Step reusePlanStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            ReusedPlan reusedPlan, DeactivationGuard deactivationGuard) {
        return new StepBuilder("reusePlan", jobRepository)
                .tasklet(new InOrder(GUARDED, reusedPlan, deactivationGuard, InOrder::always, transactionManager),
                        transactionManager).build();
    }

    /** The run's file: uploaded before the job started, or fetched by its first step. */
    @Bean
    @StepScope
    RosterItemReader rosterReader(RunContext run, RosterReports reports, RunReads runs, RosterLimits limits) {
        String file = runs.settings(run.runId()).map(RunReads.RunSettings::filePath)
                .orElseThrow(() -> new IllegalStateException("run " + run.runId() + " has no file to read"));
        return new RosterItemReader(Path.of(file), run.feed(), reports, run.runId(), limits,
                run.staff() ? RecordKind.STAFF : RecordKind.STUDENTS);
    }

    @Bean
    @StepScope
    RowRouter rowRouter(RunContext run, SchoolDirectory directory, RosterItemReader rosterReader) {
        return new RowRouter(run.feed(), directory, rosterReader, run.staff());
    }

    /**
     * A school feed's student runs keep the rows that change nothing out of staging, unless the run's starter sees
     * only some schools (see {@link UnchangedRows}).
     */
    @Bean
    @StepScope
    StagingWriter stagingWriter(RunContext run, JdbcTemplate jdbc, DatabaseDialect dialect, RunReads reads,
            UnchangedRowsSetting unchanged, SyncSettings settings) {
        boolean eligible = unchanged.unstaged() && !run.staff() && run.feed().schoolId() != null
                && reads.starterSchools(run.runId()).isEmpty();
        return new StagingWriter(jdbc, dialect, run.runId(), new UnchangedRows(jdbc, run.feed(), run.runId(), eligible,
                unchanged.maxSchoolAccounts(), settings.chunkSize()));
    }

    /**
     * Not a bean: Spring Batch gives every Step bean the context's observation registry, and then the load step times
     * every read and every processed row as a Micrometer timer, which costs more CPU than parsing and validating the
     * rows. Runs have their own metrics (RunMetrics); the job is still observed.
     */
    private static Step loadStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            RosterItemReader rosterReader, RowRouter rowRouter, StagingWriter stagingWriter, SyncSettings settings) {
        LoadItems items = new LoadItems(rosterReader, rowRouter, stagingWriter);
        return new StepBuilder("load", jobRepository)
                .<RosterLine, LoadedRow>chunk(settings.chunkSize())
                .observationRegistry(ObservationRegistry.NOOP)
                .transactionManager(transactionManager)
                .reader(items)
                .processor(items)
                .writer(items)
                .build();
    }

    /** A district's first import in one pass, from the run's file. */
    @Bean
    @StepScope
    FirstImport firstImport(RunContext run, RunReads runs, SchoolDirectory directory,
            RosterReports reports, RosterLimits limits, JdbcTemplate jdbc, DatabaseDialect dialect,
            PlatformTransactionManager transactionManager, Clock clock, UnchangedFiles unchangedFiles,
            RunRecords records) {
        String file = runs.settings(run.runId()).map(RunReads.RunSettings::filePath)
                .orElseThrow(() -> new IllegalStateException("run " + run.runId() + " has no file to read"));
        return new FirstImport(run, Path.of(file), directory, reports, limits, jdbc, dialect, transactionManager,
                clock, unchangedFiles, records);
    }

    @Bean
    Step onePassStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            FirstImport firstImport) {
        return new StepBuilder("onePass", jobRepository).tasklet(firstImport, transactionManager).build();
    }

    @Bean
    @StepScope
    ChangePlanner changePlanner(RunContext run, JdbcTemplate jdbc, Clock clock, RosterReports reports,
            DatabaseDialect dialect) {
        return new ChangePlanner(jdbc, clock, run.feed(), run.runId(), reports, dialect);
    }

    @Bean
    @StepScope
    StaffChangePlanner staffChangePlanner(RunContext run, JdbcTemplate jdbc, Clock clock, RosterReports reports,
            RunRecords runs) {
        return new StaffChangePlanner(jdbc, clock, run.feed(), run.runId(), reports, runs);
    }

    /** Plan and guard, one step (see {@link InOrder}): the plan step already holds the run's record to the end. */
    @Bean
    Step planStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            ChangePlanner changePlanner, StaffChangePlanner staffChangePlanner, DeactivationGuard deactivationGuard,
            RunReads reads) {
        return new StepBuilder("plan", jobRepository)
                .tasklet(new InOrder(GUARDED, new ByRecordKind(reads, changePlanner, staffChangePlanner),
                        deactivationGuard, InOrder::always, transactionManager), transactionManager)
                .build();
    }

    @Bean
    @StepScope
    DeactivationGuard deactivationGuard(RunContext run, JdbcTemplate jdbc, RunRecords runs, RunReads reads) {
        return new DeactivationGuard(jdbc, runs, reads, run.feed(), run.runId(), run.force(), run.dryRun(),
                run.staff());
    }

    @Bean
    Step guardStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            DeactivationGuard deactivationGuard) {
        return new StepBuilder("guard", jobRepository).tasklet(deactivationGuard, transactionManager).build();
    }

    @Bean
    @StepScope
    ChangeApplier changeApplier(RunContext run, JdbcTemplate jdbc, Clock clock, DatabaseDialect dialect,
            UnchangedFiles unchangedFiles, RunRecords runs, RunReads reads, UnusedPasswords passwords) {
        return new ChangeApplier(jdbc, clock, run.feed(), run.runId(), run.requestedBy(), dialect, unchangedFiles,
                runs, reads, passwords);
    }

    @Bean
    @StepScope
    StaffChangeApplier staffChangeApplier(RunContext run, RosterStaffRecords staff, JdbcTemplate jdbc, Clock clock,
            RunRecords runs) {
        return new StaffChangeApplier(staff, jdbc, clock, run.feed(), run.runId(), runs);
    }

    /** Apply and report, one step (see {@link InOrder}). */
    @Bean
    Step applyStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            ChangeApplier changeApplier, StaffChangeApplier staffChangeApplier, RunReporter runReporter,
            RunReads reads) {
        return new StepBuilder("apply", jobRepository)
                .tasklet(new InOrder(REPORTED, new ByRecordKind(reads, changeApplier, staffChangeApplier),
                        runReporter, InOrder::smallRun, transactionManager), transactionManager)
                .build();
    }

    @Bean
    @StepScope
    RunReporter runReporter(RunContext run, RunReport report) {
        return new RunReporter(report, run.runId());
    }

    @Bean
    Step reportStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            RunReporter runReporter) {
        return new StepBuilder("report", jobRepository).tasklet(runReporter, transactionManager).build();
    }

    @Bean
    RunLifecycle runLifecycle(RunRecords runs, RunReads reads, JdbcTemplate jdbc, RunningImports running,
            TransactionTemplate transactions, ApplicationEventPublisher events, DatabaseDialect dialect,
            RunReport report) {
        return new RunLifecycle(runs, reads, jdbc, running, transactions, events, dialect, report);
    }

    @Bean
    Job rosterImportJob(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            RosterItemReader rosterReader, RowRouter rowRouter, StagingWriter stagingWriter, SyncSettings settings,
            Step fetchStep, Step reusePlanStep, Step onePassStep, Step planStep, Step guardStep, Step applyStep,
            Step reportStep, RunLifecycle runLifecycle, SchoolDirectory directory, UnchangedFiles unchangedFiles,
            RunReads reads, JdbcTemplate jdbc, FirstImportPath firstImportPath) {
        JobExecutionDecider source = (jobExecution, stepExecution) -> new FlowExecutionStatus(
                jobExecution.getJobParameters().getString(FILE) == null ? "PULL" : "UPLOADED");
        JobExecutionDecider unchangedFile = (jobExecution, stepExecution) -> {
            // a restart (the job's context carries over) goes the way the interrupted execution went
            if (jobExecution.getExecutionContext().containsKey(REUSED_RUN)) {
                return new FlowExecutionStatus("UNCHANGED");
            }
            if (jobExecution.getExecutionContext().containsKey(READ_FILE)) {
                return new FlowExecutionStatus("READ");
            }
            long runId = jobExecution.getJobParameters().getLong(RUN_ID);
            String feedId = jobExecution.getJobParameters().getString(FEED_ID);
            // the shortcut compares student accounts: a staff run always reads its file
            Long reused = ImportJobParameters.staff(jobExecution.getJobParameters(), reads::staffRun) ? null
                    : unchangedFiles.reusableRun(runId, feed(directory, feedId));
            if (reused == null) {
                jobExecution.getExecutionContext().putString(READ_FILE, "true");
                return new FlowExecutionStatus("READ");
            }
            jobExecution.getExecutionContext().putLong(REUSED_RUN, reused);
            return new FlowExecutionStatus("UNCHANGED");
        };
        JobExecutionDecider firstImport = (jobExecution, stepExecution) -> {
            var context = jobExecution.getExecutionContext();
            if (!context.containsKey(FirstImport.ONE_PASS)) {
                long runId = jobExecution.getJobParameters().getLong(RUN_ID);
                boolean eligible = firstImportPath.onePass() && FirstImport.eligible(jdbc, runId,
                        ImportJobParameters.staff(jobExecution.getJobParameters(), reads::staffRun),
                        "true".equals(jobExecution.getJobParameters().getString(DRY_RUN)),
                        feed(directory, jobExecution.getJobParameters().getString(FEED_ID)).districtId());
                context.putString(FirstImport.ONE_PASS, eligible ? FirstImport.TRIED : FirstImport.STAGED);
            }
            // a restart goes the way the interrupted execution went (a completed one-pass step keeps its exit status)
            return new FlowExecutionStatus(FirstImport.STAGED.equals(context.getString(FirstImport.ONE_PASS))
                    ? "STAGED" : "ONE_PASS");
        };
        JobExecutionDecider dryRun = (jobExecution, stepExecution) -> new FlowExecutionStatus(
                FirstImport.WRITTEN.equals(jobExecution.getExecutionContext().getString(FirstImport.ONE_PASS, null))
                        ? "WRITTEN"
                        : "true".equals(jobExecution.getJobParameters().getString(DRY_RUN)) ? "DRY_RUN" : "APPLY");
        JobExecutionDecider guarded = (jobExecution, stepExecution) -> new FlowExecutionStatus(
                InOrder.done(jobExecution, GUARDED) ? "GUARDED" : "GUARD");
        JobExecutionDecider reported = (jobExecution, stepExecution) -> new FlowExecutionStatus(
                InOrder.done(jobExecution, REPORTED) ? "REPORTED" : "REPORT");
        Step load = loadStep(jobRepository, transactionManager, rosterReader, rowRouter, stagingWriter, settings);
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(runLifecycle)
                .start(source).on("PULL").to(fetchStep).on("COMPLETED").to(unchangedFile)
                .from(source).on("UPLOADED").to(unchangedFile)
                .from(unchangedFile).on("UNCHANGED").to(reusePlanStep).on("COMPLETED").to(guarded)
                .from(unchangedFile).on("*").to(firstImport)
                .from(firstImport).on("ONE_PASS").to(onePassStep)
                .from(firstImport).on("*").to(load).next(planStep)
                .from(onePassStep).on(FirstImport.FALLBACK).to(load)
                .from(onePassStep).on("COMPLETED").to(guardStep)
                .from(planStep).on("COMPLETED").to(guarded)
                .from(guarded).on("GUARD").to(guardStep)
                .from(guarded).on("GUARDED").to(dryRun)
                .from(guardStep).on("COMPLETED").to(dryRun)
                .from(dryRun).on("DRY_RUN").to(reportStep)
                .from(dryRun).on("WRITTEN").to(reportStep)
                .from(dryRun).on("APPLY").to(applyStep).on("COMPLETED").to(reported)
                .from(reported).on("REPORT").to(reportStep)
                .from(reported).on("REPORTED").end()
                .end()
                .build();
    }

    private static ImportFeed feed(SchoolDirectory directory, String feedId) {
        return directory.feed(feedId)
                .orElseThrow(() -> new IllegalStateException("feed '" + feedId + "' is no longer configured"));
    }
}
