package org.rostersync.credentials;

import org.rostersync.support.OnH2;

@OnH2
class StudentCredentialsH2Tests extends StudentCredentialsTests {
}
