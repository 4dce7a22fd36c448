package org.rostersync.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Zips OneRoster exports for tests: the sample folder under {@code sample-imports/}, or files given inline. */
public final class ExportZips {

    /** The bulk OneRoster sample, as a folder. */
    public static final Path ONEROSTER_SAMPLE = Path.of("sample-imports", "oneroster");

    private ExportZips() {
    }

    /** The files of a folder as one zip, as a rostering tool would upload them. */
    public static byte[] zip(Path folder) {
        return zipBytes(files(folder));
    }

    /** A zip of file name → text (UTF-8). */
    public static byte[] zip(Map<String, String> files) {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        files.forEach((name, text) -> bytes.put(name, text.getBytes(StandardCharsets.UTF_8)));
        return zipBytes(bytes);
    }

    /** A OneRoster manifest whose users file is in the given mode (bulk, delta or absent). */
    public static String manifest(String usersMode) {
        return """
                propertyName,value
                manifest.version,1.0
                oneroster.version,1.1
                file.orgs,bulk
                file.users,%s
                """.formatted(usersMode);
    }

    private static Map<String, byte[]> files(Path folder) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> list = Files.list(folder)) {
            for (Path file : list.sorted().toList()) {
                files.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    public static byte[] zipBytes(Map<String, byte[]> files) {
        return zipBytes(files, ZipEntry.DEFLATED);
    }

    /** A zip of file name → content, compressed ({@link ZipEntry#DEFLATED}) or not ({@link ZipEntry#STORED}). */
    public static byte[] zipBytes(Map<String, byte[]> files, int method) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                ZipEntry entry = new ZipEntry(file.getKey());
                entry.setMethod(method);
                if (method == ZipEntry.STORED) {
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(file.getValue());
                    entry.setSize(file.getValue().length);
                    entry.setCompressedSize(file.getValue().length);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(file.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
