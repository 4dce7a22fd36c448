package org.rostersync.sync.internal.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The bytes the load step sends to PostgreSQL's COPY: escapes, nulls and UTF-8 exactly as COPY reads them. */
class CopyTextTests {

    private static String sent(CopyText text) {
        return new String(Arrays.copyOf(text.bytes(), text.length()), StandardCharsets.UTF_8);
    }

    @Test
    void fieldsAreTabSeparatedWithNullsAndEscapes() {
        CopyText text = new CopyText(4).number(42).number(7).text(null).text("a\\b\tc\nd\re").endRow()
                .number(1).text("").endRow();

        assertThat(sent(text)).isEqualTo("42\t7\t\\N\ta\\\\b\\tc\\nd\\re\n1\t\n");
    }

    @Test
    void encodesEveryCharacterAsJavaWouldInUtf8() {
        String names = "Zoë Ñúñez-Åberg 李小龍 Ólafur 😀 ß";
        CopyText text = new CopyText(1).text(names).text("lone \ud800 surrogate");

        assertThat(Arrays.copyOf(text.bytes(), text.length()))
                .isEqualTo((names + "\tlone \ud800 surrogate").getBytes(StandardCharsets.UTF_8));
    }
}
