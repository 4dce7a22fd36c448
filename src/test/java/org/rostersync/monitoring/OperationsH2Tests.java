package org.rostersync.monitoring;

import org.rostersync.support.OnH2;

@OnH2
class OperationsH2Tests extends OperationsTests {
}
