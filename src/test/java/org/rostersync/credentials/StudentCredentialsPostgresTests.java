package org.rostersync.credentials;

import org.rostersync.support.OnPostgres;

@OnPostgres
class StudentCredentialsPostgresTests extends StudentCredentialsTests {
}
