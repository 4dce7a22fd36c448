package org.rostersync.staff;

import org.rostersync.support.OnPostgres;

@OnPostgres
class RosterStaffApiPostgresTests extends RosterStaffApiTests {
}
