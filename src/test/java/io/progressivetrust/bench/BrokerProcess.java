package io.progressivetrust.bench;

import io.progressivetrust.local.EmbeddedKafka;
import java.nio.file.Path;

/**
 * A single KRaft broker in a JVM of its own, so that the benchmarked applications never share
 * a heap or a garbage collector with it. Prints {@code READY host:port} once clients can connect,
 * and stops when its standard input closes (its parent died or let go of it).
 */
public final class BrokerProcess {

    private BrokerProcess() { }

    public static void main(String[] args) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Path.of(args[0]), 0)) {
            System.out.println("READY " + kafka.bootstrapServers());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our input
            }
        }
    }
}
