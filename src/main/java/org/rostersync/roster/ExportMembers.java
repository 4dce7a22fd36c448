package org.rostersync.roster;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The CSV files of a multi-file export, in a zip archive or a folder. Members are found by file name in any case,
 * also inside one sub-folder (some tools zip the export's folder); nothing is extracted to disk.
 */
abstract sealed class ExportMembers implements Closeable {

    /** Opens a zip file (recognised by its content, not its name) or a folder. */
    static ExportMembers open(Path path) {
        if (Files.isDirectory(path)) {
            return new Folder(path);
        }
        if (!Files.isRegularFile(path)) {
            throw new RosterFileException("the OneRoster export " + path.getFileName() + " does not exist");
        }
        if (!ZipCheck.isZip(path)) {
            throw new RosterFileException("line 1: the upload is not a zip archive; a OneRoster export is a .zip"
                    + " holding manifest.csv, orgs.csv and users.csv. Upload the zip file as the rostering tool"
                    + " exported it");
        }
        try {
            return new Zip(new ZipFile(path.toFile()));
        } catch (ZipException e) {
            throw new RosterFileException("line 1: the zip archive is damaged and cannot be opened (" + e.getMessage()
                    + "); export it again and upload the complete file", e);
        } catch (IOException e) {
            throw new RosterFileException("the OneRoster export cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** The member's content, or empty when the export lacks it. */
    abstract Optional<InputStream> open(String fileName) throws IOException;

    @Override
    public abstract void close();

    static final class Zip extends ExportMembers {

        private final ZipFile zip;

        Zip(ZipFile zip) {
            this.zip = zip;
        }

        @Override
        Optional<InputStream> open(String fileName) throws IOException {
            List<ZipEntry> matches = new ArrayList<>();
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (entry.isDirectory() || name.startsWith("__MACOSX/")) {
                    continue;
                }
                String base = name.substring(name.lastIndexOf('/') + 1);
                if (base.toLowerCase(Locale.ROOT).equals(fileName) && name.chars().filter(c -> c == '/').count() <= 1) {
                    matches.add(entry);
                }
            }
            if (matches.size() > 1) {
                throw new RosterFileException("the zip archive holds " + matches.size() + " files named " + fileName
                        + "; upload one export per zip");
            }
            return matches.isEmpty() ? Optional.empty() : Optional.of(zip.getInputStream(matches.get(0)));
        }

        @Override
        public void close() {
            try {
                zip.close();
            } catch (IOException e) {
                // only read from: closing cannot lose data
            }
        }
    }

    static final class Folder extends ExportMembers {

        private final Path folder;

        Folder(Path folder) {
            this.folder = folder;
        }

        @Override
        Optional<InputStream> open(String fileName) throws IOException {
            try (Stream<Path> files = Files.list(folder)) {
                Optional<Path> file = files.filter(Files::isRegularFile)
                        .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).equals(fileName))
                        .findFirst();
                return file.isEmpty() ? Optional.empty() : Optional.of(Files.newInputStream(file.get()));
            }
        }

        @Override
        public void close() {
            // nothing held open between members
        }
    }
}
