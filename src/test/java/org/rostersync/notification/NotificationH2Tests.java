package org.rostersync.notification;

import org.rostersync.support.OnH2;

@OnH2
class NotificationH2Tests extends NotificationTests {
}
