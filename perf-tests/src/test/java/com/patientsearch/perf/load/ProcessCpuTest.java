package com.patientsearch.perf.load;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** CPU time is read from /proc for the given process, and grows while it works. */
class ProcessCpuTest {

    @Test
    void readsTheCpuTimeOfAProcessAsItGrows() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "Linux /proc");
        ProcessCpu self = ProcessCpu.of(ProcessHandle.current().pid());
        long before = self.nanos().orElseThrow();
        long deadline = System.nanoTime() + 10_000_000_000L;
        long spent = 0;
        double sink = 0;
        while (spent < 50_000_000L && System.nanoTime() < deadline) { // until 50 ms of CPU show up, at most 10 s
            for (int i = 0; i < 100_000; i++) {
                sink += Math.sqrt(i + sink);
            }
            spent = self.nanos().orElseThrow() - before;
        }
        assertThat(sink).isPositive();
        assertThat(spent).isGreaterThanOrEqualTo(50_000_000L);
        // with its children (none here): at least the process's own time
        assertThat(ProcessCpu.withChildren(ProcessHandle.current().pid()).nanos().orElseThrow())
                .isGreaterThanOrEqualTo(before + spent);
    }

    @Test
    void nothingWithoutAPidOrAProcess() {
        assertThat(ProcessCpu.of(null).nanos()).isEqualTo(OptionalLong.empty());
        assertThat(ProcessCpu.of(Long.MAX_VALUE).nanos()).isEqualTo(OptionalLong.empty());
    }
}
