package org.rostersync.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
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
            "Łukasz     | Işık            | lukasz.isik",
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

    @ParameterizedTest
    @CsvSource({ "0,1,1", "0,3,3", "4,1,5", "7,2,9" })
    void theNthNewHolderOfABaseGetsTheNumberAfterTheHighestTaken(int highestTaken, int n, int expected) {
        // given the highest number taken for a base, and the n-th new holder created together
        // when it is numbered
        int seq = Usernames.seq(highestTaken, n);
        // then it follows the highest taken, even after a gap
        assertThat(seq).isEqualTo(expected);
    }

    @Test
    void longNamesAreCutToTheLimit() {
        assertThat(Usernames.base("Maximiliana".repeat(3), "Featherstonehaugh".repeat(3)))
                .hasSizeLessThanOrEqualTo(Usernames.MAX_BASE).doesNotEndWith(".");
    }

    /**
     * Folding decomposes one character at a time; the rule it must keep is the whole-name one below (NFKD, the
     * ligatures spelled out, marks and non-letters dropped). Every Unicode code point, between two letters, and
     * random names mixing them, must fold the same both ways.
     */
    @Test
    void everyCharacterFoldsAsTheWholeNameRuleSays() {
        for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
            String name = "a" + Character.toString(c) + "b";
            assertThat(Usernames.base(name, "Ng")).as("U+%04X", c).isEqualTo(wholeNameBase(name, "Ng"));
        }
        Random random = new Random(42);
        String pool = "AzÉéßÆøŁđþŒİıſ\u212A\u0301\u0308 -'.ǣﬁ①Ⅻ한李\uD835\uDC00";
        for (int n = 0; n < 20_000; n++) {
            StringBuilder first = new StringBuilder();
            for (int k = random.nextInt(12); k > 0; k--) {
                first.append(pool.charAt(random.nextInt(pool.length())));
            }
            String name = first.toString();
            assertThat(Usernames.base(name, name)).as(name).isEqualTo(wholeNameBase(name, name));
        }
    }

    private static final Pattern MARKS = Pattern.compile("\\p{M}");
    private static final Pattern NOT_LETTER = Pattern.compile("[^a-z]");

    /** The rule as it was first written, for the whole name at once. */
    private static String wholeNameBase(String firstName, String lastName) {
        String first = wholeNameFold(firstName);
        String last = wholeNameFold(lastName);
        String base = first.isEmpty() && last.isEmpty() ? "student"
                : first.isEmpty() || last.isEmpty() ? (first.isEmpty() ? last : first) : first + "." + last;
        if (base.length() > Usernames.MAX_BASE) {
            base = base.substring(0, Usernames.MAX_BASE);
        }
        return base.endsWith(".") ? base.substring(0, base.length() - 1) : base;
    }

    private static String wholeNameFold(String name) {
        String decomposed = Normalizer.normalize(name, Normalizer.Form.NFKD)
                .replace("ß", "ss").replace("æ", "ae").replace("Æ", "AE").replace("ø", "o").replace("Ø", "O")
                .replace("ł", "l").replace("Ł", "L").replace("đ", "d").replace("Đ", "D").replace("ð", "d")
                .replace("þ", "th").replace("œ", "oe").replace("Œ", "OE").replace("ı", "i");
        return NOT_LETTER.matcher(MARKS.matcher(decomposed).replaceAll("").toLowerCase(Locale.ROOT)).replaceAll("");
    }
}
