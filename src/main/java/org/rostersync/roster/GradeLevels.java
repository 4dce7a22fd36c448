package org.rostersync.roster;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the grade codes of Clever and OneRoster exports into the STANDARD file's grade values, so that an account
 * has the same grade whichever format its roster came in.
 *
 * <table>
 * <caption>Grade values</caption>
 * <tr><th>STANDARD</th><th>Clever</th><th>OneRoster (CEDS)</th></tr>
 * <tr><td>IT</td><td>InfantToddler</td><td>IT</td></tr>
 * <tr><td>PR</td><td>Preschool</td><td>PR</td></tr>
 * <tr><td>PK</td><td>PreKindergarten</td><td>PK</td></tr>
 * <tr><td>TK</td><td>TransitionalKindergarten</td><td>TK</td></tr>
 * <tr><td>K</td><td>Kindergarten</td><td>KG</td></tr>
 * <tr><td>1 … 13</td><td>1 … 13</td><td>01 … 13</td></tr>
 * <tr><td>PS</td><td>PostGraduate</td><td>PS (postsecondary)</td></tr>
 * <tr><td>UG</td><td>Ungraded</td><td>UG</td></tr>
 * <tr><td>OT</td><td>Other</td><td>Other</td></tr>
 * </table>
 * These are the CEDS codes OneRoster uses, except Kindergarten, which is {@code K} as in STANDARD files. Matching
 * ignores case, spaces, {@code _} and {@code -}; the STANDARD values themselves are accepted too.
 */
public final class GradeLevels {

    private static final Map<String, String> CODES = new LinkedHashMap<>();

    static {
        put("IT", "it", "infanttoddler");
        put("PR", "pr", "preschool");
        put("PK", "pk", "prek", "prekindergarten");
        put("TK", "tk", "transitionalkindergarten");
        put("K", "k", "kg", "kindergarten");
        for (int grade = 1; grade <= 13; grade++) {
            put(String.valueOf(grade), String.valueOf(grade), String.format("%02d", grade));
        }
        put("PS", "ps", "postsecondary", "postgraduate");
        put("UG", "ug", "ungraded");
        put("OT", "ot", "other");
    }

    private GradeLevels() {
    }

    private static void put(String standard, String... codes) {
        for (String code : codes) {
            CODES.put(code, standard);
        }
    }

    /** The STANDARD grade for an export's grade code, or empty when the code is not one of the known ones. */
    public static Optional<String> standard(String code) {
        return Optional.ofNullable(CODES.get(RosterField.normalize(code)));
    }

    /** The codes a reader may suggest when a grade is unknown. */
    public static String accepted() {
        return "Kindergarten/KG, PreKindergarten/PK, TransitionalKindergarten/TK, Preschool/PR, InfantToddler/IT,"
                + " 1-13 (or 01-13), PostGraduate/PS, Ungraded/UG, Other";
    }
}
