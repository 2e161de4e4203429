package io.progressivetrust.topology;

import java.util.ArrayList;
import java.util.List;

/**
 * The stores of one stream thread that hold writes until a commit ({@link AccountStore},
 * {@link SeenStore}), so that a commit writes all of them out at once; and the RocksDB layers
 * beneath them ({@link WriteBehindStore}), which put what a commit wrote into RocksDB after it.
 *
 * <p>Kafka Streams commits task by task: it flushes one task's stores, then waits until the
 * producer has sent everything so far, then goes on to the next task. With each task's changelog
 * records sent only in its own flush, a commit waited for one produce round trip per task, and
 * those waits were a third of the stream thread's time at moderate load (docs/performance.md).
 * So the first store flushed writes out what every store of its thread holds; the producer's
 * first wait then covers all of them, and the waits after it have nothing left to wait for.
 *
 * <p>This stays exactly-once: under exactly-once every task that holds writes has processed
 * records since the last commit, and all of them commit in the thread's one transaction with
 * the offsets, whichever task's flush sent their changelog records. Under at-least-once an
 * early write is what Kafka's own record cache does when it evicts.
 */
final class HeldWrites {

    /** A store holding writes in memory. */
    interface Holder {
        /** Writes what it holds to the store beneath. */
        void writeHeld();
    }

    private static final ThreadLocal<List<Holder>> HOLDING = ThreadLocal.withInitial(ArrayList::new);
    private static final ThreadLocal<List<Holder>> BEHIND = ThreadLocal.withInitial(ArrayList::new);

    private HeldWrites() {
    }

    /** Called by a store when it starts holding writes, on the thread that processes its task. */
    static void holding(Holder store) {
        HOLDING.get().add(store);
    }

    /** Writes out everything the stores of the calling thread hold. */
    static void writeAll() {
        writeOut(HOLDING.get());
    }

    /** Called by a RocksDB layer when it is given writes to put into RocksDB later. */
    static void behind(Holder store) {
        BEHIND.get().add(store);
    }

    /**
     * Puts into RocksDB what the calling thread's stores were given since it last did: called when
     * the stream thread loads an account, as judging any record begins, so that the RocksDB writes
     * of a commit's write-out come after the commit, outside it.
     */
    static void catchUp() {
        writeOut(BEHIND.get());
    }

    private static void writeOut(List<Holder> stores) {
        if (!stores.isEmpty()) {
            stores.forEach(Holder::writeHeld);
            stores.clear();
        }
    }
}
