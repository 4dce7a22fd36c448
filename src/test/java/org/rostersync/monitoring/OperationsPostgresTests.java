package org.rostersync.monitoring;

import org.rostersync.support.OnPostgres;

@OnPostgres
class OperationsPostgresTests extends OperationsTests {
}
