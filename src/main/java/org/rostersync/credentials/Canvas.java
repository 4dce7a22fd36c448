package org.rostersync.credentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDFont;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

/**
 * Drawing on one page of a {@link CredentialSheet}: text that always fits its box (smaller, then cut with an
 * ellipsis), labelled values, wrapped paragraphs, vector QR codes and cut lines.
 */
final class Canvas {

    private static final float MIN_SIZE = 6;

    private final PDPageContentStream content;
    final CredentialSheet.SlipFonts fonts;

    Canvas(PDPageContentStream content, CredentialSheet.SlipFonts fonts) {
        this.content = content;
        this.fonts = fonts;
    }

    /**
     * One line of text within {@code maxWidth}; returns nothing, the caller moves down. Characters {@code font}
     * lacks (Chinese, Japanese, Korean names) are drawn in the fallback font.
     */
    void text(PDFont font, float size, float x, float y, String text, float maxWidth) throws IOException {
        String printable = printable(font, fonts.fallback(), text);
        String drawn = drawn(font, printable);
        float fitted = size;
        while (fitted > MIN_SIZE && width(font, fitted, drawn) > maxWidth) {
            fitted -= 0.5f;
        }
        if (width(font, fitted, drawn) > maxWidth) {
            while (printable.length() > 1 && width(font, fitted, drawn(font, printable + "…")) > maxWidth) {
                printable = printable.substring(0, printable.offsetByCodePoints(printable.length(), -1));
            }
            drawn = drawn(font, printable + "…");
        }
        content.beginText();
        content.newLineAtOffset(x, y);
        for (int start = 0; start < drawn.length();) {
            PDFont runFont = fontFor(font, drawn.codePointAt(start));
            int end = start;
            while (end < drawn.length() && fontFor(font, drawn.codePointAt(end)) == runFont) {
                end += Character.charCount(drawn.codePointAt(end));
            }
            content.setFont(runFont, fitted);
            content.showText(drawn.substring(start, end));
            start = end;
        }
        content.endText();
    }

    /** The font that draws {@code cp}: {@code font} itself unless only the fallback has it. */
    private PDFont fontFor(PDFont font, int cp) {
        return has(font, cp) ? font : fonts.fallback().get();
    }

    /** The width of text drawn as {@link #text} draws it, each character in its own font. */
    private float width(PDFont font, float size, String drawn) throws IOException {
        try {
            return font.getStringWidth(drawn) / 1000 * size; // the usual case: the font has every character
        } catch (IllegalArgumentException e) {
            // some character only the fallback has: measured one by one below
        }
        float width = 0;
        for (int i = 0; i < drawn.length();) {
            int cp = drawn.codePointAt(i);
            String ch = new String(Character.toChars(cp));
            width += fontFor(font, cp).getStringWidth(ch) / 1000 * size;
            i += ch.length();
        }
        return width;
    }

    /** A small grey label, then the value in bold monospace: 0/O and 1/l/I never appear, the rest stay distinct. */
    void labelled(String label, String value, float size, float x, float y, float maxWidth) throws IOException {
        float labelSize = Math.max(7, size * 0.6f);
        content.setNonStrokingColor(0.35f);
        text(fonts.regular(), labelSize, x, y, label, maxWidth);
        content.setNonStrokingColor(0f);
        float offset = width(fonts.regular(), labelSize, label) + labelSize * 0.8f;
        text(fonts.mono(), size, x + offset, y, value, maxWidth - offset);
    }

    /**
     * A username or password: like {@link #labelled}, but never cut short, since a student types exactly what it
     * says. It shrinks to 6 pt at most; a value that still does not fit fails the sheet rather than print a wrong
     * credential.
     */
    void credential(String label, String value, float size, float x, float y, float maxWidth) throws IOException {
        if (!credentialFits(label, value, size, MIN_SIZE, maxWidth)) {
            throw new IllegalStateException(label + " of " + value.length() + " characters does not fit on the slip");
        }
        labelled(label, value, size, x, y, maxWidth);
    }

    /**
     * Whether {@link #credential} at {@code size} prints the value whole at {@code valueSize} or more: the label
     * takes its room first, as {@link #labelled} draws it.
     */
    boolean credentialFits(String label, String value, float size, float valueSize, float maxWidth)
            throws IOException {
        float labelSize = Math.max(7, size * 0.6f);
        float offset = width(fonts.regular(), labelSize, label) + labelSize * 0.8f;
        return width(fonts.mono(), valueSize, printable(fonts.mono(), value)) <= maxWidth - offset;
    }

