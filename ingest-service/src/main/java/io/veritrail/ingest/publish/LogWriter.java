package io.veritrail.ingest.publish;

import io.veritrail.schemas.topic.KafkaClients;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.veritrail.ingest.dedupe.GuidIndex;
import io.veritrail.ingest.dedupe.GuidIndexFollower;
import io.veritrail.ingest.dedupe.PriorWrite;
import io.veritrail.ingest.validate.IncomingEvent;
import io.veritrail.schemas.avro.EventEnvelope;
import io.veritrail.schemas.crypto.DataProtection;
import io.veritrail.schemas.crypto.EntityKeyRecord;
import io.veritrail.schemas.crypto.EntityKeyRing;
import io.veritrail.schemas.crypto.MasterKeys;
import io.veritrail.schemas.registry.SchemaRegistryClient;
import io.veritrail.schemas.topic.EntityPartitioning;
import io.veritrail.schemas.serde.AvroSerializer;
import io.veritrail.schemas.topic.TopicPartitions;
import io.veritrail.schemas.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only writer of the {@code events} topic, and the place where "never lost, never doubled" is decided.
 *
 * <p>One transactional producer whose transactional id is shared by every ingest instance of a cluster. Kafka lets
 * one producer per transactional id write at a time: when another instance starts writing it fences this one,
 * and this one's next transaction fails. That makes the check "has this guid been written?" safe across
 * instances: before writing, a writer that (re)took the id reads the committed log to its end into the
 * {@link GuidIndex}, so it sees every guid the previous holder committed, and nobody can commit behind its back
 * while it holds the id.
 *
 * <p>Requests are group-committed: one thread drains the queue, writes everything waiting (several HTTP batches, or
 * one inbox poll) in one transaction, and answers them all when it commits. Any failure throws the producer away;
 * the retry takes the id again, catches up with the log and decides every event afresh, so an attempt whose commit
 * did land answers its events as written rather than doubling them.
 */
