package io.veritrail.ingest.inbox;

import io.veritrail.schemas.topic.KafkaClients;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.veritrail.ingest.publish.DeadLetter;
import io.veritrail.ingest.publish.LogWriter;
import io.veritrail.ingest.publish.WriteOutcome;
import io.veritrail.ingest.validate.ChecksUnavailableException;
import io.veritrail.ingest.validate.EventChecks;
import io.veritrail.ingest.validate.IncomingEvent;
import io.veritrail.ingest.validate.Validation;
import io.veritrail.ingest.validate.Violation;
import io.veritrail.schemas.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka front door: takes what third-party clients produce to {@code events.inbox} through the same checks and
 * dedupe as HTTP. Good records reach {@code events}, refused ones {@code events.dlq} with the reason in headers,
 * and the inbox offsets are committed in the same transaction: each inbox record lands in exactly one of the two
 * topics, once, across crashes and restarts. A duplicate (same guid, same content) lands in neither.
 */
public final class InboxGate implements AutoCloseable {
    public static final String GROUP = "veritrail-ingest-inbox";
    private static final Logger log = LoggerFactory.getLogger(InboxGate.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final InboxDecoder decoder;
    private final EventChecks checks;
    private final LogWriter writer;
    private final Duration writeTimeout;
    private final Thread thread;
    private final Counter accepted;
    private final Counter duplicates;
    private final Counter deadLettered;
    private volatile boolean running = true;

    public InboxGate(String bootstrapServers, InboxDecoder decoder, EventChecks checks, LogWriter writer,
                     Duration writeTimeout, MeterRegistry metrics) {
        this.decoder = decoder;
        this.checks = checks;
        this.writer = writer;
        this.writeTimeout = writeTimeout;
        Map<String, Object> config = KafkaClients.config(bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "veritrail-ingest-inbox");
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.accepted = counter(metrics, "accepted");
        this.duplicates = counter(metrics, "duplicate");
        this.deadLettered = counter(metrics, "dead-lettered");
        this.thread = new Thread(this::run, "ingest-inbox");
        thread.setDaemon(true);
        thread.start();
    }

    private static Counter counter(MeterRegistry metrics, String outcome) {
        return Counter.builder("veritrail.ingest.inbox.records").tag("outcome", outcome)
                .description("records taken from events.inbox").register(metrics);
    }

    private void run() {
        try {
            consumer.subscribe(List.of(Topics.EVENTS_INBOX));
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty() && !pass(records)) {
                    rewind(records);
                    Thread.sleep(1000);
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("the inbox gate stopped; records on {} wait until ingest restarts", Topics.EVENTS_INBOX, e);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /** Sends one poll through; false when it must be tried again (nothing of it was written). */
    private boolean pass(ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
        List<IncomingEvent> events = new ArrayList<>();
        List<ConsumerRecord<byte[], byte[]>> sources = new ArrayList<>();
        List<DeadLetter> refused = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        try {
            for (ConsumerRecord<byte[], byte[]> record : records) {
                next.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
                switch (decoder.decode(record.value())) {
                    case InboxDecoder.Decoded.Unreadable(String reason) -> refused.add(deadLetter(record, reason, null));
                    case InboxDecoder.Decoded.Envelope(var body) -> {
                        switch (checks.check(body)) {
                            case Validation.Valid(IncomingEvent event) -> {
                                events.add(event);
                                sources.add(record);
                            }
                            case Validation.Invalid(List<Violation> violations) -> refused.add(deadLetter(record,
                                    violations.stream().map(v -> v.field() + " " + v.message())
                                            .collect(Collectors.joining("; ")), violations.getFirst().field()));
                        }
                    }
                }
            }
        } catch (ChecksUnavailableException e) {
            log.warn("inbox waits: {}", e.getMessage());
            return false;
        }
        try {
            List<WriteOutcome> outcomes = writer.submitInbox(events, refused,
                    (i, status) -> status == WriteOutcome.Status.ERASED
                            ? deadLetter(sources.get(i), "entity erased: " + events.get(i).entityGuid()
                            + " takes no new events", "/entityGuid")
                            : deadLetter(sources.get(i), "guid conflict: " + events.get(i).guid()
                            + " was already used by an event with other content", "/guid"),
                    next, consumer.groupMetadata()).get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
            count(outcomes, refused.size());
            return true;
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            log.warn("inbox records not written, trying again: {}", e.toString());
            return false;
        }
    }

    private void count(List<WriteOutcome> outcomes, int refused) {
        for (WriteOutcome outcome : outcomes) {
            switch (outcome.status()) {
                case WRITTEN -> accepted.increment();
                case DUPLICATE -> duplicates.increment();
                case CONFLICT, ERASED -> deadLettered.increment();
            }
        }
        deadLettered.increment(refused);
    }

    private static DeadLetter deadLetter(ConsumerRecord<byte[], byte[]> record, String reason, String field) {
        return new DeadLetter(record.key(), record.value(), record.headers(), reason, field, record.topic(),
                record.partition(), record.offset());
    }

    /** Back to the first record of the failed poll, so the next poll reads it again. */
    private void rewind(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            if (consumer.assignment().contains(partition)) {
                consumer.seek(partition, records.records(partition).getFirst().offset());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        KafkaClients.stopPolling(consumer, thread);
    }
}
