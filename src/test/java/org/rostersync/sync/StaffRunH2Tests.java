package org.rostersync.sync;

import org.rostersync.support.OnH2;

@OnH2
class StaffRunH2Tests extends StaffRunTests {
}
