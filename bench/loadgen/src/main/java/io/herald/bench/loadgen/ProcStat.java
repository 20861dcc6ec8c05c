package io.herald.bench.loadgen;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of a process from Linux /proc. CPU is utime and stime from
 * /proc/PID/stat (fields 14 and 15, in clock ticks of USER_HZ = 100 on every Linux architecture
 * the JDK runs on); RSS is VmRSS from /proc/PID/status. Reading these costs the measured process
 * nothing, unlike asking it. User and system time are kept apart because on loopback most of a
 * reader's cost is the kernel's TCP work, which no user-space cleverness removes.
 */
final class ProcStat {

    /** USER_HZ: the unit of /proc/PID/stat times; 100 on Linux (sysconf(_SC_CLK_TCK)). */
    static final double TICKS_PER_SECOND = 100.0;

    /** CPU seconds split into user and system time; NaN when the process could not be read. */
    record Cpu(double user, double sys) {
        static final Cpu ZERO = new Cpu(0, 0);
        static final Cpu UNKNOWN = new Cpu(Double.NaN, Double.NaN);

        double total() {
            return user + sys;
        }

        Cpu plus(Cpu o) {
            return new Cpu(user + o.user, sys + o.sys);
        }

        Cpu minus(Cpu o) {
            return new Cpu(user - o.user, sys - o.sys);
        }
    }

    private ProcStat() {
    }

    /** CPU used so far by {@code pid}. */
    static Cpu cpu(long pid) {
        return cpu(pid, false);
    }

    /**
     * CPU used so far by {@code pid}; with {@code withReapedChildren} also cutime and cstime
     * (children that have exited and been waited for).
     */
    static Cpu cpu(long pid, boolean withReapedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name (field 2) is in parentheses and may itself contain spaces and
            // parentheses: fields after it are counted from the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            // f[0] is field 3 (state), so field n is f[n - 3].
            long user = Long.parseLong(f[11]);
            long sys = Long.parseLong(f[12]);
            if (withReapedChildren) {
                user += Long.parseLong(f[13]);
                sys += Long.parseLong(f[14]);
            }
            return new Cpu(user / TICKS_PER_SECOND, sys / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return Cpu.UNKNOWN;
        }
    }

    /**
     * CPU used so far by {@code pid} and its children, live ones read from /proc and exited ones
     * from the parent's cutime and cstime: a PostgreSQL postmaster and its backends.
     */
    static Cpu treeCpu(long pid) {
        Cpu total = cpu(pid, true);
        if (Double.isNaN(total.total())) {
            return total;
        }
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : procs) {
                long child = Long.parseLong(p.getFileName().toString());
                if (parent(child) == pid) {
                    Cpu c = cpu(child, true);
                    if (!Double.isNaN(c.total())) { // it may have exited since the listing
                        total = total.plus(c);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return Cpu.UNKNOWN;
        }
        return total;
    }

    /** The parent pid of {@code pid} (field 4 of /proc/PID/stat), or -1 when unreadable. */
    static long parent(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ")[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU seconds the whole machine has spent busy so far (first line of /proc/stat: every state
     * but idle and iowait), or NaN when unreadable: with what the run's own processes used, it
     * shows how much went to something else on the box.
     */
    static double hostBusySeconds() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = first.trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Resident set size of {@code pid} in MiB, or NaN when unreadable. */
    static double rssMib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    String kb = line.substring(6).trim().split("\\s+")[0];
                    return Long.parseLong(kb) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return Double.NaN;
    }

    static long selfPid() {
        return ProcessHandle.current().pid();
    }
}
