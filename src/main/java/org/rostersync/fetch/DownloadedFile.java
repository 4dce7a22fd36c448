package org.rostersync.fetch;

import java.nio.file.Path;

/** A file fetched from an SFTP server, complete, under its final name. */
public record DownloadedFile(Path path, long size, String sha256) {
}
