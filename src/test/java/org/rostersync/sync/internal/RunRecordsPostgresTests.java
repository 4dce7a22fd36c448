package org.rostersync.sync.internal;

import org.rostersync.support.OnPostgres;

@OnPostgres
class RunRecordsPostgresTests extends RunRecordsTests {
}
