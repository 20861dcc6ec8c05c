package io.herald.bench.loadgen;

/**
 * Herald's benchmark load generator: {@code java -jar loadgen.jar --mode ...}. Parses options,
 * arms a watchdog that bounds the whole run, and hands over to the mode. Exit codes: 0 the run
 * completed (whatever it measured: judging is the harness's job), 1 it failed, 2 usage error,
 * 3 the watchdog ended an overrunning run.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Options o;
        try {
            o = Options.parse(args);
            if (o.mode == Options.Mode.PUBLISH && !o.given.containsKey("--messages")) {
                o.messages = Integer.MAX_VALUE; // publish mode: bounded by time unless told otherwise
            }
        } catch (Options.UsageException e) {
            if (e.getMessage() != null) {
                System.err.println("error: " + e.getMessage());
            }
            System.err.print(Options.USAGE);
            System.exit(e.getMessage() == null ? 0 : 2);
            return;
        }
        try {
            if (o.child) {
                System.exit(ChildMain.run(o));
            }
            armWatchdog(o);
            switch (o.mode) {
                case FANOUT -> FanoutRun.run(o);
                case IDLE -> IdleRun.run(o, System.in);
                case CATCHUP -> CatchupRun.run(o);
                case PUBLISH -> ThroughputRun.run(o);
                default -> throw new IllegalStateException();
            }
            System.exit(0);
        } catch (Exception e) {
            System.err.println("loadgen failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    /**
     * Every phase has its own deadline; this is the backstop if one is missed anyway (a bug, a
     * wedged server): past the run's whole budget, say so and end the process.
     */
    private static void armWatchdog(Options o) {
        long budget = switch (o.mode) {
            case FANOUT -> FanoutRun.budgetSeconds(o);
            case IDLE -> IdleRun.budgetSeconds(o);
            case CATCHUP -> CatchupRun.budgetSeconds(o);
            case PUBLISH -> ThroughputRun.budgetSeconds(o);
        };
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(budget * 1000);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("loadgen: run exceeded its " + budget + " s budget; exiting");
            try {
                Report r = new Report(o);
                r.put("error", "watchdog: run exceeded its " + budget + " s budget");
                r.write();
            } catch (Exception ignored) {
                // exiting anyway
            }
            Runtime.getRuntime().halt(3);
        }, "watchdog");
        t.setDaemon(true);
        t.start();
    }
}
