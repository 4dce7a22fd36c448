package org.rostersync.roster;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How much of a roster file is read before it is refused: a hostile or broken file must fail its run, not fill the
 * heap.
 *
 * @param maxRecordLength characters one record (a row, with any line breaks inside its quoted values) may have; a
 *                        quote left open makes the rest of the file one record
 * @param zip             limits of a zipped export (OneRoster)
 */
@ConfigurationProperties("rostersync")
public record RosterLimits(@DefaultValue("64KB") DataSize maxRecordLength, @DefaultValue Zip zip) {

    /** The limits of the shipped settings, for readers opened outside a Spring context. */
    public static final RosterLimits DEFAULTS = new RosterLimits(DataSize.ofKilobytes(64),
            new Zip(DataSize.ofMegabytes(512), 100, 50));

    public RosterLimits {
        zip = zip == null ? DEFAULTS.zip() : zip;
        // not InvalidSettingsException: the roster module depends on no other module of the application
        if (maxRecordLength == null || maxRecordLength.toBytes() < 1024
                || maxRecordLength.toBytes() > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException("Invalid roster-sync settings:\n  - rostersync.max-record-length: must"
                    + " be from 1KB to 512MB (characters of one record), e.g. 64KB; was " + maxRecordLength);
        }
    }

    /** {@link #maxRecordLength} in characters. */
    public int recordLength() {
        return (int) maxRecordLength.toBytes();
    }

    /**
     * Limits of a zipped export, checked on the bytes actually inflated (a zip's declared sizes may lie).
     *
     * @param maxMemberSize uncompressed bytes one member may hold
     * @param maxRatio      how many times its compressed size a member may inflate to (checked past 1 MB)
     * @param maxMembers    entries the archive may hold, folders included
     */
    public record Zip(@DefaultValue("512MB") DataSize maxMemberSize, @DefaultValue("100") int maxRatio,
            @DefaultValue("50") int maxMembers) {

        public Zip {
            List<String> problems = new ArrayList<>();
            if (maxMemberSize == null || maxMemberSize.toBytes() < 1) {
                problems.add("rostersync.zip.max-member-size: must be positive, e.g. 512MB; was " + maxMemberSize);
            }
            if (maxRatio < 1) {
                problems.add("rostersync.zip.max-ratio: must be 1 or more, e.g. 100; was " + maxRatio);
            }
            if (maxMembers < 1 || maxMembers > 65_534) {
                problems.add("rostersync.zip.max-members: must be from 1 to 65534, e.g. 50; was " + maxMembers);
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("Invalid roster-sync settings:\n  - "
                        + String.join("\n  - ", problems));
            }
        }
    }
}
