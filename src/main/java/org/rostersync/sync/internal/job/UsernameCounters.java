package org.rostersync.sync.internal.job;

import java.util.Arrays;

import org.rostersync.account.Usernames;

/**
 * The username numbers of a first import in one pass ({@link FirstImport}), as {@link ChangeApplier#CREATE} gives
 * them: the n-th row of the file with a base (in line order) gets {@link Usernames#seq} of the highest number already
 * taken for it and n. One slot per distinct base of the file in open-addressing arrays, the bases' characters kept in
 * one shared array: some 40 bytes a base, where a map of strings to counters cost three times that, and a district
 * of a million students has most of a million bases.
 */
final class UsernameCounters {

    private long[] hashes = new long[1 << 12];
    /** Where each slot's base starts in {@link #chars}, plus one (0: an empty slot). */
    private int[] starts = new int[hashes.length];
    private int[] counts = new int[hashes.length];
    private int[] taken = new int[hashes.length];
    private char[] chars = new char[1 << 14];
    private int used;
    private int size;

    /** Counts one more row with {@code base}, and returns which holder of it in the file the row is (from 1). */
    int next(String base) {
        int slot = slot(base, true);
        return ++counts[slot];
    }

    /** Records the highest number already taken for {@code base}, if a row of the file has it. */
    void taken(String base, int highest) {
        int slot = slot(base, false);
        if (slot >= 0) {
            taken[slot] = highest;
        }
    }

    /** The number of the {@code n}-th holder of {@code base} in the file. */
    int seq(String base, int n) {
        int slot = slot(base, false);
        return Usernames.seq(slot < 0 ? 0 : taken[slot], n);
    }

    private int slot(String base, boolean add) {
        long hash = StudentIdHashes.hash(base);
        int mask = hashes.length - 1;
        for (int slot = (int) hash & mask; ; slot = (slot + 1) & mask) {
            if (starts[slot] == 0) {
                if (!add) {
                    return -1;
                }
                if ((size + 1) * 2 > hashes.length) {
                    grow();
                    return slot(base, true);
                }
                size++;
                hashes[slot] = hash;
                starts[slot] = store(base) + 1;
                return slot;
            }
            if (hashes[slot] == hash && same(starts[slot] - 1, base)) {
                return slot;
            }
        }
    }

    private int store(String base) {
        if (used + base.length() + 1 > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(chars.length * 2, used + base.length() + 1));
        }
        int start = used;
        chars[used++] = (char) base.length();
        base.getChars(0, base.length(), chars, used);
        used += base.length();
        return start;
    }

    private boolean same(int start, String base) {
        if (chars[start] != base.length()) {
            return false;
        }
        for (int i = 0; i < base.length(); i++) {
            if (chars[start + 1 + i] != base.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void grow() {
        long[] oldHashes = hashes;
        int[] oldStarts = starts;
        int[] oldCounts = counts;
        int[] oldTaken = taken;
        hashes = new long[oldHashes.length * 2];
        starts = new int[hashes.length];
        counts = new int[hashes.length];
        taken = new int[hashes.length];
        int mask = hashes.length - 1;
        for (int i = 0; i < oldHashes.length; i++) {
            if (oldStarts[i] != 0) {
                int slot = (int) oldHashes[i] & mask;
                while (starts[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                hashes[slot] = oldHashes[i];
                starts[slot] = oldStarts[i];
                counts[slot] = oldCounts[i];
                taken[slot] = oldTaken[i];
            }
        }
    }
}
