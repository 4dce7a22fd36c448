package org.rostersync.staff;

import org.rostersync.support.OnPostgres;

@OnPostgres
class ProviderSignInPostgresTests extends ProviderSignInTests {
}
