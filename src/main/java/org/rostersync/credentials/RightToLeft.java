package org.rostersync.credentials;

import java.text.Bidi;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * What PDFBox leaves to its caller for right-to-left names: a PDF shows glyphs in the order given, left to right, so
 * Hebrew and Arabic must be reordered into visual order (Unicode bidi algorithm, {@link Bidi}), and Arabic letters
 * must take their joined forms (initial, medial, final) from the font's presentation forms, or a name prints
 * backwards and in disconnected letters.
 */
final class RightToLeft {

    private RightToLeft() {
    }

    /** Arabic (and Persian) letters: isolated, final, initial, medial presentation forms; two for right-joining. */
    private static final Map<Integer, int[]> FORMS = new HashMap<>();

    static {
        right(0x0622, 0xFE81);
        right(0x0623, 0xFE83);
        right(0x0624, 0xFE85);
        right(0x0625, 0xFE87);
        dual(0x0626, 0xFE89);
        right(0x0627, 0xFE8D);
        dual(0x0628, 0xFE8F);
        right(0x0629, 0xFE93);
        for (int c = 0x062A, f = 0xFE95; c <= 0x062E; c++, f += 4) {
            dual(c, f); // ت ث ج ح خ
        }
        for (int c = 0x062F, f = 0xFEA9; c <= 0x0632; c++, f += 2) {
            right(c, f); // د ذ ر ز
        }
        for (int c = 0x0633, f = 0xFEB1; c <= 0x063A; c++, f += 4) {
            dual(c, f); // س ش ص ض ط ظ ع غ
        }
        for (int c = 0x0641, f = 0xFED1; c <= 0x0647; c++, f += 4) {
            dual(c, f); // ف ق ك ل م ن ه
        }
        right(0x0648, 0xFEED);
        right(0x0649, 0xFEEF);
        dual(0x064A, 0xFEF1);
        dual(0x067E, 0xFB56); // پ
        dual(0x0686, 0xFB7A); // چ
        right(0x0698, 0xFB8A); // ژ
        dual(0x06A9, 0xFB8E); // ک
        dual(0x06AF, 0xFB92); // گ
        dual(0x06CC, 0xFBFC); // ی
    }

    private static void right(int letter, int isolated) {
        FORMS.put(letter, new int[] { isolated, isolated + 1 });
    }

    private static void dual(int letter, int isolated) {
        FORMS.put(letter, new int[] { isolated, isolated + 1, isolated + 2, isolated + 3 });
    }

    private static final int LAM = 0x0644;
    private static final int TATWEEL = 0x0640;

    /** Lam followed by an alef: one ligature, isolated and final. */
    private static final Map<Integer, Integer> LAM_ALEF = Map.of(0x0622, 0xFEF5, 0x0623, 0xFEF7, 0x0625, 0xFEF9,
            0x0627, 0xFEFB);

    /** The text as it is to be drawn left to right; unchanged when it holds nothing right-to-left. */
    static String visual(String text, IntPredicate inFont) {
        char[] chars = text.toCharArray();
        if (!Bidi.requiresBidi(chars, 0, chars.length)) {
            return text;
        }
        String shaped = shape(text, inFont);
        Bidi bidi = new Bidi(shaped, Bidi.DIRECTION_DEFAULT_LEFT_TO_RIGHT);
        int count = bidi.getRunCount();
        byte[] levels = new byte[count];
        Integer[] runs = new Integer[count];
        for (int i = 0; i < count; i++) {
            levels[i] = (byte) bidi.getRunLevel(i);
            runs[i] = i;
        }
        Bidi.reorderVisually(levels, 0, runs, 0, count);
        StringBuilder out = new StringBuilder(shaped.length());
        for (Integer run : runs) {
            String part = shaped.substring(bidi.getRunStart(run), bidi.getRunLimit(run));
            out.append((bidi.getRunLevel(run) & 1) == 0 ? part : reversed(part));
        }
        return out.toString();
    }

    /** A right-to-left run backwards, each letter keeping its marks after it and brackets mirrored. */
    private static String reversed(String run) {
        StringBuilder out = new StringBuilder(run.length());
        int end = run.length();
        while (end > 0) {
            int start = end;
            // a cluster: a base and the marks that follow it
            while (start > 0) {
                int cp = run.codePointBefore(start);
                start -= Character.charCount(cp);
                if (!isMark(cp)) {
                    break;
                }
            }
            String cluster = run.substring(start, end);
            int first = cluster.codePointAt(0);
            if (!isMark(first) && Character.isMirrored(first)) {
                cluster = mirror(first) + cluster.substring(Character.charCount(first));
            }
            out.append(cluster);
            end = start;
        }
        return out.toString();
    }

    private static String mirror(int cp) {
        return switch (cp) {
            case '(' -> ")";
            case ')' -> "(";
            case '[' -> "]";
            case ']' -> "[";
            case '{' -> "}";
            case '}' -> "{";
            case '<' -> ">";
            case '>' -> "<";
            case '«' -> "»";
            case '»' -> "«";
            default -> Character.toString(cp);
        };
    }

    private static boolean isMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK;
    }

    /** Arabic letters in the form their neighbours give them, in logical order; marks are transparent. */
    private static String shape(String text, IntPredicate inFont) {
        int[] cps = text.codePoints().toArray();
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < cps.length; i++) {
            int cp = cps[i];
            int[] forms = FORMS.get(cp);
            if (forms == null) {
                out.appendCodePoint(cp);
                continue;
            }
            int previous = neighbour(cps, i, -1);
            boolean joinsBefore = previous >= 0 && joinsForward(cps[previous]);
            int next = neighbour(cps, i, 1);
            if (cp == LAM && next >= 0 && LAM_ALEF.containsKey(cps[next])) {
                int ligature = LAM_ALEF.get(cps[next]) + (joinsBefore ? 1 : 0);
                if (inFont.test(ligature)) {
                    out.appendCodePoint(ligature);
                    for (int j = i + 1; j < next; j++) {
                        out.appendCodePoint(cps[j]); // the marks between lam and alef
                    }
                    i = next;
                    continue;
                }
            }
            boolean joinsAfter = forms.length == 4 && next >= 0 && joinsBackward(cps[next]);
            int form = forms.length == 2 ? (joinsBefore ? 1 : 0)
                    : joinsBefore ? (joinsAfter ? 3 : 1) : (joinsAfter ? 2 : 0);
            int shaped = forms[form];
            out.appendCodePoint(inFont.test(shaped) ? shaped : cp);
        }
        return out.toString();
    }

    /** The index of the nearest letter before or after {@code i}, skipping marks; -1 if none. */
    private static int neighbour(int[] cps, int i, int step) {
        for (int j = i + step; j >= 0 && j < cps.length; j += step) {
            if (!isMark(cps[j])) {
                return j;
            }
        }
        return -1;
    }

    private static boolean joinsForward(int cp) {
        int[] forms = FORMS.get(cp);
        return cp == TATWEEL || forms != null && forms.length == 4;
    }

    private static boolean joinsBackward(int cp) {
        return cp == TATWEEL || FORMS.containsKey(cp);
    }
}
