package io.progressivetrust.topology;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * An in-memory filter in front of one task's seen-message store: for each of the newest few
 * retention generations it holds a bloom filter of the store keys written under it, so that
 * asking whether a message SID was seen costs a RocksDB read only when the filter says it
 * might have been (a duplicate, or about one time in a hundred otherwise). "Not seen" is
 * answered from memory only for generations the filter covers completely: it is built from the
 * whole store when the task starts and then sees every write; an older generation, or one that
 * outgrew the filter's bound, is always looked up in the store.
 *
 * <p>Memory: about 1.3 bytes per message SID of the newest {@value #GENERATIONS} generations,
 * at most {@value #MAX_ENTRIES} SIDs per generation (about 5 MiB).
 *
 * <p>A generation's filter grows in {@link #makeRoom}, which the owner calls between records, not
 * in {@link #add}: a branch that the path judging an intent takes only once in a long while (a
 * filter filling up) makes the JIT compiler discard that whole compiled path when it is finally
 * taken, and judging then crawls for a second or two until it is compiled again. Until the next
 * call, adds go on into the full filter, which only makes it answer "maybe" a little more often.
 */
final class SeenFilter {

    static final int GENERATIONS = 3;
    static final int MAX_ENTRIES = 4 << 20;
    private static final int FIRST_BLOCKS = 1 << 10;  // 64 KiB; each next filter of a generation doubles

    /** Bloom filters by generation; a generation below {@link #floor} is not covered. */
    private final TreeMap<Long, Generation> generations = new TreeMap<>();
    private long floor = Long.MIN_VALUE;

    /** Whether the key may be in the store; false means it certainly is not. */
    boolean mightContain(long generation, byte[] key) {
        if (generation < floor) {
            return true;
        }
        Generation g = generations.get(generation);
        return g != null && g.mightContain(hash(key));
    }

    void add(long generation, byte[] key) {
        if (generation < floor) {
            return;
        }
        Generation g = generations.get(generation);
        if (g == null) {
            g = new Generation();
            generations.put(generation, g);
            while (generations.size() > GENERATIONS) {
                floor = generations.pollFirstEntry().getKey() + 1;
            }
            if (generation < floor) {
                return;
            }
        }
        g.add(hash(key));
    }

    /** Makes room in every generation whose newest filter is full; see the class comment. */
    void makeRoom() {
        generations.values().forEach(Generation::makeRoom);
    }

    /**
     * One generation's filters: when the newest is full, a twice larger one is added. Past the
     * bound, one filter with every bit set stands for the generation: it answers "maybe" to all.
     */
    private static final class Generation {
        private final List<Bloom> blooms = new ArrayList<>();
        private Bloom newest;
        private int entries;
        private boolean saturated;

        Generation() {
            start(new Bloom(FIRST_BLOCKS));
        }

        boolean mightContain(long hash) {
            for (Bloom b : blooms) {
                if (b.mightContain(hash)) {
                    return true;
                }
            }
            return false;
        }

        void add(long hash) {
            entries++;
            newest.add(hash);
        }

        void makeRoom() {
            if (saturated) {
                return;
            }
            if (entries > MAX_ENTRIES) {
                saturated = true;
                blooms.clear();
                start(Bloom.everything());
            } else if (newest.full()) {
                start(new Bloom(newest.blocks() * 2));
            }
        }

        private void start(Bloom bloom) {
            newest = bloom;
            blooms.add(bloom);
        }
    }

    /**
     * A blocked bloom filter: each key sets 6 bits within one 512-bit block (one cache line),
     * sized for about 10 bits per key, which gives around 1 % false positives.
     */
    private static final class Bloom {
        private static final int BITS_PER_KEY = 10;
        private final long[] words;
        private final int capacity;
        private int size;

        Bloom(int blocks) {
            words = new long[blocks * 8];
            capacity = blocks * 512 / BITS_PER_KEY;
        }

        /** One block with every bit set: "maybe" to every key. */
        static Bloom everything() {
            Bloom all = new Bloom(1);
            Arrays.fill(all.words, -1L);
            return all;
        }

        int blocks() {
            return words.length / 8;
        }

        boolean full() {
            return size >= capacity;
        }

        void add(long hash) {
            int block = block(hash);
            long bits = positions(hash);
            for (int i = 0; i < 6; i++, bits >>>= 9) {
                int bit = (int) bits & 511;
                words[block + (bit >>> 6)] |= 1L << bit;
            }
            size++;
        }

        boolean mightContain(long hash) {
            int block = block(hash);
            long bits = positions(hash);
            for (int i = 0; i < 6; i++, bits >>>= 9) {
                int bit = (int) bits & 511;
                if ((words[block + (bit >>> 6)] & (1L << bit)) == 0) {
                    return false;
                }
            }
            return true;
        }

        /** Six 9-bit positions within the block, from a second mix of the hash. */
        private static long positions(long hash) {
            return hash * 0x9E3779B97F4A7C15L;
        }

        private int block(long hash) {
            return (int) (((hash >>> 32) * (words.length / 8)) >>> 32) * 8;
        }
    }

    /** A 64-bit hash of the key (FNV-1a, then murmur3's finalizer to spread the bits). */
    static long hash(byte[] key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key) {
            h ^= b;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
