package org.rostersync.sync;

import org.rostersync.support.OnPostgres;

@OnPostgres
class NightlySchoolRunPostgresTests extends NightlySchoolRunTests {
}
