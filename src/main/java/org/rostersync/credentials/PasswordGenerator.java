package org.rostersync.credentials;

import java.security.SecureRandom;

/**
 * Temporary passwords that a child can copy from paper: letters and digits without the look-alikes 0, O, 1, l and
 * I. Ten characters from 57 symbols give about 58 bits, far beyond what the login lockout lets anyone try.
 */
final class PasswordGenerator {

    static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    static final int LENGTH = 10;

    private final SecureRandom random = new SecureRandom();

    String next() {
        StringBuilder password = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
