package org.rostersync.account;

import java.text.Normalizer;

/**
 * Usernames are {@code first.last} in lower-case ASCII, accents folded ("José Núñez" → {@code jose.nunez}), numbered
 * by {@link #seq(int, int)}: the first holder of a base has the bare base, later ones {@code base + seq}. Bases never
 * end in a digit, so a numbered username can never collide with another student's base.
 */
public final class Usernames {

    /** Longest base; leaves room for a number within the 64-character column. */
    public static final int MAX_BASE = 40;

    private Usernames() {
    }

    public static String base(String firstName, String lastName) {
        String first = fold(firstName);
        String last = fold(lastName);
        String base;
        if (first.isEmpty() && last.isEmpty()) {
            base = "student";
        } else if (first.isEmpty() || last.isEmpty()) {
            base = first.isEmpty() ? last : first;
        } else {
            base = first + "." + last;
        }
        if (base.length() > MAX_BASE) {
            base = base.substring(0, MAX_BASE);
        }
        return base.endsWith(".") ? base.substring(0, base.length() - 1) : base;
    }

    /**
     * The one numbering rule, for accounts made by hand and by imports alike: the n-th new holder of a base (n from 1,
     * in the order they are created together) gets the number n after the highest {@code username_seq} already
     * taken for that base (0 when none), so numbers are never reused, even after a gap. The import's set-based
     * create statement computes the same as {@code COALESCE(MAX(username_seq), 0) + ROW_NUMBER()} per base.
     */
    public static int seq(int highestTaken, int n) {
        return highestTaken + n;
    }

    /** The username for the {@code seq}-th holder of a base: the first has the bare base. */
    public static String of(String base, int seq) {
        return seq <= 1 ? base : base + seq;
    }

    /** Letters that NFKD does not take apart, written as the Latin letters a reader would type for them. */
    private static final String[][] LIGATURES = { { "ß", "ss" }, { "æ", "ae" }, { "Æ", "AE" }, { "ø", "o" },
            { "Ø", "O" }, { "ł", "l" }, { "Ł", "L" }, { "đ", "d" }, { "Đ", "D" }, { "ð", "d" }, { "þ", "th" },
            { "œ", "oe" }, { "Œ", "OE" }, { "ı", "i" } };

    /** What each code point below this folds to, worked out once on first use (Latin, Greek, Cyrillic, …). */
    private static final int CACHED = 0x3000;
    private static final String[] FOLDED = new String[CACHED];

    /**
     * The lower-case ASCII letters a name folds to: each character decomposed (NFKD), the ligatures above spelled
     * out, marks and everything else that is not a letter a–z dropped. One pass per name, most of them ASCII:
     * this runs for every imported row (a regular-expression version was a tenth of the load step's time).
     */
    private static String fold(String name) {
        if (name == null) {
            return "";
        }
        StringBuilder letters = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            i += Character.charCount(c);
            if (c < 0x80) {
                appendLetter(letters, c);
            } else {
                letters.append(foldedCodePoint(c));
            }
        }
        return letters.toString();
    }

    private static String foldedCodePoint(int c) {
        if (c >= CACHED) {
            return foldCodePoint(c);
        }
        String folded = FOLDED[c];
        if (folded == null) {
            folded = foldCodePoint(c); // a race only computes the same value twice
            FOLDED[c] = folded;
        }
        return folded;
    }

    private static String foldCodePoint(int c) {
        // decomposing a name one code point at a time keeps its letters in order: NFKD only reorders marks
        String decomposed = Normalizer.normalize(Character.toString(c), Normalizer.Form.NFKD);
        StringBuilder letters = new StringBuilder(2);
        for (int i = 0; i < decomposed.length(); i++) {
            char d = decomposed.charAt(i);
            String spelled = ligature(d);
            if (spelled == null) {
                appendLetter(letters, Character.toLowerCase(d));
            } else {
                for (int j = 0; j < spelled.length(); j++) {
                    appendLetter(letters, Character.toLowerCase(spelled.charAt(j)));
                }
            }
        }
        return letters.toString();
    }

    private static String ligature(char c) {
        for (String[] ligature : LIGATURES) {
            if (ligature[0].charAt(0) == c) {
                return ligature[1];
            }
        }
        return null;
    }

    private static void appendLetter(StringBuilder letters, int c) {
        if (c >= 'A' && c <= 'Z') {
            letters.append((char) (c + ('a' - 'A')));
        } else if (c >= 'a' && c <= 'z') {
            letters.append((char) c);
        }
    }
}
