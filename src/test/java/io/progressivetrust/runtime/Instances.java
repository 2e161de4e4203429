package io.progressivetrust.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The application's processes a test starts. Closing kills those still running, so that none
 * outlives a failed test to compete with the next ones for the machine.
 */
final class Instances implements AutoCloseable {

    private final List<Process> started = new ArrayList<>();

    Process start(Path config) throws Exception {
        return start(config, Files.createTempFile("pt-crash", ".log"));
    }

    Process start(Path config, Path log) throws Exception {
        Process instance = CrashRecoveryTest.start(config, log);
        started.add(instance);
        return instance;
    }

    @Override
    public void close() throws InterruptedException {
        for (Process instance : started) {
            instance.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
