package org.rostersync.account.web;

import org.rostersync.support.OnH2;

@OnH2
class StudentSearchH2Tests extends StudentSearchTests {
}
