package io.veritrail.bench.harness;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/** Says what the run is doing, and how far a long wait has come, so a person knows it has not hung. */
public final class Progress {
    private final PrintStream out;
    private final long began = System.nanoTime();

    public Progress(PrintStream out) {
        this.out = out;
    }

    public void step(String what) {
        out.printf(Locale.ROOT, "[%6.1f s] %s%n", (System.nanoTime() - began) / 1e9, what);
    }

    /** Waits until {@code done} reaches {@code target}, printing the count every few seconds. */
    public void awaitCount(String what, LongSupplier done, long target, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        long lastPrint = System.currentTimeMillis();
        while (done.getAsLong() < target) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(what + ": only " + done.getAsLong() + " of " + target + " after "
                        + timeoutMillis / 1000 + " s");
            }
            if (System.currentTimeMillis() - lastPrint > 5000) {
                step(String.format(Locale.ROOT, "  %s: %,d / %,d", what, done.getAsLong(), target));
                lastPrint = System.currentTimeMillis();
            }
            Thread.sleep(20);
        }
    }
}
