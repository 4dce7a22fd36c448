package org.rostersync.roster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The email rule for roster files and hand-made accounts, checked in one pass. Its definition is the regular
 * expression below, which it replaced: the two must agree on every address.
 */
class EmailRuleTests {

    /** Local part, one {@code @}, a dotted domain whose labels don't start or end with a hyphen. */
    private static final Pattern RULE = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");

    @ParameterizedTest
    @ValueSource(strings = { "ana.sanchez3@students.example.org", "o'brien+pe@k12.example.us", "a@b.co",
            "x_y-z@sub-1.school.example.edu", "{ok}@a1.b2.cd" })
    void acceptsAddresses(String address) {
        assertThat(RowValidator.isEmail(address)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "ana", "@example.org", "ana@", "ana@example", "ana@example.c", "ana@.example.org",
            "ana@example..org", "ana@-example.org", "ana@example-.org", ".ana@example.org", "ana.@example.org",
            "an..a@example.org", "ana@@example.org", "ana@exa@mple.org", "ana@example.org.", "ana@example.o2",
            "ana maria@example.org", "josé@example.org", "ana@exämple.org" })
    void rejectsNonAddresses(String text) {
        assertThat(RowValidator.isEmail(text)).isFalse();
    }

    @Test
    void agreesWithTheRegularExpressionOnRandomText() {
        Random random = new Random(7);
        int accepted = 0;
        for (int n = 0; n < 300_000; n++) {
            // address-shaped text: a local part, usually an @, labels and dots, a short top-level domain
            // (half of them from characters that are always allowed where they stand, to reach valid ones)
            boolean noisy = random.nextBoolean();
            String value = pick(random, noisy ? "aZ09._-+'@ é" : "aZ9._+'", 5) + (random.nextInt(8) > 0 ? "@" : "")
                    + pick(random, noisy ? "a0Z-.é@_" : "a0Z-.", 9) + (random.nextInt(4) > 0 ? "." : "")
                    + pick(random, noisy ? "abZ9-" : "abZ", 4);
            boolean expected = RULE.matcher(value).matches();
            accepted += expected ? 1 : 0;
            assertThat(RowValidator.isEmail(value)).as("'%s'", value).isEqualTo(expected);
        }
        assertThat(accepted).as("the random texts include addresses").isGreaterThan(10_000);
    }

    @Test
    void theLengthLimitStillApplies() {
        String local = "a".repeat(64);
        String address = local + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(60) + ".org";
        assertThat(RULE.matcher(address).matches()).isTrue();
        assertThat(address.length()).isGreaterThan(RosterField.STUDENT_EMAIL.maxLength());
        assertThat(RowValidator.isEmail(address)).isFalse();
    }

    private static String pick(Random random, String pool, int maxLength) {
        StringBuilder text = new StringBuilder();
        for (int k = random.nextInt(maxLength + 1); k > 0; k--) {
            text.append(pool.charAt(random.nextInt(pool.length())));
        }
        return text.toString();
    }
}
