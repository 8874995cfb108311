package io.veritrail.service.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class BackgroundThreadTest {
    @Test
    void tasksRunInOrderOnOneNamedDaemonThreadAndFinishLetsTheQueuedOnesComplete() {
        BackgroundThread background = new BackgroundThread("test-background");
        List<String> ran = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 50; i++) {
            int n = i;
            background.execute(() -> ran.add(n + " " + Thread.currentThread().getName() + " "
                    + Thread.currentThread().isDaemon()));
        }
        assertThat(background.finish(Duration.ofSeconds(10))).isTrue();
        assertThat(ran).hasSize(50);
        for (int i = 0; i < 50; i++) {
            assertThat(ran.get(i)).isEqualTo(i + " test-background true");
        }
    }

    @Test
    void stopNowInterruptsTheRunningTaskAndDropsTheWaitingOnes() throws Exception {
        BackgroundThread background = new BackgroundThread("test-background");
        CountDownLatch started = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        background.execute(() -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                ran.add("interrupted");
            }
        });
        background.execute(() -> ran.add("queued"));
        started.await();
        assertThat(background.stopNow(Duration.ofSeconds(10))).isTrue();
        assertThat(ran).containsExactly("interrupted");
    }
}
