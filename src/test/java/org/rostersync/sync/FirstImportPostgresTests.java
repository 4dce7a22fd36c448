package org.rostersync.sync;

import org.rostersync.support.OnPostgres;

@OnPostgres
class FirstImportPostgresTests extends FirstImportTests {
}
