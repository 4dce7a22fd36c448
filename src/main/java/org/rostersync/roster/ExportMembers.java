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
 * also inside one sub-folder (some tools zip the export's folder); nothing is extracted to disk. A member is read
 * within the {@link RosterLimits.Zip} limits, counted on the bytes it actually yields: a zip's declared sizes may lie.
 */
abstract sealed class ExportMembers implements Closeable {

    private final RosterLimits limits;

    ExportMembers(RosterLimits limits) {
        this.limits = limits;
    }

    /** The limits the export is read within. */
    RosterLimits limits() {
        return limits;
    }

    /** Opens a zip file (recognised by its content, not its name) or a folder. */
    static ExportMembers open(Path path, RosterLimits limits) {
        if (Files.isDirectory(path)) {
            return new Folder(path, limits);
        }
        if (!Files.isRegularFile(path)) {
            throw new RosterFileException("the OneRoster export " + path.getFileName() + " does not exist");
        }
        if (!ZipCheck.isZip(path)) {
            throw new RosterFileException("line 1: the upload is not a zip archive; a OneRoster export is a .zip"
                    + " holding manifest.csv, orgs.csv and users.csv. Upload the zip file as the rostering tool"
                    + " exported it");
        }
        ZipFile zip = null;
        try {
            // the JDK reads an archive's whole table of contents into memory: its declared size is checked first
            ZipCheck.requireSmallDirectory(path, limits.zip());
            zip = new ZipFile(path.toFile());
            return new Zip(zip, limits);
        } catch (RuntimeException e) {
            closeQuietly(zip);
            throw e;
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

        Zip(ZipFile zip, RosterLimits limits) {
            super(limits);
            this.zip = zip;
            int max = limits.zip().maxMembers();
            if (zip.size() > max) {
                // the entry past the limit, named so that an archive of the wrong folder is recognised
                String extra = zip.stream().skip(max).findFirst().map(ZipEntry::getName).orElse("");
                throw new RosterFileException("the zip archive holds " + zip.size() + " entries (files and folders),"
                        + " more than the " + max + " an export may have (rostersync.zip.max-members); the first"
                        + " one past the limit is '" + extra + "'. A OneRoster export holds about 15 CSV files:"
                        + " zip only those, or raise rostersync.zip.max-members");
            }
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
            if (matches.isEmpty()) {
                return Optional.empty();
            }
            ZipEntry entry = matches.get(0);
            return Optional.of(new MemberLimit(zip.getInputStream(entry), entry.getName(),
                    entry.getCompressedSize(), limits().zip()));
        }

        @Override
        public void close() {
            closeQuietly(zip);
        }
    }

    static final class Folder extends ExportMembers {

        private final Path folder;

        Folder(Path folder, RosterLimits limits) {
            super(limits);
            this.folder = folder;
        }

        @Override
        Optional<InputStream> open(String fileName) throws IOException {
            try (Stream<Path> files = Files.list(folder)) {
                Optional<Path> file = files.filter(Files::isRegularFile)
                        .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).equals(fileName))
                        .findFirst();
                // a file of a folder is not compressed: only its size counts
                return file.isEmpty() ? Optional.empty() : Optional.of(new MemberLimit(
                        Files.newInputStream(file.get()), file.get().getFileName().toString(), -1, limits().zip()));
            }
        }

        @Override
        public void close() {
            // nothing held open between members
        }
    }

    private static void closeQuietly(ZipFile zip) {
        if (zip != null) {
            try {
                zip.close();
            } catch (IOException e) {
                // only read from: closing cannot lose data
            }
        }
    }
}
