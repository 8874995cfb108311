package io.veritrail.projector.replay;

import io.veritrail.schemas.topic.TopicProvisioner;
import io.veritrail.schemas.topic.TopicSpec;
import io.veritrail.schemas.topic.Topics;
import io.veritrail.service.files.Folders;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
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
    /** The topics only the projector writes: rebuilt by a replay. */
    private static final Set<String> DERIVED_TOPICS = Set.of(Topics.ENTITY_CHANGES, Topics.ENTITY_STATE,
            Topics.ENTITY_MEMBERSHIPS);

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
        TopicProvisioner topics = new TopicProvisioner(admin);
        Set<String> derived = topics.topicNames().stream()
                .filter(t -> t.startsWith(applicationId + "-") || DERIVED_TOPICS.contains(t))
                .collect(Collectors.toSet());
        topics.delete(derived, Duration.ofSeconds(60));
        progress.accept("deleted topics " + derived.stream().sorted().toList());
        List<TopicSpec> outputs = Topics.all(partitions, replication, false).stream()
                .filter(spec -> DERIVED_TOPICS.contains(spec.name()))
                .toList();
        topics.ensure(outputs, Duration.ofSeconds(60));
        progress.accept("recreated " + DERIVED_TOPICS.stream().sorted().toList());
        Folders.deleteRecursively(stateDir);
        progress.accept("wiped the local stores in " + stateDir);
    }
}
