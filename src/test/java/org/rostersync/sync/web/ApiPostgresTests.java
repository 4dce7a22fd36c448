package org.rostersync.sync.web;

import org.rostersync.support.OnPostgres;

@OnPostgres
class ApiPostgresTests extends ApiTests {
}
