package io.veritrail.service.concurrent;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One named daemon thread running the tasks handed to it, in order: background work beside a service's main
 * threads (sealing, merging, signing). Daemon, so a service that is not closed does not keep its JVM alive; named,
 * so it shows in thread dumps and per-thread CPU figures.
 */
public final class BackgroundThread {
    private final ExecutorService executor;

    public BackgroundThread(String name) {
        this.executor = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs the task after those handed over before it. */
    public void execute(Runnable task) {
        executor.execute(task);
    }

    /** Takes no more tasks and waits for those handed over to finish; false if some still ran at the deadline. */
    public boolean finish(Duration timeout) {
        executor.shutdown();
        return await(timeout);
    }

    /** Interrupts the running task, drops the waiting ones and waits for the thread; false if it still ran. */
    public boolean stopNow(Duration timeout) {
        executor.shutdownNow();
        return await(timeout);
    }

    private boolean await(Duration timeout) {
        try {
            return executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
