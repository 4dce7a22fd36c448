package org.rostersync.sync;

import org.rostersync.support.OnPostgres;

@OnPostgres
class NightlySchoolRunPostgresTests extends NightlySchoolRunTests {

    /** Halts the insert of a second chunk's unchanged rows (from line 1002) as a node that died would. */
    @Override
    void haltOnSecondChunk() {
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION halt_chunk() RETURNS trigger AS $$
                BEGIN
                    PERFORM id FROM username_lock WHERE id = 1 FOR UPDATE;
                    RAISE EXCEPTION 'the node running the import died';
                END $$ LANGUAGE plpgsql""");
        jdbc.execute("""
                CREATE TRIGGER halt_chunk BEFORE INSERT ON unchanged_chunk FOR EACH ROW
                WHEN (NEW.first_line > 1001) EXECUTE FUNCTION halt_chunk()""");
    }

    @Override
    void removeHalt() {
        jdbc.execute("DROP TRIGGER IF EXISTS halt_chunk ON unchanged_chunk");
        jdbc.execute("DROP FUNCTION IF EXISTS halt_chunk()");
    }
}
