package org.rostersync.sync.internal.housekeeping;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.rostersync.files.PrivateFiles;
import org.rostersync.sync.SyncSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Where roster files live before a run reads them: {@code <data-dir>/uploads/<feed>/run-<id>.csv} and
 * {@code <data-dir>/downloads/<feed>/run-<id>.csv}. Names come from the feed and run ids only; a name sent with an
 * upload is never used as a path. They hold student data, so only the server's user can read them (folders 0700,
 * files 0600) and they are deleted after the retention period.
 */
@Component
public class RosterFiles {

    private static final Logger log = LoggerFactory.getLogger(RosterFiles.class);

    /** The folder a folder export (OneRoster, Clever) of one run is downloaded into. */
    private static final java.util.regex.Pattern RUN_FOLDER = java.util.regex.Pattern.compile("run-\\d+(\\.part)?");

    private final Path root;
    private final Duration retention;
    private final Clock clock;

    RosterFiles(SyncSettings settings, Clock clock) {
        this.root = settings.dataDir().toAbsolutePath().normalize();
        this.retention = settings.fileRetention();
        this.clock = clock;
    }

    /** Where the SFTP download of a run goes. */
    public Path downloadTarget(String feedId, long runId) {
        return root.resolve("downloads").resolve(feedId).resolve("run-" + runId + ".csv");
    }

    /**
     * Deletes roster files older than {@code rostersync.file-retention}: every night, and once at start-up.
     * Each node keeps its own files, so each node sweeps its own data-dir.
     */
    @Scheduled(cron = "0 17 3 * * *")
    @EventListener(ApplicationReadyEvent.class)
    public void deleteExpired() {
        Instant cutoff = clock.instant().minus(retention);
        int deleted = 0;
        for (String kind : new String[] { "uploads", "downloads" }) {
            Path dir = root.resolve(kind);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<Path> found = new ArrayList<>();
            List<Path> runFolders = new ArrayList<>();
            try {
                Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attributes) {
                        // a folder export's own directory (run-<id>, or run-<id>.part of a download that broke off),
                        // last changed before the cutoff: empty once its files are gone (deepest first below)
                        if (RUN_FOLDER.matcher(folder.getFileName().toString()).matches()
                                && attributes.lastModifiedTime().toInstant().isBefore(cutoff)) {
                            runFolders.add(0, folder);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                        if (attributes.isRegularFile()) {
                            found.add(file);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        // renamed or removed while listed (a download finishing): nothing to sweep there
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                log.warn("Could not list the roster files under {}: {}", dir, e.getMessage());
                continue;
            }
            for (Path file : found) {
                try {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff) && Files.deleteIfExists(file)) {
                        deleted++;
                    }
                } catch (IOException e) {
                    // gone or renamed since it was listed (a download finishing): nothing to delete
                }
            }
            for (Path folder : runFolders) {
                try {
                    Files.deleteIfExists(folder);
                } catch (IOException e) {
                    // not empty (a file newer than the cutoff): kept with it
                }
            }
        }
        if (deleted > 0) {
            log.info("Deleted {} roster files older than {} (rostersync.file-retention)", deleted, retention);
        }
    }

    /** A stored file with its size and SHA-256. */
    public record StoredFile(Path path, long size, String sha256) {
    }

    /** Copies an upload to its place, under a temporary name first, so a run never reads half a file. */
    public StoredFile storeUpload(String feedId, long runId, InputStream content) throws IOException {
        Path dir = PrivateFiles.createDirectories(root.resolve("uploads").resolve(feedId));
        Path target = dir.resolve("run-" + runId + ".csv");
        Path temp = dir.resolve("run-" + runId + ".csv.part");
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long size;
        try (OutputStream out = new DigestOutputStream(PrivateFiles.newOutputStream(temp), sha)) {
            size = content.transferTo(out);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new StoredFile(target, size, HexFormat.of().formatHex(sha.digest()));
    }
}
