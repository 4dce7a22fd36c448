package org.rostersync.sync;

import java.sql.Connection;
import java.sql.SQLException;

import org.h2.api.Trigger;
import org.rostersync.support.OnH2;

@OnH2
class NightlySchoolRunH2Tests extends NightlySchoolRunTests {

    /** Halts the insert of a second chunk's unchanged rows (from line 1002) as a node that died would. */
    public static class HaltingTrigger implements Trigger {

        @Override
        public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
            if (((Number) newRow[1]).longValue() > 1001) {
                connection.createStatement().executeQuery("SELECT id FROM username_lock WHERE id = 1 FOR UPDATE")
                        .close();
                throw new SQLException("the node running the import died");
            }
        }
    }

    @Override
    void haltOnSecondChunk() {
        jdbc.execute("CREATE TRIGGER halt_chunk BEFORE INSERT ON unchanged_chunk FOR EACH ROW CALL '"
                + HaltingTrigger.class.getName() + "'");
    }

    @Override
    void removeHalt() {
        jdbc.execute("DROP TRIGGER IF EXISTS halt_chunk");
    }
}
