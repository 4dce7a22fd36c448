package org.rostersync.school;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured districts, schools and feeds: read-only, validated at start-up.
 */
public class SchoolDirectory {

    private final Map<String, District> districts = new LinkedHashMap<>();
    private final Map<String, School> schools = new LinkedHashMap<>();
    private final Map<String, ImportFeed> feeds = new LinkedHashMap<>();
    /** district id → School ID value → school: a district file looks one up for every row. */
    private final Map<String, Map<String, School>> byReference = new LinkedHashMap<>();

    public SchoolDirectory(List<District> districts, List<ImportFeed> feeds) {
        districts.forEach(d -> {
            this.districts.put(d.id(), d);
            d.schools().forEach(s -> this.schools.put(s.id(), s));
            Map<String, School> references = new LinkedHashMap<>();
            d.schools().forEach(s -> references.putIfAbsent(s.referenceId(), s));
            byReference.put(d.id(), references);
        });
        feeds.forEach(f -> this.feeds.put(f.id(), f));
    }

    public Collection<District> districts() {
        return districts.values();
    }

    public Collection<ImportFeed> feeds() {
        return feeds.values();
    }

    public Optional<District> district(String id) {
        return Optional.ofNullable(districts.get(id));
    }

    public Optional<School> school(String id) {
        return Optional.ofNullable(schools.get(id));
    }

    public Optional<ImportFeed> feed(String id) {
        return Optional.ofNullable(feeds.get(id));
    }

    /** The school of a district that a roster file names by its School ID value. */
    public Optional<School> schoolByReference(String districtId, String referenceId) {
        Map<String, School> references = byReference.get(districtId);
        if (references == null || referenceId == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(references.get(referenceId.trim()));
    }
}
