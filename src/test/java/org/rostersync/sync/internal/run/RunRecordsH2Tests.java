package org.rostersync.sync.internal.run;

import org.rostersync.support.OnH2;

@OnH2
class RunRecordsH2Tests extends RunRecordsTests {
}
