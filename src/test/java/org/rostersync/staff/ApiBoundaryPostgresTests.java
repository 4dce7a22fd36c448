package org.rostersync.staff;

import org.rostersync.support.OnPostgres;

@OnPostgres
class ApiBoundaryPostgresTests extends ApiBoundaryTests {
}
