package org.rostersync.credentials;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.springframework.stereotype.Component;

/**
 * Printable credentials: {@link SlipLayout#PAPER_SAVER} puts ten slips on a Letter page with dashed cut lines,
 * {@link SlipLayout#SEPARATE_PAGES} one student per page. Each slip has the school, the student's name and grade,
 * username, password, the login address, short instructions and a QR code of the address with the username (never
 * the password). DejaVu Sans is embedded so that any Latin, Greek or Cyrillic name prints as written, with Droid Sans
 * Fallback for Chinese, Japanese and Korean; Hebrew and Arabic names are drawn right to left with joined letters (see
 * {@link RightToLeft}).
 */
@Component
public class CredentialSheet {

    static final int SLIPS_PER_PAGE = 10;
    private static final float MARGIN = 36;
    private static final int COLUMNS = 2;
    private static final int ROWS = SLIPS_PER_PAGE / COLUMNS;

    private final String loginUrl;

    CredentialSheet(CredentialSettings settings) {
        this.loginUrl = settings.loginUrl().toString();
    }

    /** The PDF, in the order given (callers sort by last name). */
    public byte[] render(List<IssuedCredential> credentials, SlipLayout layout) {
        try (PDDocument document = new PDDocument()) {
            SlipFonts fonts = new SlipFonts(font(document, "DejaVuSans.ttf"), font(document, "DejaVuSans-Bold.ttf"),
                    font(document, "DejaVuSansMono-Bold.ttf"), fallback(document));
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle("Student sign-in credentials");
            info.setCreator("roster-sync");
            if (layout == SlipLayout.PAPER_SAVER) {
                paperSaver(document, fonts, credentials);
            } else {
                for (IssuedCredential credential : credentials) {
                    separatePage(document, fonts, credential);
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the credentials PDF", e);
        }
    }

    private void paperSaver(PDDocument document, SlipFonts fonts, List<IssuedCredential> credentials)
            throws IOException {
        PDRectangle size = PDRectangle.LETTER;
        float width = (size.getWidth() - 2 * MARGIN) / COLUMNS;
        float height = (size.getHeight() - 2 * MARGIN) / ROWS;
        for (int first = 0; first < credentials.size(); first += SLIPS_PER_PAGE) {
            PDPage page = new PDPage(size);
            document.addPage(page);
            List<IssuedCredential> onPage = credentials.subList(first,
                    Math.min(first + SLIPS_PER_PAGE, credentials.size()));
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                Canvas canvas = new Canvas(content, fonts);
                int rows = (onPage.size() + COLUMNS - 1) / COLUMNS;
                canvas.cutLines(MARGIN, size.getHeight() - MARGIN, width, height, COLUMNS, rows);
                for (int i = 0; i < onPage.size(); i++) {
                    float x = MARGIN + (i % COLUMNS) * width;
                    float top = size.getHeight() - MARGIN - (i / COLUMNS) * height;
                    slip(canvas, onPage.get(i), x, top, width, height);
                }
            }
        }
    }

    /**
     * One slip of the paper saver, 270 × 144 pt: text on the left, the QR code top right. A username too long to
     * print whole at 8 pt beside the code gets the slip's full width below it.
     */
    private void slip(Canvas canvas, IssuedCredential c, float x, float top, float width, float height)
            throws IOException {
        float pad = 10;
        float qr = 62;
        float textWidth = width - 2 * pad - qr - 6;
        float left = x + pad;
        float y = top - pad - 8;
        canvas.text(canvas.fonts.regular(), 8, left, y, c.schoolName(), textWidth);
        y -= 15;
        canvas.text(canvas.fonts.bold(), 12, left, y, c.firstName() + " " + c.lastName(), textWidth);
        y -= 11;
        canvas.text(canvas.fonts.regular(), 8, left, y, "Grade " + c.grade(), textWidth);
        y -= 16;
        if (canvas.credentialFits("Username", c.username(), 11, 8, textWidth)) {
            canvas.credential("Username", c.username(), 11, left, y, textWidth);
        } else {
            y -= 24; // below the code
            canvas.credential("Username", c.username(), 11, left, y, width - 2 * pad);
        }
        y -= 16;
        canvas.credential("Password", c.password(), 13, left, y, width - 2 * pad);
        canvas.qr(qrContent(c), x + width - pad - qr, top - pad - qr, qr);
        y -= 13;
        int addressLines = canvas.address(canvas.fonts.regular(), 7.5f, left, y, 8, width - 2 * pad, loginUrl);
        y -= 10 + (addressLines - 1) * 8;
        // an address on two lines below a username on its own line leaves room for two lines of instructions: the
        // slip never runs over its cut line
        int room = (int) Math.floor((y - (top - height + 4)) / 8) + 1;
        canvas.paragraph(canvas.fonts.regular(), 6.5f, left, y, 8, width - 2 * pad, Math.max(1, Math.min(3, room)),
                INSTRUCTIONS);
    }

    private void separatePage(PDDocument document, SlipFonts fonts, IssuedCredential c) throws IOException {
        PDRectangle size = PDRectangle.LETTER;
        PDPage page = new PDPage(size);
        document.addPage(page);
        float margin = 72;
        float width = size.getWidth() - 2 * margin;
        try (PDPageContentStream content = new PDPageContentStream(document, page)) {
            Canvas canvas = new Canvas(content, fonts);
            float y = size.getHeight() - margin - 14;
            canvas.text(fonts.regular(), 14, margin, y, c.schoolName(), width);
            y -= 40;
            canvas.text(fonts.bold(), 26, margin, y, c.firstName() + " " + c.lastName(), width);
            y -= 24;
            canvas.text(fonts.regular(), 14, margin, y, "Grade " + c.grade(), width);
            y -= 48;
            canvas.credential("Username", c.username(), 22, margin, y, width);
            y -= 40;
            canvas.credential("Password", c.password(), 28, margin, y, width);
            y -= 50;
            int addressLines = canvas.address(fonts.regular(), 14, margin, y, 18, width, loginUrl);
            y -= 30 + (addressLines - 1) * 18;
            y = canvas.paragraph(fonts.regular(), 13, margin, y, 18, width, 6, INSTRUCTIONS);
            canvas.qr(qrContent(c), margin, y - 30 - 144, 144);
        }
    }

    /** What a student does with a slip; also on the page of a single reset, which a teacher may print instead. */
    public static final String INSTRUCTIONS = "Go to the address above or scan the code, then sign in with this username and"
            + " password. Keep them private; your teacher can print a new password if you lose it.";

    /** Where students sign in, as the slips print it. */
    public String loginUrl() {
        return loginUrl;
    }

    /** The login address with the username filled in; the password never goes into the code. */
    private String qrContent(IssuedCredential c) {
        return loginUrl + (loginUrl.contains("?") ? "&" : "?") + "username="
                + URLEncoder.encode(c.username(), StandardCharsets.UTF_8);
    }

    private static PDType0Font font(PDDocument document, String name) throws IOException {
        try (InputStream in = CredentialSheet.class.getResourceAsStream("/fonts/" + name)) {
            if (in == null) {
                throw new IOException("font /fonts/" + name + " is missing from the application");
            }
            return PDType0Font.load(document, in);
        }
    }

    /** Droid Sans Fallback (Chinese, Japanese, Korean), read only when a name needs it. */
    private static java.util.function.Supplier<PDFont> fallback(PDDocument document) {
        PDFont[] loaded = new PDFont[1];
        return () -> {
            if (loaded[0] == null) {
                try {
                    loaded[0] = font(document, "DroidSansFallback.ttf");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return loaded[0];
        };
    }

    record SlipFonts(PDType0Font regular, PDType0Font bold, PDType0Font mono,
            java.util.function.Supplier<PDFont> fallback) {
    }
}
