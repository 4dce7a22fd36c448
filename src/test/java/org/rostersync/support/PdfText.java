package org.rostersync.support;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/** Reading credential PDFs back in tests: the text of pages in reading order, and the values after a label. */
public final class PdfText {

    private PdfText() {
    }

    /** The text of pages {@code from..to} (1-based), in position order, each page ended by a form feed. */
    public static String text(PDDocument document, int from, int to) throws IOException {
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setSortByPosition(true);
        stripper.setStartPage(from);
        stripper.setEndPage(to);
        stripper.setPageEnd("\f");
        return stripper.getText(document);
    }

    /** The text of every page. */
    public static String text(PDDocument document) throws IOException {
        return text(document, 1, document.getNumberOfPages());
    }

    /** Every first group of {@code regex} in {@code text}, e.g. the passwords after "Password". */
    public static List<String> all(String regex, String text) {
        List<String> found = new ArrayList<>();
        Matcher matcher = Pattern.compile(regex).matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
