package org.rostersync.sync;

import org.rostersync.support.OnH2;

@OnH2
class FirstImportH2Tests extends FirstImportTests {
}
