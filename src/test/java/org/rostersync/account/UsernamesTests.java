package org.rostersync.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Usernames are lowercase ASCII from the names, accents folded, never ending in a digit before the number. */
class UsernamesTests {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "José       | Núñez           | jose.nunez",
            "Mary-Kate  | O'Brien         | marykate.obrien",
            "Zoë        | Schäfer         | zoe.schafer",
            "Ægir       | Øster-Dahl      | aegir.osterdahl",
            "Anne Marie | de la Cruz      | annemarie.delacruz",
            "李          | 王              | student",
            "Louis2     | XIV             | louis.xiv" })
    void baseFoldsNamesToLowercaseAscii(String first, String last, String expected) {
        assertThat(Usernames.base(first, last)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({ "ana.smith,1,ana.smith", "ana.smith,2,ana.smith2", "ana.smith,12,ana.smith12" })
    void collisionsGetTheNextNumber(String base, int seq, String expected) {
        assertThat(Usernames.of(base, seq)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void longNamesAreCutToTheLimit() {
        assertThat(Usernames.base("Maximiliana".repeat(3), "Featherstonehaugh".repeat(3)))
                .hasSizeLessThanOrEqualTo(Usernames.MAX_BASE).doesNotEndWith(".");
    }
}
