package org.rostersync.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Folders (0700) and files (0600) that only the server's own user can read: roster files and the database hold
 * student data. On a file system without POSIX permissions (Windows) they are made as the system makes them.
 */
public final class PrivateFiles {

    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    /** Creates the folder and any missing parents 0700; an existing folder is made 0700 too. */
    public static Path createDirectories(Path folder) throws IOException {
        if (!posix(folder)) {
            return Files.createDirectories(folder);
        }
        Path created = Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(FOLDER));
        Files.setPosixFilePermissions(created, FOLDER);
        return created;
    }

    /** Opens the file for writing (created or truncated), readable by this user only before anything is written. */
    public static OutputStream newOutputStream(Path file) throws IOException {
        if (!posix(file)) {
            return Files.newOutputStream(file);
        }
        FileAttribute<Set<PosixFilePermission>> owner = PosixFilePermissions.asFileAttribute(FILE);
        OutputStream out = Channels.newOutputStream(Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), owner));
        // an existing file keeps its permissions when opened: take them away before it holds anything new
        Files.setPosixFilePermissions(file, FILE);
        return out;
    }

    /** Writes text to a file readable by this user only. */
    public static void writeString(Path file, String text) throws IOException {
        try (OutputStream out = newOutputStream(file)) {
            out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /**
     * Makes every folder under {@code root} (and itself) 0700 and every file 0600: what older versions, H2 and
     * libraries created with the default permissions. Links are left alone; what vanishes meanwhile is skipped.
     */
    public static void tighten(Path root) throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS) || !posix(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attributes) throws IOException {
                set(folder, FOLDER);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (attributes.isRegularFile()) {
                    set(file, FILE);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // removed while listed (a download finishing)
            }
        });
    }

    private static void set(Path path, Set<PosixFilePermission> permissions) throws IOException {
        try {
            if (!Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS).equals(permissions)) {
                Files.setPosixFilePermissions(path, permissions);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // removed while listed
        }
    }

    static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
