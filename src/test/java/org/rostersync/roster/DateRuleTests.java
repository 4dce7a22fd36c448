package org.rostersync.roster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Birth dates are YYYY-MM-DD or M/D/YYYY, real days only. The usual shapes are read digit by digit; the strict
 * formatters below define the rule, and the two must agree on every text.
 */
class DateRuleTests {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter US = DateTimeFormatter.ofPattern("M/d/uuuu")
            .withResolverStyle(ResolverStyle.STRICT);

    @Test
    void readsBothFormsAndRefusesDaysThatDoNotExist() {
        assertThat(RowValidator.date("2011-12-04")).isEqualTo(LocalDate.of(2011, 12, 4));
        assertThat(RowValidator.date("12/4/2011")).isEqualTo(LocalDate.of(2011, 12, 4));
        assertThat(RowValidator.date("04/12/2011")).isEqualTo(LocalDate.of(2011, 4, 12));
        assertThat(RowValidator.date("2012-02-29")).isEqualTo(LocalDate.of(2012, 2, 29));
        assertThat(RowValidator.date("2011-02-29")).isNull();
        assertThat(RowValidator.date("4/31/2011")).isNull();
        assertThat(RowValidator.date("2011-13-01")).isNull();
        assertThat(RowValidator.date("13/1/2011")).isNull();
        assertThat(RowValidator.date("2011-1-4")).isNull();
        assertThat(RowValidator.date("next week")).isNull();
    }

    @Test
    void agreesWithTheStrictFormattersOnRandomText() {
        Random random = new Random(11);
        int dates = 0;
        for (int n = 0; n < 200_000; n++) {
            String value = random.nextBoolean()
                    ? part(random, 4) + sep(random, '-') + part(random, 2) + sep(random, '-') + part(random, 2)
                    : part(random, 2) + sep(random, '/') + part(random, 2) + sep(random, '/') + part(random, 4);
            LocalDate expected = byFormatter(value);
            dates += expected == null ? 0 : 1;
            assertThat(RowValidator.date(value)).as("'%s'", value).isEqualTo(expected);
        }
        assertThat(dates).as("the random texts include real dates").isGreaterThan(3_000);
    }

    /** Mostly digits, sometimes one more or fewer, sometimes a sign or a letter. */
    private static String part(Random random, int width) {
        int length = Math.max(1, width + random.nextInt(3) - 1 - (random.nextInt(4) == 0 ? 1 : 0));
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(40);
            text.append(pick == 0 ? '+' : pick == 1 ? 'x' : pick < 20 ? (char) ('0' + random.nextInt(2))
                    : (char) ('0' + random.nextInt(10)));
        }
        return text.toString();
    }

    private static String sep(Random random, char usual) {
        return random.nextInt(30) == 0 ? "." : String.valueOf(usual);
    }

    private static LocalDate byFormatter(String value) {
        try {
            return LocalDate.parse(value, value.indexOf('/') >= 0 ? US : ISO);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
