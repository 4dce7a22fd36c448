package org.rostersync.staff.internal;

import org.rostersync.support.OnH2;

@OnH2
class ProviderClaimsH2Tests extends ProviderClaimsTests {
}
