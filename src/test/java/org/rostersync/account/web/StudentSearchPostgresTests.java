package org.rostersync.account.web;

import org.rostersync.support.OnPostgres;

@OnPostgres
class StudentSearchPostgresTests extends StudentSearchTests {
}