    /**
     * The address students type: like {@link #text}, but never cut short. When it does not fit whole at 6 pt it is
     * broken into lines at {@code size} (after a '/' where one is near); returns how many lines it took.
     */
    int address(PDFont font, float size, float x, float y, float leading, float maxWidth, String address)
            throws IOException {
        String printable = printable(font, fonts.fallback(), address);
        if (width(font, MIN_SIZE, printable) <= maxWidth) {
            text(font, size, x, y, printable, maxWidth);
            return 1;
        }
        List<String> lines = new ArrayList<>();
        String rest = printable;
        while (!rest.isEmpty()) {
            int end = 0;
            while (end < rest.length() && width(font, size, rest.substring(0, rest.offsetByCodePoints(end, 1)))
                    <= maxWidth) {
                end = rest.offsetByCodePoints(end, 1);
            }
            if (end == 0) {
                end = rest.offsetByCodePoints(0, 1);
            } else if (end < rest.length()) {
                int slash = rest.lastIndexOf('/', end - 1);
                if (slash > end * 2 / 3) {
                    end = slash + 1; // "…/students/" then "sign-in" reads better than a cut inside a word
                }
            }
            lines.add(rest.substring(0, end));
            rest = rest.substring(end);
        }
        for (int i = 0; i < lines.size(); i++) {
            text(font, size, x, y - i * leading, lines.get(i), maxWidth);
        }
        return lines.size();
    }

    /** Word-wrapped text, at most {@code maxLines}; returns the baseline below the last line. */
    float paragraph(PDFont font, float size, float x, float y, float leading, float maxWidth, int maxLines,
            String text) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (!line.isEmpty() && width(font, size, candidate) > maxWidth) {
                lines.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        lines.add(line.toString());
        for (int i = 0; i < Math.min(lines.size(), maxLines); i++) {
            text(font, size, x, y - i * leading, lines.get(i), maxWidth);
        }
        return y - Math.min(lines.size(), maxLines) * leading;
    }

    /** A QR code drawn as filled squares (crisp at any printer resolution), bottom-left at (x, y). */
    void qr(String text, float x, float y, float size) throws IOException {
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, Map.of(EncodeHintType.MARGIN, 0,
                    EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                    EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name()));
        } catch (WriterException e) {
            return; // an address too long for a QR code: the slip still prints it as text
        }
        float module = size / matrix.getWidth();
        for (int row = 0; row < matrix.getHeight(); row++) {
            for (int col = 0; col < matrix.getWidth(); col++) {
                if (matrix.get(col, row)) {
                    content.addRect(x + col * module, y + size - (row + 1) * module, module, module);
                }
            }
        }
        content.fill();
    }

    /** Dashed lines around every slip of a grid whose top-left corner is (left, top), with scissors marks. */
    void cutLines(float left, float top, float width, float height, int columns, int rows) throws IOException {
        content.saveGraphicsState();
        content.setLineWidth(0.5f);
        content.setStrokingColor(0.5f);
        content.setLineDashPattern(new float[] { 4, 3 }, 0);
        for (int r = 0; r <= rows; r++) {
            content.moveTo(left, top - r * height);
            content.lineTo(left + columns * width, top - r * height);
        }
        for (int c = 0; c <= columns; c++) {
            content.moveTo(left + c * width, top);
            content.lineTo(left + c * width, top - rows * height);
        }
        content.stroke();
        content.restoreGraphicsState();
        content.setNonStrokingColor(0.5f);
        for (int r = 1; r < rows; r++) {
            text(fonts.regular(), 9, left - 14, top - r * height - 3, "\u2702", 14);
        }
        content.setNonStrokingColor(0f);
    }


    /** Control characters become spaces, characters the font lacks become '?', so no name can break a PDF. */
    private static String printable(PDFont font, String text) {
        return printable(font, null, text);
    }

    /** The same, keeping what the fallback font has. */
    private static String printable(PDFont font, java.util.function.Supplier<PDFont> fallback, String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) {
                out.append(' ');
            } else if (has(font, cp) || fallback != null && has(fallback.get(), cp)) {
                out.appendCodePoint(cp);
            } else {
                out.append('?');
            }
        });
        return out.toString();
    }

    private static boolean has(PDFont font, int cp) {
        try {
            font.encode(new String(Character.toChars(cp)));
            return true;
        } catch (IllegalArgumentException | IOException e) {
            return false;
        }
    }

    /** Right-to-left names in the order and the joined forms a reader expects (PDFBox draws left to right as given). */
    private String drawn(PDFont font, String printable) {
        return RightToLeft.visual(printable, cp -> has(font, cp) || has(fonts.fallback().get(), cp));
    }
}
