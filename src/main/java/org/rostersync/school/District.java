package org.rostersync.school;

import java.util.List;

/** A district and its schools, in configuration order. */
public record District(String id, String name, List<School> schools) {

    public District {
        schools = List.copyOf(schools);
    }
}
