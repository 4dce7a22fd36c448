package org.rostersync.sync;

import org.rostersync.support.OnH2;

@OnH2
class RunRestartH2Tests extends RunRestartTests {
}
