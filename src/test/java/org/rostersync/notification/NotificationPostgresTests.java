package org.rostersync.notification;

import org.rostersync.support.OnPostgres;

@OnPostgres
class NotificationPostgresTests extends NotificationTests {
}
