package org.rostersync.admin;

import org.rostersync.support.OnPostgres;

@OnPostgres
class ApiBoundaryPostgresTests extends ApiBoundaryTests {
}