public final class LogWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LogWriter.class);
    private static final int MAX_ATTEMPTS = 5;
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;
    private final String transactionalId;
    private final GuidIndex index;
    private final GuidIndexFollower follower;
    private final LogRecords records;
    private final int maxEventsPerTransaction;
    private final KafkaConsumer<byte[], byte[]> endOffsets;
    private final LinkedBlockingDeque<Job> queue = new LinkedBlockingDeque<>();
    private final EntityKeyRing keys;
    private final Thread thread;
    private final Timer commitTime;
    private final Timer commitWait;
    private final DistributionSummary transactionSize;
    private final Counter leaseTaken;
    private KafkaProducer<byte[], byte[]> producer;
    private final java.util.concurrent.atomic.AtomicInteger keyPartitions;
    private volatile boolean running = true;

    /** Work for one request: events to write, and for the inbox, refused records and the offsets to commit. */
    private record Job(List<IncomingEvent> events, List<ProducerRecord<byte[], byte[]>> records,
                       List<GuidIndex.Entry> entries, List<DeadLetter> deadLetters,
                       BiFunction<Integer, WriteOutcome.Status, DeadLetter> onConflict,
                       Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group,
                       String token, CompletableFuture<List<WriteOutcome>> answer) {
        boolean fromInbox() {
            return group != null;
        }
    }

    /** @param keys the entities' data keys when event data is encrypted; null to write data as JSON text */
    public LogWriter(String bootstrapServers, SchemaRegistryClient registry, Clock clock, String transactionalId,
                     GuidIndex index, GuidIndexFollower follower, EntityKeyRing keys, int maxEventsPerTransaction,
                     MeterRegistry metrics) {
        this.keys = keys;
        this.keyPartitions = new java.util.concurrent.atomic.AtomicInteger();
        this.bootstrapServers = bootstrapServers;
        this.transactionalId = transactionalId;
        this.index = index;
        this.follower = follower;
        this.maxEventsPerTransaction = maxEventsPerTransaction;
        Map<String, Object> config = KafkaClients.config(bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "veritrail-ingest-log-end");
        this.endOffsets = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.records = new LogRecords(clock, TopicPartitions.of(endOffsets, Topics.EVENTS).size(),
                new AvroSerializer<>(registry));
        this.commitTime = Timer.builder("veritrail.ingest.transaction")
                .description("time to write and commit one transaction of the events log")
                .publishPercentiles(0.5, 0.99).register(metrics);
        this.commitWait = Timer.builder("veritrail.ingest.transaction.commit")
                .description("of a transaction's time, the wait for the log to take its last records and commit")
                .publishPercentiles(0.5, 0.99).register(metrics);
        this.transactionSize = DistributionSummary.builder("veritrail.ingest.transaction.events")
                .description("events per transaction (several requests are committed together)").register(metrics);
        this.leaseTaken = Counter.builder("veritrail.ingest.writer.takeovers")
                .description("times this instance took the writer's transactional id (start, or after being fenced)")
                .register(metrics);
        this.thread = new Thread(this::run, "ingest-log-writer");
        thread.start();
    }

    /** Writes the events that are new, in one transaction; answers each in order. */
    public CompletableFuture<List<WriteOutcome>> submit(List<IncomingEvent> events) {
        return enqueue(events, List.of(), null, Map.of(), null);
    }

    /**
     * For the inbox: writes the new events, the dead letters, and the consumer's offsets in one transaction, so
     * that each inbox record ends up in exactly one of {@code events} or {@code events.dlq}. An event whose guid
     * conflicts, or whose entity was erased, becomes the dead letter {@code onConflict} gives for its index.
     */
    public CompletableFuture<List<WriteOutcome>> submitInbox(List<IncomingEvent> events, List<DeadLetter> deadLetters,
                                                             BiFunction<Integer, WriteOutcome.Status, DeadLetter> onConflict,
                                                             Map<TopicPartition, OffsetAndMetadata> offsets,
                                                             ConsumerGroupMetadata group) {
        return enqueue(events, deadLetters, onConflict, offsets, group);
    }

    private CompletableFuture<List<WriteOutcome>> enqueue(List<IncomingEvent> events, List<DeadLetter> deadLetters,
                                                          BiFunction<Integer, WriteOutcome.Status, DeadLetter> onConflict,
                                                          Map<TopicPartition, OffsetAndMetadata> offsets,
                                                          ConsumerGroupMetadata group) {
        CompletableFuture<List<WriteOutcome>> answer = new CompletableFuture<>();
        if (!running) {
            answer.completeExceptionally(new LogUnavailableException("ingest is shutting down", null));
            return answer;
        }
        List<ProducerRecord<byte[], byte[]>> built = new ArrayList<>(events.size());
        List<GuidIndex.Entry> entries = new ArrayList<>(events.size());
        String token = UUID.randomUUID().toString();
        try {
            // The guid index entry of each event is made here, and looked up in the index's sealed files, not on the
            // one writer thread every event passes through: the writer only finishes the lookup and adds where the
            // event landed. So is the guid's hash (a String keeps it): the writer's lookups of the transaction's own
            // guids were a fifth of its profile.
            GuidIndex.RequestEntries request = index.requestEntries(token);
            for (IncomingEvent event : events) {
                entries.add(request.entry(event.guid(), event.fingerprint()));
                event.guid().hashCode();
            }
            // Serialising here spreads the Avro work over the request threads instead of the one writer thread.
            // Encrypted data needs the entity's key, which only the writer may create: built there instead.
            if (keys == null) {
                Header requestHeader = LogRecords.requestHeader(token);
                events.forEach(event -> built.add(records.of(event, requestHeader, null)));
            }
        } catch (RuntimeException e) {
            answer.completeExceptionally(new LogUnavailableException("cannot serialise the events: " + e.getMessage(), e));
            return answer;
        }
        queue.add(new Job(List.copyOf(events), built, entries, List.copyOf(deadLetters), onConflict,
                Map.copyOf(offsets), group, token, answer));
        return answer;
    }

    private void run() {
        while (running) {
            List<Job> jobs;
            try {
                jobs = nextJobs();
            } catch (InterruptedException e) {
                break;
            }
            if (!jobs.isEmpty()) {
                writeWithRetries(jobs);
            }
        }
        Job left;
        while ((left = queue.poll()) != null) {
            left.answer().completeExceptionally(new LogUnavailableException("ingest is shutting down", null));
        }
        dropProducer();
        endOffsets.close();
    }

    /** Everything waiting, up to the transaction limit; an inbox job always goes alone so its failure is its own. */
    private List<Job> nextJobs() throws InterruptedException {
        Job first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
            return List.of();
        }
        List<Job> jobs = new ArrayList<>();
        jobs.add(first);
        if (first.fromInbox()) {
            return jobs;
        }
        int events = first.events().size();
        Job next;
        while ((next = queue.peekFirst()) != null && !next.fromInbox()
                && events + next.events().size() <= maxEventsPerTransaction) {
            jobs.add(queue.pollFirst());
            events += next.events().size();
        }
        return jobs;
    }

    private void writeWithRetries(List<Job> jobs) {
        for (int attempt = 1; ; attempt++) {
            try {
                takeWriterIdIfNeeded();
                List<List<WriteOutcome>> outcomes = transact(jobs);
                for (int i = 0; i < jobs.size(); i++) {
                    jobs.get(i).answer().complete(outcomes.get(i));
                }
                return;
            } catch (RuntimeException | ExecutionException | java.util.concurrent.TimeoutException e) {
                // Whatever went wrong, this producer's transaction state is suspect: start over with a new one.
                dropProducer();
                if (attempt >= MAX_ATTEMPTS || !running) {
                    log.warn("giving up on {} request(s) after {} attempts: {}", jobs.size(), attempt, e.toString());
                    LogUnavailableException failure = new LogUnavailableException(
                            "the events log did not take the write: " + e.getMessage(), e);
                    jobs.forEach(job -> job.answer().completeExceptionally(failure));
                    return;
                }
                if (e instanceof org.apache.kafka.common.KafkaException) {
                    log.info("write attempt {} failed ({}); retrying with a fresh producer", attempt, e.toString());
                } else {
                    log.warn("write attempt {} failed; retrying with a fresh producer", attempt, e);
                }
                sleep(ThreadLocalRandom.current().nextLong(20, 100L * attempt));
            }
        }
    }

    private void takeWriterIdIfNeeded() throws java.util.concurrent.TimeoutException {
        if (producer != null) {
            return;
        }
        Map<String, Object> config = ProducerSettings.durable(bootstrapServers, "veritrail-ingest-writer");
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        KafkaProducer<byte[], byte[]> fresh = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer());
        try {
            // Fences the previous holder: from here on, nobody else commits to the log until someone fences us.
            fresh.initTransactions();
            Map<Integer, Long> ends = new HashMap<>();
            committedEnds(Topics.EVENTS).forEach((partition, end) -> ends.put(partition.partition(), end));
            follower.awaitCaughtUp(ends, CATCH_UP_TIMEOUT);
            if (keys != null) {
                // Also every data key the previous holder created: an entity never gets a second key.
                Map<TopicPartition, Long> keyEnds = committedEnds(Topics.ENTITY_KEYS);
                keys.awaitCaughtUp(keyEnds, CATCH_UP_TIMEOUT);
                keyPartitions.set(keyEnds.size());
            }
        } catch (RuntimeException | java.util.concurrent.TimeoutException e) {
            fresh.close(Duration.ZERO);
            throw e;
        }
        producer = fresh;
        follower.holdingWriterId(true);
        leaseTaken.increment();
        log.info("holding the events writer id {}", transactionalId);
    }

    /**
     * The end offsets of a topic's partitions as a {@code read_committed} reader sees them. The consumer is assigned
     * the partitions it asks about, though it never polls: asked about partitions it is not assigned, Kafka's
     * consumer logs a warning for each ("Not updating last stable offset ... as it is no longer assigned").
     */
    private Map<TopicPartition, Long> committedEnds(String topic) {
        List<TopicPartition> partitions = TopicPartitions.of(endOffsets, topic);
        java.util.Set<TopicPartition> assigned = new java.util.HashSet<>(endOffsets.assignment());
        if (assigned.addAll(partitions)) {
            endOffsets.assign(assigned);
        }
        return endOffsets.endOffsets(partitions);
    }

    /** One transaction for all the jobs; answers per job, in order. */
    private List<List<WriteOutcome>> transact(List<Job> jobs) throws ExecutionException {
        long started = System.nanoTime();
        producer.beginTransaction();
        Map<String, Pending> inThisTransaction =
                HashMap.newHashMap(jobs.stream().mapToInt(job -> job.events().size()).sum());
        Map<String, MasterKeys.EntityKey> newKeys = new HashMap<>();
        List<List<Decision>> decisions = new ArrayList<>(jobs.size());
        int written = 0;
        for (Job job : jobs) {
            List<Decision> jobDecisions = new ArrayList<>(job.events().size());
            for (int i = 0; i < job.events().size(); i++) {
                IncomingEvent event = job.events().get(i);
                Decision decision = decide(job, i, inThisTransaction);
                ProducerRecord<byte[], byte[]> record = null;
                if (decision.status() == null) {
                    record = keys == null ? job.records().get(i) : sealed(event, job.token(), newKeys);
                    if (record == null) {
                        decision = new Decision(WriteOutcome.Status.ERASED, event.guid(), new PriorWrite(-1, -1, "", ""), null);
                    }
                }
                if (decision.status() == null) {
                    Pending pending = new Pending(event.fingerprint(), job.entries().get(i), producer.send(record));
                    inThisTransaction.put(event.guid(), pending);
                    decision = new Decision(WriteOutcome.Status.WRITTEN, event.guid(), null, pending);
                    written++;
                } else if (decision.status() != WriteOutcome.Status.DUPLICATE && job.onConflict() != null) {
                    producer.send(job.onConflict().apply(i, decision.status()).record());
                }
                jobDecisions.add(decision);
            }
            for (DeadLetter dead : job.deadLetters()) {
                producer.send(dead.record());
            }
            if (job.fromInbox() && !job.offsets().isEmpty()) {
                producer.sendOffsetsToTransaction(job.offsets(), job.group());
            }
            decisions.add(jobDecisions);
        }
        long committing = System.nanoTime();
        producer.commitTransaction();
        long committed = System.nanoTime();
        commitTime.record(committed - started, TimeUnit.NANOSECONDS);
        commitWait.record(committed - committing, TimeUnit.NANOSECONDS);
        transactionSize.record(written);

        List<GuidIndex.Placed> placed = new ArrayList<>(inThisTransaction.size());
        Map<Integer, Long> reached = new HashMap<>();
        for (Pending pending : inThisTransaction.values()) {
            RecordMetadata meta = pending.place();
            placed.add(new GuidIndex.Placed(pending.entry(), meta.partition(), meta.offset()));
            reached.merge(meta.partition(), meta.offset() + 1, Math::max);
        }
        // Nobody else writes while this instance holds the writer id, so everything below its own records was read
        // before: the index may say it reached past them, and a restart does not read them back.
        index.record(placed, reached);
        if (keys != null) {
            newKeys.values().forEach(keys::created);
        }
        jobs.forEach(job -> follower.recordedHere(job.token()));
        List<List<WriteOutcome>> outcomes = new ArrayList<>(jobs.size());
        for (List<Decision> jobDecisions : decisions) {
            outcomes.add(jobDecisions.stream().map(Decision::outcome).toList());
        }
        return outcomes;
    }

    /**
     * The event's record with its data sealed under its entity's key; a new entity gets a new key, written to
     * {@code entity-keys} in this same transaction, so no reader ever sees an event whose key is not committed.
     * Null when the entity was erased.
     */
    private ProducerRecord<byte[], byte[]> sealed(IncomingEvent event, String token,
                                                  Map<String, MasterKeys.EntityKey> newKeys) {
        String entity = event.entityGuid();
        javax.crypto.SecretKey key;
        MasterKeys.EntityKey created = newKeys.get(entity);
        if (created != null) {
            key = created.dataKey();
        } else {
            switch (keys.find(entity).orElse(null)) {
                case EntityKeyRing.KeyState.Active(javax.crypto.SecretKey known) -> key = known;
                case EntityKeyRing.KeyState.Erased erased -> {
                    return null;
                }
                case EntityKeyRing.KeyState.Unusable(String reason) -> throw new IllegalStateException(
                        "the data key of " + entity + " cannot be used by this instance: " + reason);
                case null -> {
                    MasterKeys.EntityKey fresh = keys.masters().newEntityKey(entity);
                    producer.send(new ProducerRecord<>(Topics.ENTITY_KEYS,
                            EntityPartitioning.partitionFor(entity, keyPartitions.get()),
                            entity.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                            new EntityKeyRecord.Wrapped(fresh.wrapped(), java.time.Instant.now()).bytes()));
                    newKeys.put(entity, fresh);
                    key = fresh.dataKey();
                }
            }
        }
        return records.of(event, LogRecords.requestHeader(token), DataProtection.sealEvent(key, entity,
                event.dataUtf8()));
    }

    private Decision decide(Job job, int i, Map<String, Pending> inThisTransaction) {
        IncomingEvent event = job.events().get(i);
        Pending pending = inThisTransaction.get(event.guid());
        if (pending != null) {
            return new Decision(pending.fingerprint().equals(event.fingerprint())
                    ? WriteOutcome.Status.DUPLICATE : WriteOutcome.Status.CONFLICT, event.guid(), null, pending);
        }
        return index.find(job.entries().get(i))
                .map(prior -> new Decision(status(job, event, prior), event.guid(), prior, null))
                .orElse(new Decision(null, event.guid(), null, null));
    }

    private static WriteOutcome.Status status(Job job, IncomingEvent event, PriorWrite prior) {
        if (!prior.sameContentAs(event.fingerprint())) {
            return WriteOutcome.Status.CONFLICT;
        }
        // An earlier attempt of this very request committed after all (its commit answer was lost): it was written
        // for this request. Any other writer's record, even of the same content, makes this request a duplicate.
        return job.token().equals(prior.requestToken()) ? WriteOutcome.Status.WRITTEN : WriteOutcome.Status.DUPLICATE;
    }

    private record Pending(String fingerprint, GuidIndex.Entry entry, Future<RecordMetadata> sent) {
        RecordMetadata place() throws ExecutionException {
            try {
                return sent.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ExecutionException(e);
            }
        }
    }

    /** A decision about one event; its place is known once the transaction has committed. */
    private record Decision(WriteOutcome.Status status, String guid, PriorWrite prior, Pending pending) {
        WriteOutcome outcome() {
            try {
                if (prior != null) {
                    return new WriteOutcome(status, new Accepted(guid, Topics.EVENTS, prior.partition(), prior.offset()));
                }
                RecordMetadata meta = pending.place();
                return new WriteOutcome(status, new Accepted(guid, Topics.EVENTS, meta.partition(), meta.offset()));
            } catch (ExecutionException e) {
                // Cannot happen: a commit succeeds only after every send of the transaction did.
                throw new IllegalStateException("a committed send reported a failure", e.getCause());
            }
        }
    }

    private void dropProducer() {
        follower.holdingWriterId(false);
        if (producer != null) {
            try {
                producer.close(Duration.ZERO);
            } catch (RuntimeException e) {
                log.debug("closing a failed producer: {}", e.toString());
            }
            producer = null;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
