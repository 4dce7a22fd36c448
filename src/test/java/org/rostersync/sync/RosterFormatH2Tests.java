package org.rostersync.sync;

import org.rostersync.support.OnH2;

@OnH2
class RosterFormatH2Tests extends RosterFormatTests {
}
