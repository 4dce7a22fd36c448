package org.rostersync.sync.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.rostersync.sync.SyncSettings;
import org.springframework.stereotype.Component;

/**
 * Where roster files live before a run reads them: {@code <data-dir>/uploads/<feed>/run-<id>.csv}. Names come from
 * the feed and run ids only; a name sent with an upload is never used as a path.
 */
@Component
public class RosterFiles {

    private final Path root;

    RosterFiles(SyncSettings settings) {
        this.root = settings.dataDir().toAbsolutePath().normalize();
    }

    /** A stored file with its size and SHA-256. */
    public record StoredFile(Path path, long size, String sha256) {
    }

    /** Copies an upload to its place, under a temporary name first, so a run never reads half a file. */
    public StoredFile storeUpload(String feedId, long runId, InputStream content) throws IOException {
        Path dir = Files.createDirectories(root.resolve("uploads").resolve(feedId));
        Path target = dir.resolve("run-" + runId + ".csv");
        Path temp = dir.resolve("run-" + runId + ".csv.part");
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long size;
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), sha)) {
            size = content.transferTo(out);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new StoredFile(target, size, HexFormat.of().formatHex(sha.digest()));
    }
}
