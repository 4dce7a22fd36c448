package org.rostersync.sync;

import java.util.List;
import java.util.Map;

/**
 * Part of a run's report: which header of the file fed which field, and which columns were ignored.
 *
 * @param mapped  field key (e.g. {@code student-id}) → the header as the file writes it, in file order
 * @param ignored headers no field took
 */
public record ColumnMap(Map<String, String> mapped, List<String> ignored) {

    public ColumnMap {
        mapped = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(mapped));
        ignored = List.copyOf(ignored);
    }
}
