package org.rostersync.sync.internal.job;

/**
 * The Student IDs a first import in one pass ({@link FirstImport}) has met, as 64-bit hashes in an open-addressing
 * array: 16 bytes a student at most, whatever the IDs. A hash met before means the ID may be a duplicate (two IDs
 * sharing a hash are as good as never seen), and the run then takes the staged path, which rejects duplicates naming
 * the line of the first.
 */
final class StudentIdHashes {

    private long[] hashes = new long[1 << 12];
    private int size;

    /** Adds the ID; {@code false} when it may have been added before. */
    boolean add(String studentId) {
        long hash = hash(studentId);
        if (hash == 0) {
            hash = 1; // 0 marks an empty slot
        }
        if ((size + 1) * 2 > hashes.length) {
            grow();
        }
        int mask = hashes.length - 1;
        for (int slot = (int) hash & mask; ; slot = (slot + 1) & mask) {
            if (hashes[slot] == 0) {
                hashes[slot] = hash;
                size++;
                return true;
            }
            if (hashes[slot] == hash) {
                return false;
            }
        }
    }

    private void grow() {
        long[] old = hashes;
        hashes = new long[old.length * 2];
        int mask = hashes.length - 1;
        for (long hash : old) {
            if (hash != 0) {
                int slot = (int) hash & mask;
                while (hashes[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                hashes[slot] = hash;
            }
        }
    }

    /** FNV-1a over the characters, then MurmurHash3's finalizer so that every bit of the slot index counts. */
    static long hash(String text) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            h = (h ^ text.charAt(i)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
