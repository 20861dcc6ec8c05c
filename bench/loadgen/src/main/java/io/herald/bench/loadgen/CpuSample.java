package io.herald.bench.loadgen;

/**
 * A snapshot of the clocks a run is judged by: wall time, CPU of this process and of its child
 * shards, CPU and RSS of the server. Two snapshots bracket a measured phase.
 */
final class CpuSample {

    final long nanos;
    final ProcStat.Cpu gen;
    final ProcStat.Cpu server;
    final double serverRssMib;
    final double genRssMib;

    private CpuSample(long nanos, ProcStat.Cpu gen, ProcStat.Cpu server, double rss, double genRss) {
        this.nanos = nanos;
        this.gen = gen;
        this.server = server;
        this.serverRssMib = rss;
        this.genRssMib = genRss;
    }

    /**
     * Samples now. Generator CPU is this process (its own threads, plus children it has already
     * reaped) and every live child shard, read from /proc by pid.
     */
    static CpuSample take(long serverPid, long[] childPids) {
        long self = ProcStat.selfPid();
        ProcStat.Cpu gen = ProcStat.cpu(self, true);
        double genRss = ProcStat.rssMib(self);
        for (long p : childPids) {
            gen = gen.plus(ProcStat.cpu(p));
            genRss += ProcStat.rssMib(p);
        }
        ProcStat.Cpu server = serverPid > 0 ? ProcStat.cpu(serverPid) : ProcStat.Cpu.UNKNOWN;
        double rss = serverPid > 0 ? ProcStat.rssMib(serverPid) : Double.NaN;
        return new CpuSample(System.nanoTime(), gen, server, rss, genRss);
    }

    double wallSecondsSince(CpuSample start) {
        return (nanos - start.nanos) / 1e9;
    }

    ProcStat.Cpu genSince(CpuSample start) {
        return gen.minus(start.gen);
    }

    double genCpuSince(CpuSample start) {
        return genSince(start).total();
    }

    double serverCpuSince(CpuSample start) {
        return server.minus(start.server).total();
    }
}
