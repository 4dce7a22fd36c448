package org.rostersync.admin;

import org.rostersync.support.OnH2;

@OnH2
class ApiH2Tests extends ApiTests {
}
