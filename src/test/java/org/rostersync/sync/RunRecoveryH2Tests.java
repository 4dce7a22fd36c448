package org.rostersync.sync;

import org.rostersync.support.OnH2;

@OnH2
class RunRecoveryH2Tests extends RunRecoveryTests {
}
