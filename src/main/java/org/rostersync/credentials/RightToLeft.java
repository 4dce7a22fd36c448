package org.rostersync.credentials;

import java.util.function.IntPredicate;

import com.ibm.icu.text.ArabicShaping;
import com.ibm.icu.text.ArabicShapingException;
import com.ibm.icu.text.Bidi;

/**
 * What PDFBox leaves to its caller for right-to-left names: a PDF shows glyphs in the order given, left to right, so
 * Hebrew and Arabic must be reordered into visual order (the Unicode bidi algorithm) and Arabic letters must take
 * their joined forms (initial, medial, final, lam-alef) from the font's presentation forms, or a name prints backwards
 * and in disconnected letters. ICU does both; a letter whose joined form the fonts lack is drawn unjoined.
 */
final class RightToLeft {

    private RightToLeft() {
    }

    private static final ArabicShaping SHAPING = new ArabicShaping(ArabicShaping.LETTERS_SHAPE
            | ArabicShaping.TEXT_DIRECTION_LOGICAL | ArabicShaping.LENGTH_GROW_SHRINK);

    /** The text as it is to be drawn left to right; unchanged when it holds nothing right-to-left. */
    static String visual(String text, IntPredicate inFont) {
        if (!Bidi.requiresBidi(text.toCharArray(), 0, text.length())) {
            return text;
        }
        String shaped = shape(text, inFont);
        Bidi bidi = new Bidi(shaped, Bidi.LEVEL_DEFAULT_LTR);
        // each letter keeps its marks after it; brackets are mirrored
        return bidi.writeReordered(Bidi.KEEP_BASE_COMBINING | Bidi.DO_MIRRORING);
    }

    /** Arabic letters in their joined forms, in logical order, when the fonts have every form used. */
    private static String shape(String text, IntPredicate inFont) {
        try {
            String shaped = SHAPING.shape(text);
            return shaped.codePoints().allMatch(cp -> !presentationForm(cp) || inFont.test(cp)) ? shaped : text;
        } catch (ArabicShapingException e) {
            return text;
        }
    }

    /** The Arabic presentation forms, A and B, that shaping draws its joined letters from. */
    private static boolean presentationForm(int cp) {
        return cp >= 0xFB50 && cp <= 0xFDFF || cp >= 0xFE70 && cp <= 0xFEFF;
    }
}
