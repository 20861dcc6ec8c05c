package io.herald.bench.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcStatTest {

    @Test
    void tree_cpu_counts_a_busy_child() throws Exception {
        long self = ProcStat.selfPid();
        Process child = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done; sleep 5").start();
        try {
            assertEquals(self, ProcStat.parent(child.pid()));
            ProcStat.Cpu before = ProcStat.cpu(self, true);
            Thread.sleep(1500); // the loop takes well under a second of CPU, then the child sleeps
            double childCpu = ProcStat.cpu(child.pid()).total();
            assertTrue(childCpu > 0.05, "child CPU " + childCpu);
            double tree = ProcStat.treeCpu(self).total();
            assertTrue(tree >= before.total() + childCpu - 0.02, "tree " + tree + " own " + before.total() + " child " + childCpu);
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
