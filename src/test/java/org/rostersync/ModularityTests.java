package org.rostersync;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Module boundaries: each direct sub-package is a module; its internal packages are private to it. */
class ModularityTests {

    @Test
    void modulesRespectTheirBoundaries() {
        ApplicationModules.of(RosterSyncApplication.class).verify();
    }
}
