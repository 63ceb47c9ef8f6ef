package com.patientsearch.perf;

/**
 * One JMH run: {@code org.openjdk.jmh.Main}, then an explicit exit. Without forks the benchmarks share the app
 * context, whose non-daemon threads would otherwise keep the JVM alive after JMH is done; the exit runs the
 * shutdown hook that closes the context and stops the embedded PostgreSQL cleanly.
 */
public final class BenchRun {

    private BenchRun() {
    }

    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(args);
        System.exit(0);
    }
}
