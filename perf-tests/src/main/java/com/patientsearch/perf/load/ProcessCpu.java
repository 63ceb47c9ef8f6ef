package com.patientsearch.perf.load;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * CPU time the service (and, optionally, PostgreSQL) spent during a level, read from {@code /proc}: user + system
 * time of a process, and for PostgreSQL of the postmaster and its direct children (the backends). Divided by the
 * level's requests it is the CPU cost of one request, which moves less with the machine's other load than wall time
 * does. Linux only; empty where {@code /proc} does not answer.
 */
final class ProcessCpu {

    /** Clock ticks per second of {@code /proc/<pid>/stat} (USER_HZ; 100 on Linux unless built otherwise). */
    private static final long TICKS_PER_SECOND = ticksPerSecond();

    private final Long pid;
    private final boolean withChildren;

    private ProcessCpu(Long pid, boolean withChildren) {
        this.pid = pid;
        this.withChildren = withChildren;
    }

    static ProcessCpu of(Long pid) {
        return new ProcessCpu(pid, false);
    }

    /** The process and its direct children: a postmaster and its backends. */
    static ProcessCpu withChildren(Long pid) {
        return new ProcessCpu(pid, true);
    }

    /** CPU time so far in nanoseconds; empty when no pid was given or /proc could not be read. */
    OptionalLong nanos() {
        if (pid == null) {
            return OptionalLong.empty();
        }
        try {
            long ticks = ticks(Path.of("/proc", pid.toString(), "stat"));
            if (withChildren) {
                try (DirectoryStream<Path> all = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
                    for (Path process : all) {
                        String[] fields = fields(process.resolve("stat"));
                        if (fields != null && Long.parseLong(fields[1]) == pid) {
                            ticks += ticks(fields);
                        }
                    }
                }
            }
            return OptionalLong.of(ticks * 1_000_000_000L / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    private static long ticks(Path stat) throws IOException {
        String[] fields = fields(stat);
        if (fields == null) {
            throw new IOException("no " + stat);
        }
        return ticks(fields);
    }

    /** utime + stime: fields 14 and 15 of stat, i.e. 12 and 13 after the command name. */
    private static long ticks(String[] afterName) {
        return Long.parseLong(afterName[11]) + Long.parseLong(afterName[12]);
    }

    /** The fields after {@code (comm)}, which may itself hold spaces; null when the process is gone. */
    static String[] fields(Path stat) {
        try {
            String line = Files.readString(stat);
            return line.substring(line.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long ticksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes()).strip();
            return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
