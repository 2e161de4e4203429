package io.progressivetrust.topology;

/**
 * About how often each account was used lately, in a fixed few bytes per cached account: a
 * count-min sketch of 4-bit counters, halved every so often so that old use fades (TinyLFU's
 * frequency sketch). {@link AccountStore} asks it whether an account that is not cached is used
 * more often than the one it would push out.
 *
 * <p>Each account has a counter in four places of the table, picked by four hashes; an account's
 * estimate is the least of its four, which other accounts can only raise. The estimates are
 * only ever a reason to keep one decoded account rather than another, never part of a verdict.
 */
final class AccountFrequency {

    private static final int MAX_COUNT = 15;
    private static final long ONE_IN_EACH_NIBBLE = 0x1111_1111_1111_1111L;
    private static final long SEEDS = 0x9E37_79B9_7F4A_7C15L;

    private long[] table;
    private int mask;
    private int uses;

    AccountFrequency() {
        allocate(16);
    }

    /** Makes room for about this many accounts; counts start again when the table grows. */
    void ensureCapacity(int accounts) {
        int wanted = Integer.highestOneBit(Math.max(16, accounts) - 1) << 1;
        if (wanted > table.length) {
            allocate(wanted);
        }
    }

    /** Counts one use of the account. */
    void use(String account) {
        int hash = spread(account.hashCode());
        boolean added = false;
        for (int i = 0; i < 4; i++) {
            int index = index(hash, i);
            int shift = shift(hash, i);
            if (((table[index] >>> shift) & MAX_COUNT) < MAX_COUNT) {
                table[index] += 1L << shift;
                added = true;
            }
        }
        if (added && ++uses >= 10 * table.length) {
            halve();
        }
    }

    /** About how many times the account was used lately, at most 15. */
    int of(String account) {
        int hash = spread(account.hashCode());
        int least = MAX_COUNT;
        for (int i = 0; i < 4; i++) {
            least = Math.min(least, (int) ((table[index(hash, i)] >>> shift(hash, i)) & MAX_COUNT));
        }
        return least;
    }

    private void allocate(int size) {
        table = new long[size];
        mask = size - 1;
        uses = 0;
    }

    // every counter loses half, so that what was used often long ago does not outweigh what is used now
    private void halve() {
        for (int i = 0; i < table.length; i++) {
            table[i] = (table[i] >>> 1) & (0x7L * ONE_IN_EACH_NIBBLE);
        }
        uses /= 2;
    }

    private int index(int hash, int i) {
        long h = (hash + (SEEDS >>> (i << 3))) * SEEDS;
        return (int) (h >>> 32) & mask;
    }

    // which of the sixteen counters of the long, from bits of the hash the index did not use
    private static int shift(int hash, int i) {
        return ((hash >>> (i << 3)) & 15) << 2;
    }

    private static int spread(int hash) {
        int h = hash * 0x31848BAB;
        return h ^ (h >>> 14);
    }
}
