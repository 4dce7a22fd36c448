package org.rostersync.sync.internal;

import java.nio.file.Path;
import java.time.Clock;

import io.micrometer.observation.ObservationRegistry;
import org.rostersync.fetch.SftpDownloads;
import org.rostersync.roster.RosterLimits;
import org.rostersync.roster.RosterLine;
import org.rostersync.school.ImportFeed;
import org.rostersync.school.SchoolDirectory;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The roster import job, wired in reading order: fetch (pulled runs only) → load (reader, processor, writer) → plan
 * → guard → apply → report. A dry run stops after guard, so it says what a real run would hold or refuse. A large file identical to the feed's last one, against
 * unchanged accounts, reuses that run's plan instead of load and plan (see {@link UnchangedFiles}). Every step is
 * restartable; the decisions live in the step classes.
 */
@Configuration(proxyBeanMethods = false)
class ImportJobConfiguration {

    static final String JOB_NAME = "rosterImport";

    @Bean
    @StepScope
    RosterDownload rosterDownload(@Value("#{jobParameters['runId']}") Long runId,
            @Value("#{jobParameters['feedId']}") String feedId, SchoolDirectory directory, SftpDownloads downloads,
            RosterFiles files, RunRecords runs) {
        return new RosterDownload(downloads, files, runs, feed(directory, feedId), runId);
    }

