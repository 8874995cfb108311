package io.veritrail.projector.replay;

import io.veritrail.schemas.topic.TopicProvisioner;
import io.veritrail.schemas.topic.TopicSpec;
import io.veritrail.schemas.topic.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Prepares a replay: with every projector instance stopped, forgets everything the projector derived — its
 * committed positions, its changelog topics, the local stores and the two output topics — so that the next start
 * folds the log again from offset 0 and rebuilds all of it. The event log itself is not touched.
 */
public final class ProjectorReset {
    private final Admin admin;
    private final Consumer<String> progress;

    public ProjectorReset(Admin admin, Consumer<String> progress) {
        this.admin = admin;
        this.progress = progress;
    }

    public void reset(String applicationId, Path stateDir, int partitions, short replication) throws IOException {
        try {
            if (!admin.describeConsumerGroups(List.of(applicationId)).all().get().get(applicationId).members().isEmpty()) {
                throw new IllegalStateException("projector instances of " + applicationId
                        + " are still running; stop them all before a replay");
            }
            admin.deleteConsumerGroups(List.of(applicationId)).all().get();
            progress.accept("forgot the committed positions of " + applicationId);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                throw new IllegalStateException("cannot reset the group " + applicationId, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Set<String> derived = call(() -> admin.listTopics().names().get()).stream()
                .filter(t -> t.startsWith(applicationId + "-") || t.equals(Topics.ENTITY_CHANGES) || t.equals(Topics.ENTITY_STATE))
                .collect(Collectors.toSet());
        call(() -> admin.deleteTopics(derived).all().get());
        awaitDeleted(derived);
        progress.accept("deleted topics " + derived.stream().sorted().toList());
        List<TopicSpec> outputs = Topics.all(partitions, replication, false).stream()
                .filter(spec -> spec.name().equals(Topics.ENTITY_CHANGES) || spec.name().equals(Topics.ENTITY_STATE))
                .toList();
        new TopicProvisioner(admin).ensure(outputs, Duration.ofSeconds(60));
        progress.accept("recreated " + Topics.ENTITY_CHANGES + " and " + Topics.ENTITY_STATE);
        deleteRecursively(stateDir);
        progress.accept("wiped the local stores in " + stateDir);
    }

    private void awaitDeleted(Set<String> topics) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (call(() -> admin.listTopics().names().get()).stream().anyMatch(topics::contains)) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("topics not deleted after 60 s: " + topics);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private interface AdminCall<T> {
        T run() throws InterruptedException, ExecutionException;
    }

    private static <T> T call(AdminCall<T> call) {
        try {
            return call.run();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
