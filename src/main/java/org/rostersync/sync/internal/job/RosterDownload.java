package org.rostersync.sync.internal.job;

import org.rostersync.sync.internal.run.RunRecords;
import org.rostersync.sync.internal.housekeeping.RosterFiles;

import java.util.List;

import org.rostersync.fetch.DownloadedFile;
import org.rostersync.fetch.SftpDownloads;
import org.rostersync.roster.RecordKind;
import org.rostersync.roster.RosterFormat;
import org.rostersync.school.ImportFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The fetch step of a pulled run: downloads the feed's file over SFTP into data-dir and records its size and
 * SHA-256 on the run, where the load step finds it. Uploaded files skip this step.
 */
public class RosterDownload implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(RosterDownload.class);

    private final SftpDownloads downloads;
    private final RosterFiles files;
    private final RunRecords runs;
    private final ImportFeed feed;
    private final long runId;

    public RosterDownload(SftpDownloads downloads, RosterFiles files, RunRecords runs, ImportFeed feed, long runId) {
        this.downloads = downloads;
        this.files = files;
        this.runs = runs;
        this.feed = feed;
        this.runId = runId;
    }

    /**
     * A Clever feed that reads staff may pull Clever's export folder: {@code teachers.csv}, and {@code students.csv}
     * first when it reads both from one pull. A student feed pulls its one file, as ever.
     */
    private List<String> cleverMembers() {
        if (feed.format() != RosterFormat.CLEVER || !feed.records().contains(RecordKind.STAFF)) {
            return List.of();
        }
        return feed.records().contains(RecordKind.STUDENTS) ? List.of("students.csv", "teachers.csv")
                : List.of("teachers.csv");
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        DownloadedFile file = fetch();
        runs.attachFile(runId, file.path().toString(), file.size(), file.sha256());
        log.info("Run {} of feed {}: fetched {} bytes from {}:{} (SHA-256 {})", runId, feed.id(), file.size(),
                feed.sftp().host(), feed.sftp().port(), file.sha256());
        return RepeatStatus.FINISHED;
    }

    /**
     * Downloads the feed's file into this node's data-dir without recording it on the run: the step records it; a
     * node restarting a dead node's run first compares it with what the run recorded.
     *
     * @throws org.rostersync.fetch.FetchException when it cannot be fetched, saying why
     */
    public DownloadedFile fetch() {
        // a OneRoster export may be a folder of CSV files on the server rather than one zip
        List<String> folderMembers = feed.format() == RosterFormat.ONEROSTER
                ? List.of("manifest.csv", "orgs.csv", "users.csv") : cleverMembers();
        return downloads.download(feed.sftp(), files.downloadTarget(feed.id(), runId), folderMembers);
    }
}