    @Bean
    Step fetchStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            RosterDownload rosterDownload) {
        return new StepBuilder("fetch", jobRepository).tasklet(rosterDownload, transactionManager).build();
    }

    /** The run's file: uploaded before the job started, or fetched by its first step. */
    @Bean
    @StepScope
    RosterItemReader rosterReader(@Value("#{jobParameters['runId']}") Long runId,
            @Value("#{jobParameters['feedId']}") String feedId, SchoolDirectory directory, RosterReports reports,
            RunRecords runs, RosterLimits limits) {
        String file = runs.settings(runId).map(RunRecords.RunSettings::filePath)
                .orElseThrow(() -> new IllegalStateException("run " + runId + " has no file to read"));
        return new RosterItemReader(Path.of(file), feed(directory, feedId), reports, runId, limits);
    }

    @Bean
    @StepScope
    RowRouter rowRouter(@Value("#{jobParameters['feedId']}") String feedId, SchoolDirectory directory,
            RosterItemReader rosterReader) {
        return new RowRouter(feed(directory, feedId), directory, rosterReader);
    }

    @Bean
    @StepScope
    StagingWriter stagingWriter(@Value("#{jobParameters['runId']}") Long runId, JdbcTemplate jdbc,
            DatabaseDialect dialect) {
        return new StagingWriter(jdbc, dialect, runId);
    }

    /**
     * Not a bean: Spring Batch gives every Step bean the context's observation registry, and then the load step times
     * every read and every processed row as a Micrometer timer, which cost more CPU than parsing and validating the
     * rows (a third of the step's Java time). Runs have their own metrics (RunMetrics); the job is still observed.
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

    @Bean
    @StepScope
    ChangePlanner changePlanner(@Value("#{jobParameters['runId']}") Long runId,
            @Value("#{jobParameters['feedId']}") String feedId, SchoolDirectory directory, JdbcTemplate jdbc,
            Clock clock, RosterReports reports, DatabaseDialect statistics) {
        return new ChangePlanner(jdbc, clock, feed(directory, feedId), runId, reports, statistics);
    }

    @Bean
    Step planStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            ChangePlanner changePlanner) {
        return new StepBuilder("plan", jobRepository).tasklet(changePlanner, transactionManager).build();
    }

    @Bean
    @StepScope
    DeactivationGuard deactivationGuard(@Value("#{jobParameters['runId']}") Long runId,
            @Value("#{jobParameters['feedId']}") String feedId, @Value("#{jobParameters['force']}") String force,
            @Value("#{jobParameters['" + ImportJobParameters.DRY_RUN + "']}") String dryRun,
            SchoolDirectory directory, JdbcTemplate jdbc) {
        return new DeactivationGuard(jdbc, feed(directory, feedId), runId, "true".equals(force), "true".equals(dryRun));
    }

    @Bean
    Step guardStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            DeactivationGuard deactivationGuard) {
        return new StepBuilder("guard", jobRepository).tasklet(deactivationGuard, transactionManager).build();
    }

    @Bean
    @StepScope
    ChangeApplier changeApplier(@Value("#{jobParameters['runId']}") Long runId,
            @Value("#{jobParameters['feedId']}") String feedId,
            @Value("#{jobParameters['requestedBy']}") String requestedBy, SchoolDirectory directory,
            JdbcTemplate jdbc, Clock clock, DatabaseDialect statistics, UnchangedFiles unchangedFiles) {
        return new ChangeApplier(jdbc, clock, feed(directory, feedId), runId, requestedBy, statistics,
                unchangedFiles);
    }

    @Bean
    Step applyStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            ChangeApplier changeApplier) {
        return new StepBuilder("apply", jobRepository).tasklet(changeApplier, transactionManager).build();
    }

    @Bean
    @StepScope
    RunReporter runReporter(@Value("#{jobParameters['runId']}") Long runId, JdbcTemplate jdbc) {
        return new RunReporter(jdbc, runId);
    }

    @Bean
    Step reportStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            RunReporter runReporter) {
        return new StepBuilder("report", jobRepository).tasklet(runReporter, transactionManager).build();
    }

    @Bean
    @StepScope
    ReusedPlan reusedPlan(@Value("#{jobParameters['runId']}") Long runId,
            @Value("#{jobParameters['feedId']}") String feedId, @Value("#{jobExecutionContext['reusedRun']}") Long reused,
            SchoolDirectory directory, JdbcTemplate jdbc, Clock clock) {
        return new ReusedPlan(jdbc, clock, feed(directory, feedId), runId, reused);
    }

    @Bean
    Step reusePlanStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            ReusedPlan reusedPlan) {
        return new StepBuilder("reusePlan", jobRepository).tasklet(reusedPlan, transactionManager).build();
    }

    @Bean
    RunLifecycle runLifecycle(RunRecords runs, JdbcTemplate jdbc, RunningImports running,
            TransactionTemplate transactions, ApplicationEventPublisher events, DatabaseDialect dialect) {
        return new RunLifecycle(runs, jdbc, running, transactions, events, dialect);
    }

    @Bean
    Job rosterImportJob(JobRepository jobRepository, PlatformTransactionManager transactionManager,
            RosterItemReader rosterReader, RowRouter rowRouter, StagingWriter stagingWriter, SyncSettings settings,
            Step fetchStep, Step planStep,
            Step reusePlanStep, Step guardStep, Step applyStep, Step reportStep, RunLifecycle runLifecycle,
            SchoolDirectory directory, UnchangedFiles unchangedFiles) {
        JobExecutionDecider source = (jobExecution, stepExecution) -> new FlowExecutionStatus(
                jobExecution.getJobParameters().getString(ImportJobParameters.FILE) == null ? "PULL" : "UPLOADED");
        JobExecutionDecider unchangedFile = (jobExecution, stepExecution) -> {
            long runId = jobExecution.getJobParameters().getLong(ImportJobParameters.RUN_ID);
            String feedId = jobExecution.getJobParameters().getString(ImportJobParameters.FEED_ID);
            Long reused = unchangedFiles.reusableRun(runId, feed(directory, feedId));
            if (reused == null) {
                return new FlowExecutionStatus("READ");
            }
            jobExecution.getExecutionContext().putLong("reusedRun", reused);
            return new FlowExecutionStatus("UNCHANGED");
        };
        JobExecutionDecider dryRun = (jobExecution, stepExecution) -> new FlowExecutionStatus(
                "true".equals(jobExecution.getJobParameters().getString(ImportJobParameters.DRY_RUN))
                        ? "DRY_RUN" : "APPLY");
        return new JobBuilder(JOB_NAME, jobRepository)
                .listener(runLifecycle)
                .start(source).on("PULL").to(fetchStep).on("COMPLETED").to(unchangedFile)
                .from(source).on("UPLOADED").to(unchangedFile)
                .from(unchangedFile).on("UNCHANGED").to(reusePlanStep).on("COMPLETED").to(guardStep)
                .from(unchangedFile).on("*")
                .to(loadStep(jobRepository, transactionManager, rosterReader, rowRouter, stagingWriter, settings))
                .next(planStep)
                .from(planStep).on("COMPLETED").to(guardStep)
                .from(guardStep).on("COMPLETED").to(dryRun)
                .from(dryRun).on("DRY_RUN").to(reportStep)
                .from(dryRun).on("APPLY").to(applyStep).next(reportStep)
                .end()
                .build();
    }

    private static ImportFeed feed(SchoolDirectory directory, String feedId) {
        return directory.feed(feedId)
                .orElseThrow(() -> new IllegalStateException("feed '" + feedId + "' is no longer configured"));
    }
}
