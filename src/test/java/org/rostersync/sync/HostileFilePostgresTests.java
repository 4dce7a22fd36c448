package org.rostersync.sync;

import org.rostersync.support.OnPostgres;

@OnPostgres
class HostileFilePostgresTests extends HostileFileTests {
}
