package io.progressivetrust.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A JVM of its own running one main class of this build, with its CPU time and peak memory read from /proc. */
final class AppProcess implements AutoCloseable {

    private static final double CLOCK_TICKS = 100.0;

    final Process process;
    final Path log;

    private AppProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static AppProcess start(Path log, List<String> jvmOptions, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + "/bin/java");
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new AppProcess(process, log);
    }

    /** User plus system CPU seconds used so far. */
    double cpuSeconds() {
        return cpuSeconds(process);
    }

    /** User plus system CPU seconds any process of the benchmark (the broker too) has used so far. */
    static double cpuSeconds(Process process) {
        try {
            return cpuSeconds(Path.of("/proc/" + process.pid() + "/stat"));
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /** User plus system CPU seconds in a {@code stat} file of /proc (a process's or a thread's). */
    private static double cpuSeconds(Path statFile) throws IOException {
        String stat = Files.readString(statFile);
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS;
    }

    /**
     * CPU seconds used so far by the process's threads, by thread name with its digits replaced by
     * '#', so that a kind of thread (the stream thread, the producer's network thread, the garbage
     * collector's, RocksDB's own native threads, the compilers) adds up under one name. Linux keeps
     * the first 15 characters of a name.
     */
    Map<String, Double> cpuSecondsByThread() {
        Map<String, Double> seconds = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + process.pid() + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip().replaceAll("[0-9]+", "#");
                    seconds.merge(name, cpuSeconds(task.resolve("stat")), Double::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended between listing and reading: its time is no longer counted anyway
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return seconds;
    }

    /** The largest resident set the process has had, in MiB. */
    double peakRssMiB() {
        try (BufferedReader status = Files.newBufferedReader(Path.of("/proc/" + process.pid() + "/status"), StandardCharsets.UTF_8)) {
            for (String line = status.readLine(); line != null; line = status.readLine()) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the process stopped with exit code " + process.exitValue() + "; see " + log);
        }
    }

    /** SIGTERM, so that the application closes cleanly (and RocksDB flushes); SIGKILL after a minute. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
