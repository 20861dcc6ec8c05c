package io.herald.bench.loadgen;

/**
 * A snapshot of the clocks a run is judged by: wall time, CPU of this process and of its child
 * shards, CPU and RSS of the server; with two nodes also of the node published to
 * ({@code --pub-server-pid}) and of the database ({@code --db-pid}, with its child processes).
 * Two snapshots bracket a measured phase.
 */
final class CpuSample {

    final long nanos;
    final ProcStat.Cpu gen;
    final ProcStat.Cpu server;
    final double serverRssMib;
    final double genRssMib;
    final ProcStat.Cpu pubServer;
    final double pubServerRssMib;
    final ProcStat.Cpu db;
    final double hostBusy;

    private CpuSample(long nanos, ProcStat.Cpu gen, ProcStat.Cpu server, double rss, double genRss,
                      ProcStat.Cpu pubServer, double pubServerRss, ProcStat.Cpu db, double hostBusy) {
        this.nanos = nanos;
        this.gen = gen;
        this.server = server;
        this.serverRssMib = rss;
        this.genRssMib = genRss;
        this.pubServer = pubServer;
        this.pubServerRssMib = pubServerRss;
        this.db = db;
        this.hostBusy = hostBusy;
    }

    /**
     * Samples now. Generator CPU is this process (its own threads, plus children it has already
     * reaped) and every live child shard, read from /proc by pid.
     */
    static CpuSample take(Options o, long[] childPids) {
        long serverPid = o.serverPid;
        long self = ProcStat.selfPid();
        ProcStat.Cpu gen = ProcStat.cpu(self, true);
        double genRss = ProcStat.rssMib(self);
        for (long p : childPids) {
            gen = gen.plus(ProcStat.cpu(p));
            genRss += ProcStat.rssMib(p);
        }
        ProcStat.Cpu server = serverPid > 0 ? ProcStat.cpu(serverPid) : ProcStat.Cpu.UNKNOWN;
        double rss = serverPid > 0 ? ProcStat.rssMib(serverPid) : Double.NaN;
        ProcStat.Cpu pub = o.pubServerPid > 0 ? ProcStat.cpu(o.pubServerPid) : ProcStat.Cpu.UNKNOWN;
        double pubRss = o.pubServerPid > 0 ? ProcStat.rssMib(o.pubServerPid) : Double.NaN;
        ProcStat.Cpu db = o.dbPid > 0 ? ProcStat.treeCpu(o.dbPid) : ProcStat.Cpu.UNKNOWN;
        return new CpuSample(System.nanoTime(), gen, server, rss, genRss, pub, pubRss, db, ProcStat.hostBusySeconds());
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

    double pubServerCpuSince(CpuSample start) {
        return pubServer.minus(start.pubServer).total();
    }

    double hostCpuSince(CpuSample start) {
        return hostBusy - start.hostBusy;
    }

    double dbCpuSince(CpuSample start) {
        return db.minus(start.db).total();
    }
}
