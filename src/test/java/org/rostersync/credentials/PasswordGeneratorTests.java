package org.rostersync.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PasswordGeneratorTests {

    @Test
    void passwordsAreLongReadableAndNeverRepeat() {
        // given
        PasswordGenerator generator = new PasswordGenerator();
        Set<String> seen = new HashSet<>();
        Set<Character> used = new HashSet<>();

        // when
        for (int i = 0; i < 20_000; i++) {
            String password = generator.next();
            assertThat(password).hasSize(10).doesNotContainAnyWhitespaces();
            assertThat(password).matches("[^0O1lI]+");
            assertThat(seen.add(password)).as("repeated password").isTrue();
            password.chars().forEach(c -> used.add((char) c));
        }

        // then: every symbol of the alphabet turns up, nothing else does
        assertThat(used).hasSize(PasswordGenerator.ALPHABET.length());
        assertThat(PasswordGenerator.ALPHABET).doesNotContain("0", "O", "1", "l", "I").hasSize(57);
    }
}
