package org.rostersync.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

/** The PDF itself, without a server: what prints, what fits, and what the QR code says. */
class CredentialSheetTests {

    final CredentialSheet sheet = new CredentialSheet(new CredentialSettings(
            URI.create("https://accounts.springfield.example/login"),
            new CredentialSettings.Login(5, Duration.ofMinutes(15), Duration.ofMinutes(15))));

    @Test
    void qrCodeHoldsTheLoginAddressAndUsernameButNotThePassword() throws Exception {
        // given
        IssuedCredential zoe = credential("zoe.nunezaberg", "Zoë", "Ñúñez-Åberg", "Kp7mQx2vRb");

        // when
        byte[] pdf = sheet.render(List.of(zoe), SlipLayout.SEPARATE_PAGES);

        // then
        try (PDDocument document = Loader.loadPDF(pdf)) {
            BufferedImage rendered = new PDFRenderer(document).renderImage(0, 2);
            // the code sits alone in the lower half of the page, below the text
            BufferedImage page = rendered.getSubimage(0, rendered.getHeight() / 2, rendered.getWidth(),
                    rendered.getHeight() / 2);
            int[] pixels = page.getRGB(0, 0, page.getWidth(), page.getHeight(), null, 0, page.getWidth());
            String qr = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                    new RGBLuminanceSource(page.getWidth(), page.getHeight(), pixels))),
                    Map.of(DecodeHintType.PURE_BARCODE, false, DecodeHintType.TRY_HARDER, true)).getText();
            assertThat(qr).isEqualTo("https://accounts.springfield.example/login?username=zoe.nunezaberg")
                    .doesNotContain("Kp7mQx2vRb");
            assertThat(new PDFTextStripper().getText(document)).contains("Zoë Ñúñez-Åberg", "Kp7mQx2vRb",
                    "https://accounts.springfield.example/login");
            assertThat(document.getDocumentInformation().getTitle()).doesNotContain("Zoë");
        }
    }

    @Test
    void longNamesShrinkOrAreCutAndUnprintableCharactersNeverBreakThePdf() throws IOException {
        // given
        List<IssuedCredential> credentials = new ArrayList<>();
        credentials.add(credential("max.featherstonehaugh", "Maximilianus-Alexander Bartholomew",
                "Featherstonehaugh-Wolfeschlegelsteinhausen-Bergerdorff", "Hx4kPq9wTn"));
        credentials.add(credential("yamada", "山田", "太郎\t\u0007", "Wq2RtYp8Ks"));
        for (int i = 0; i < 19; i++) {
            credentials.add(credential("student" + i, "Ann", "Lee", "Ab3Cd4Ef5G"));
        }

        // when
        byte[] pdf = sheet.render(credentials, SlipLayout.PAPER_SAVER);

        // then: ten slips a page, every password intact even when the name beside it was cut
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(document.getNumberOfPages()).isEqualTo(3);
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("Maximilianus", "…", "Hx4kPq9wTn", "Wq2RtYp8Ks", "yamada");
        }
    }

    @Test
    void theLongestUsernameIsPrintedWholeOnEitherLayout() throws IOException {
        // given: the longest username the product makes (a 40-character base), for a third student of that name
        String username = org.rostersync.account.Usernames.of(org.rostersync.account.Usernames.base(
                "Maximilianus-Alexander Bartholomew", "Featherstonehaugh-Wolfeschlegel"), 3);
        assertThat(username).hasSizeGreaterThan(40);
        List<IssuedCredential> slips = List.of(credential(username, "Maximilianus-Alexander Bartholomew",
                "Featherstonehaugh-Wolfeschlegel", "Hx4kPq9wTn"), credential("ann.lee", "Ann", "Lee", "Ab3Cd4Ef5G"));

        // when
        byte[] paperSaver = sheet.render(slips, SlipLayout.PAPER_SAVER);
        byte[] separate = sheet.render(slips, SlipLayout.SEPARATE_PAGES);

        // then: the student can type exactly what the slip says, and a short one stays beside the code
        for (byte[] pdf : List.of(paperSaver, separate)) {
            try (PDDocument document = Loader.loadPDF(pdf)) {
                String text = new PDFTextStripper().getText(document);
                assertThat(org.rostersync.support.PdfText.all("Username\\s+(\\S+)", text))
                        .containsExactly(username, "ann.lee");
                assertThat(text).contains("Hx4kPq9wTn", "Ab3Cd4Ef5G");
            }
        }
    }

    @Test
    void rightToLeftNamesPrintInReadingOrderWithJoinedArabicLetters() throws IOException {
        // given: Hebrew and Arabic names, as a roster gives them (logical order, unjoined letters)
        List<IssuedCredential> slips = List.of(credential("avi.cohen", "אבי", "כהן", "Hx4kPq9wTn"),
                credential("student", "محمد", "علي", "Ab3Cd4Ef5G"));

        for (SlipLayout layout : SlipLayout.values()) {
            // when
            byte[] pdf = sheet.render(slips, layout);

            // then: read back as a reader reads it, right to left (the text extractor applies the bidi algorithm
            // to what the page shows, left to right), not backwards
            try (PDDocument document = Loader.loadPDF(pdf)) {
                String text = new PDFTextStripper().getText(document);
                assertThat(text).as(layout.name()).contains("אבי כהן").doesNotContain("ןהכ יבא");
                // and the Arabic letters are joined: the glyphs drawn are the initial, medial and final forms
                // (مـحـمـد), not four isolated letters
                StringBuilder glyphs = new StringBuilder();
                PDFTextStripper raw = new PDFTextStripper() {
                    @Override
                    protected void processTextPosition(org.apache.pdfbox.text.TextPosition position) {
                        glyphs.append(position.getUnicode());
                    }
                };
                raw.getText(document);
                assertThat(glyphs.toString()).as(layout.name()).contains("\uFEAA\uFEE4\uFEA4\uFEE3")
                        .doesNotContain("\u0645\u062D\u0645\u062F");
            }
        }
    }

    @Test
    void chineseJapaneseAndKoreanNamesPrintAsWrittenSoSlipsCanBeToldApart() throws IOException {
        // given: names that fold to no Latin letter, so every one of them has the username student, student2, …
        List<IssuedCredential> slips = List.of(credential("student", "山田", "太郎", "Hx4kPq9wTn"),
                credential("student2", "민준", "김", "Ab3Cd4Ef5G"), credential("student3", "伟", "王", "Wq2RtYp8Ks"));

        for (SlipLayout layout : SlipLayout.values()) {
            // when
            byte[] pdf = sheet.render(slips, layout);

            // then: the name on each slip is the student's, not "?? ??" on all three
            try (PDDocument document = Loader.loadPDF(pdf)) {
                String text = new PDFTextStripper().getText(document);
                assertThat(text).as(layout.name()).contains("山田 太郎", "민준 김", "伟 王", "Hx4kPq9wTn", "student3")
                        .doesNotContain("?");
            }
        }
    }

    @Test
    void aLatinOnlySheetEmbedsNoFallbackFont() throws IOException {
        // when
        byte[] pdf = sheet.render(List.of(credential("ann.lee", "Ann", "Lee", "Ab3Cd4Ef5G")), SlipLayout.PAPER_SAVER);

        // then: the CJK font is only read and embedded for names that need it
        assertThat(pdf.length).isLessThan(200_000);
        try (PDDocument document = Loader.loadPDF(pdf)) {
            List<String> fonts = new ArrayList<>();
            for (var name : document.getPage(0).getResources().getFontNames()) {
                fonts.add(document.getPage(0).getResources().getFont(name).getName());
            }
            assertThat(fonts).noneMatch(f -> f.contains("Droid"));
        }
    }

    @Test
    void aLongLoginAddressIsPrintedWholeNeverCutShort() throws IOException {
        // given: a district's real address, too long for one line of a slip even at the smallest size
        String address = "https://student-accounts.springfield-unified-school-district.k12.ca.us/students/sign-in";
        CredentialSheet sheet = new CredentialSheet(new CredentialSettings(URI.create(address),
                new CredentialSettings.Login(5, Duration.ofMinutes(15), Duration.ofMinutes(15))));
        String username = org.rostersync.account.Usernames.of(org.rostersync.account.Usernames.base(
                "Maximilianus-Alexander Bartholomew", "Featherstonehaugh-Wolfeschlegel"), 3);
        List<IssuedCredential> slips = new ArrayList<>();
        slips.add(credential(username, "Maximilianus-Alexander Bartholomew", "Featherstonehaugh-Wolfeschlegel",
                "Hx4kPq9wTn"));
        for (int i = 0; i < 10; i++) {
            slips.add(credential("student" + i, "Ann", "Lee", "Ab3Cd4Ef5G"));
        }

        for (SlipLayout layout : SlipLayout.values()) {
            // when
            byte[] pdf = sheet.render(slips, layout);

            // then: the student can type the address from the slip (lines joined again), nothing cut with "…"
            try (PDDocument document = Loader.loadPDF(pdf)) {
                String text = new PDFTextStripper().getText(document); // slip by slip, in drawing order
                assertThat(text.replaceAll("\\s*\\n\\s*", "")).as(layout.name()).contains(address);
                assertThat(text.lines().filter(line -> line.contains("student-accounts")))
                        .as(layout.name()).hasSizeGreaterThanOrEqualTo(slips.size())
                        .noneMatch(line -> line.contains("…"));
                // and every slip still fits its cell: ten to a page, the usual slip keeping its instructions whole
                assertThat(text.replaceAll("\\s+", " ")).as(layout.name()).contains("if you lose it.");
                if (layout == SlipLayout.PAPER_SAVER) {
                    assertThat(lowestTextOfFirstSlip(document)).isGreaterThan(792 - 36 - 144);
                    assertThat(document.getNumberOfPages()).isEqualTo(2);
                    assertThat(org.rostersync.support.PdfText.all("Password\\s+(\\S+)",
                            org.rostersync.support.PdfText.text(document, 1, 1))).hasSize(10);
                }
            }
        }
    }

    /** The lowest point any glyph of the top-left slip reaches, in PDF units from the bottom of the page. */
    private static float lowestTextOfFirstSlip(PDDocument document) throws IOException {
        float[] lowest = { Float.MAX_VALUE };
        PDFTextStripper stripper = new PDFTextStripper() {
            @Override
            protected void processTextPosition(org.apache.pdfbox.text.TextPosition p) {
                float bottom = p.getPageHeight() - p.getYDirAdj(); // the baseline
                if (p.getXDirAdj() >= 36 && p.getXDirAdj() < 36 + 270 && bottom > 792 - 36 - 160) { // not the scissors
                    lowest[0] = Math.min(lowest[0], bottom - p.getHeightDir() * 0.3f);
                }
            }
        };
        stripper.setStartPage(1);
        stripper.setEndPage(1);
        stripper.getText(document);
        return lowest[0];
    }

    private static IssuedCredential credential(String username, String first, String last, String password) {
        return new IssuedCredential("1", username, first, last, "4", "Lincoln Elementary", password);
    }
}
