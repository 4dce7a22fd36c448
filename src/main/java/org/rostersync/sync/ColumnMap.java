package org.rostersync.sync;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Part of a run's report: which header of the file fed which field, which columns were ignored, and which optional
 * fields the file had no column for.
 *
 * @param mapped  field key (e.g. {@code student-id}) → the header as the file writes it
 * @param ignored headers no field took, in file order
 * @param kept    keys of the optional fields the file has no column for, whose stored values the run kept
 */
public record ColumnMap(Map<String, String> mapped, List<String> ignored, List<String> kept) {

    public ColumnMap {
        mapped = Collections.unmodifiableMap(new LinkedHashMap<>(mapped));
        ignored = List.copyOf(ignored);
        kept = List.copyOf(kept);
    }
}
