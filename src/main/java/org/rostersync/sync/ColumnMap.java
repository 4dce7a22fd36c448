package org.rostersync.sync;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Part of a run's report: which header of the file fed which field, and which columns were ignored.
 *
 * @param mapped  field key (e.g. {@code student-id}) → the header as the file writes it
 * @param ignored headers no field took, in file order
 */
public record ColumnMap(Map<String, String> mapped, List<String> ignored) {

    public ColumnMap {
        mapped = Collections.unmodifiableMap(new LinkedHashMap<>(mapped));
        ignored = List.copyOf(ignored);
    }
}
