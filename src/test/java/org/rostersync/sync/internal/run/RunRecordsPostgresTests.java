package org.rostersync.sync.internal.run;

import org.rostersync.support.OnPostgres;

@OnPostgres
class RunRecordsPostgresTests extends RunRecordsTests {
}
