package org.rostersync.sync;

import org.rostersync.support.OnPostgres;

@OnPostgres
class FuzzPostgresTests extends FuzzTests {
}
