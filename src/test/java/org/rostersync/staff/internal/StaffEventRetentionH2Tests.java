package org.rostersync.staff.internal;

import org.rostersync.support.OnH2;

@OnH2
class StaffEventRetentionH2Tests extends StaffEventRetentionTests {
}
