package org.rostersync.account;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Usernames are {@code first.last} in lower-case ASCII, accents folded ("José Núñez" → {@code jose.nunez}); the n-th
 * student with the same base gets {@code base + n}. Bases never end in a digit, so a numbered username can never
 * collide with another student's base.
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

    /** The username for the {@code seq}-th holder of a base: the first has the bare base. */
    public static String of(String base, int seq) {
        return seq <= 1 ? base : base + seq;
    }

    private static final Pattern MARKS = Pattern.compile("\\p{M}");
    private static final Pattern NOT_LETTER = Pattern.compile("[^a-z]");

    private static String fold(String name) {
        if (name == null) {
            return "";
        }
        if (name.chars().allMatch(c -> c < 128)) {
            // plain ASCII (most names): nothing to decompose, only letters kept; once per imported row, so kept cheap
            StringBuilder letters = new StringBuilder(name.length());
            for (int i = 0; i < name.length(); i++) {
                char c = Character.toLowerCase(name.charAt(i));
                if (c >= 'a' && c <= 'z') {
                    letters.append(c);
                }
            }
            return letters.toString();
        }
        String decomposed = Normalizer.normalize(name, Normalizer.Form.NFKD)
                .replace("ß", "ss").replace("æ", "ae").replace("Æ", "AE").replace("ø", "o").replace("Ø", "O")
                .replace("ł", "l").replace("Ł", "L").replace("đ", "d").replace("Đ", "D").replace("ð", "d")
                .replace("þ", "th").replace("œ", "oe").replace("Œ", "OE");
        return NOT_LETTER.matcher(MARKS.matcher(decomposed).replaceAll("").toLowerCase(Locale.ROOT)).replaceAll("");
    }
}
