package org.rostersync.school;

import java.time.ZoneId;

/**
 * A school of a district.
 *
 * @param referenceId the value of the School ID column that names this school in roster files
 */
public record School(String id, String name, String districtId, String referenceId, ZoneId timeZone) {
}
