package org.rostersync.sync;

import org.rostersync.support.OnH2;

@OnH2
class NightlySchoolRunH2Tests extends NightlySchoolRunTests {
}
