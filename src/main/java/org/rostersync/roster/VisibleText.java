package org.rostersync.roster;

/**
 * Text from a roster file made safe to store and show: a control character (NUL above all, which PostgreSQL cannot
 * store in text) is written as its code, {@code \0} or {@code \u001B}. Tabs and line breaks stay.
 */
public final class VisibleText {

    private VisibleText() {
    }

    /** The text with every control character but tab, CR and LF written as its code; {@code null} stays null. */
    public static String of(String text) {
        if (text == null || text.chars().noneMatch(VisibleText::hidden)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        text.chars().forEach(c -> {
            if (c == 0) {
                out.append("\\0");
            } else if (hidden(c)) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.append((char) c);
            }
        });
        return out.toString();
    }

    /** A control character that is not a tab or a line break. */
    static boolean hidden(int c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c < 0xA0);
    }
}
