package org.rostersync.roster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GradeLevelsTests {

    @Test
    void cleverAndOneRosterGradesBecomeStandardGrades() {
        assertThat(GradeLevels.standard("Kindergarten")).contains("K");
        assertThat(GradeLevels.standard("KG")).contains("K");
        assertThat(GradeLevels.standard("PreKindergarten")).contains("PK");
        assertThat(GradeLevels.standard("TransitionalKindergarten")).contains("TK");
        assertThat(GradeLevels.standard("Preschool")).contains("PR");
        assertThat(GradeLevels.standard("InfantToddler")).contains("IT");
        assertThat(GradeLevels.standard("03")).contains("3");
        assertThat(GradeLevels.standard("12")).contains("12");
        assertThat(GradeLevels.standard("PostGraduate")).contains("PS");
        assertThat(GradeLevels.standard("Ungraded")).contains("UG");
        assertThat(GradeLevels.standard("Other")).contains("OT");
        assertThat(GradeLevels.standard("pre-kindergarten")).contains("PK");
    }

    @Test
    void unknownGradesAreNotGuessed() {
        assertThat(GradeLevels.standard("Sophomore")).isEmpty();
        assertThat(GradeLevels.standard("14")).isEmpty();
        assertThat(GradeLevels.standard("")).isEmpty();
    }
}
