package org.rostersync.sync;

import org.rostersync.support.OnPostgres;

@OnPostgres
class AbsentColumnPostgresTests extends AbsentColumnTests {
}
