package org.rostersync.sync.web;

import org.rostersync.support.OnH2;

@OnH2
class ApiH2Tests extends ApiTests {
}
