package org.rostersync.sync;

import org.rostersync.support.OnH2;

@OnH2
class StudentRetentionH2Tests extends StudentRetentionTests {
}
