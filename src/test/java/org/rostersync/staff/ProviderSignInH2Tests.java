package org.rostersync.staff;

import org.rostersync.support.OnH2;

@OnH2
class ProviderSignInH2Tests extends ProviderSignInTests {
}
