package org.rostersync.sync;

import org.rostersync.support.OnPostgres;

@OnPostgres
class StaffRunPostgresTests extends StaffRunTests {
}
