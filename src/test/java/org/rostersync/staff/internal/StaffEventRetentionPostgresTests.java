package org.rostersync.staff.internal;

import org.rostersync.support.OnPostgres;

@OnPostgres
class StaffEventRetentionPostgresTests extends StaffEventRetentionTests {
}
