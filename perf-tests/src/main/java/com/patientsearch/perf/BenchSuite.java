package com.patientsearch.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the JMH suites {@code bench.runs} times, each in a JVM of its own, then renders the report from all runs
 * (medians with their spread) and fails naming each family that missed its target. Modes ({@code bench.mode}):
 * <ul>
 *   <li>{@code short}: one run, 1 x 2 s warm-up and 2 x 3 s measurement per benchmark, about 4 minutes;</li>
 *   <li>{@code full}: three runs, 1 x 5 s warm-up and 3 x 5 s measurement per benchmark, about 25 minutes.</li>
 * </ul>
 * Both run the benchmarks without forking ({@code -f 0}): one app context per run serves every benchmark, where a
 * fork per benchmark would spend longer starting the app and sampling inputs than measuring. The price is that
 * benchmarks share one JIT profile, as requests do in the service; the separate runs give the spread.
 * {@code bench.jmh.args} replaces the mode's JMH options; every other {@code bench.*} property reaches the runs.
 * Usage: {@code BenchSuite <build dir> <targets.yaml>}.
 */
public final class BenchSuite {

    static final String SHORT_ARGS = "-f 0 -wi 1 -w 2s -i 2 -r 3s";
    static final String FULL_ARGS = "-f 0 -wi 1 -w 5s -i 3 -r 5s";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    /** The JMH options and the number of runs of a mode. */
    record Plan(String mode, List<String> jmhArgs, int runs) {

        static Plan of(String mode, String jmhArgs, String runs) {
            String m = mode == null || mode.isBlank() ? "short" : mode.strip().toLowerCase(Locale.ROOT);
            if (!m.equals("short") && !m.equals("full")) {
                throw new IllegalArgumentException("bench.mode must be short or full, not " + mode);
            }
            String args = jmhArgs == null || jmhArgs.isBlank() ? (m.equals("full") ? FULL_ARGS : SHORT_ARGS) : jmhArgs;
            int n = runs == null || runs.isBlank() ? (m.equals("full") ? 3 : 1) : Integer.parseInt(runs.strip());
            if (n < 1) {
                throw new IllegalArgumentException("bench.runs must be at least 1");
            }
            return new Plan(m, List.of(args.strip().split("\\s+")), n);
        }
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path build = Path.of(args[0]);
        Path targets = Path.of(args[1]);
        Plan plan = Plan.of(System.getProperty("bench.mode"), System.getProperty("bench.jmh.args"),
                System.getProperty("bench.runs"));
        String include = System.getProperty("bench.include", "com.patientsearch.perf.search.*");
        List<Path> results = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        notes.add(String.format(Locale.ROOT, "mode %s: JMH %s, %d run(s); %d CPUs, Java %s", plan.mode(),
                String.join(" ", plan.jmhArgs()), plan.runs(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version")));
        for (int run = 1; run <= plan.runs(); run++) {
            Path result = build.resolve("jmh-result-" + run + ".json");
            Files.deleteIfExists(result);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("bench.")).sorted()
                    .forEach(k -> command.add("-D" + k + "=" + System.getProperty(k)));
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchRun.class.getName(), include));
            command.addAll(plan.jmhArgs());
            command.addAll(List.of("-rf", "json", "-rff", result.toString()));
            String others = otherJmh();
            double loadBefore = loadAverage();
            Instant started = Instant.now();
            System.out.printf("%n=== run %d of %d, load average %.2f%s ===%n", run, plan.runs(), loadBefore, others);
            int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
            if (exit != 0 || !Files.exists(result)) {
                System.err.println("JMH run " + run + " failed (exit " + exit + ")");
                System.exit(exit == 0 ? 1 : exit);
            }
            results.add(result);
            notes.add(String.format(Locale.ROOT, "run %d: %s UTC, %.0f s, 1-minute load average %.2f at start, %.2f at end%s",
                    run, TIME.format(started), (Instant.now().toEpochMilli() - started.toEpochMilli()) / 1000.0,
                    loadBefore, loadAverage(), others));
        }
        List<String> missed = BenchReport.write(targets, build.resolve("report"), results, notes);
        if (!missed.isEmpty()) {
            System.err.println("Targets missed: " + String.join("; ", missed));
            System.exit(1);
        }
    }

    /** The 1-minute load average (the machine is shared: every figure is stated with it). */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        }
    }

    /** A warning when another JMH is running: two benchmark runs on two cores measure each other. */
    private static String otherJmh() {
        long self = ProcessHandle.current().pid();
        long count = ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self)
                .filter(p -> p.info().commandLine().map(c -> c.contains("org.openjdk.jmh")).orElse(false))
                .count();
        return count == 0 ? "" : " (another JMH process was running: " + count + ")";
    }
}
