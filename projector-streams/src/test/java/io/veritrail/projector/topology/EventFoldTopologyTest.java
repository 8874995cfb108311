package io.veritrail.projector.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.veritrail.projector.apply.ApplierRegistry;
import io.veritrail.projector.apply.Entity;
import io.veritrail.projector.apply.Event;
import io.veritrail.projector.apply.EventApplier;
import io.veritrail.projector.store.StoreNames;
import io.veritrail.schemas.avro.EntityChange;
import io.veritrail.schemas.avro.EntityState;
import io.veritrail.schemas.avro.EventEnvelope;
import io.veritrail.schemas.avro.SyncLevel;
import io.veritrail.schemas.topic.EventKey;
import io.veritrail.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fold topology, record by record: every built-in applier, its rules, dedupe and the rejection path. */
class EventFoldTopologyTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private TopologyTestDriver driver;
    private TestInputTopic<String, EventEnvelope> events;
    private TestOutputTopic<String, EntityChange> changes;
    private TestOutputTopic<String, EntityState> states;
    private TestOutputTopic<String, EventEnvelope> rejected;
    private SimpleMeterRegistry metrics;
    private int clock;

    @BeforeEach
    void start(@TempDir Path stateDir) {
        metrics = new SimpleMeterRegistry();
        List<EventApplier> appliers = new ArrayList<>(ApplierRegistry.builtIns());
        appliers.add(new EventApplier() {
            public String eventType() {
                return "explode";
            }

            public Entity apply(Entity current, Event event) {
                throw new IllegalStateException("applier bug");
            }
        });
        var serdes = new ProjectorTopology.TopologySerdes(PlainAvroSerde.of(EventEnvelope.class),
                PlainAvroSerde.of(EntityChange.class), PlainAvroSerde.of(EntityState.class));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        // Not the shared default under /tmp/kafka-streams, which a killed run would leave behind for the next.
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ProjectorTopology.build(serdes, new ApplierRegistry(appliers), 3, metrics), props);
        events = driver.createInputTopic(Topics.EVENTS, Serdes.String().serializer(), serdes.events().serializer());
        changes = driver.createOutputTopic(Topics.ENTITY_CHANGES, Serdes.String().deserializer(), serdes.changes().deserializer());
        states = driver.createOutputTopic(Topics.ENTITY_STATE, Serdes.String().deserializer(), serdes.states().deserializer());
        rejected = driver.createOutputTopic(Topics.EVENTS_REJECTED, Serdes.String().deserializer(), serdes.events().deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private EventEnvelope send(String entity, String type, String dataJson) {
        return send(UUID.randomUUID().toString(), entity, type, dataJson);
    }

    private EventEnvelope send(String guid, String entity, String type, Object data) {
        clock++;
        EventEnvelope envelope = EventEnvelope.newBuilder().setGuid(guid).setEntityGuid(entity).setType(type)
                .setData(data).setTimestamp(T0.plusSeconds(clock)).setUserId("u1").setSyncLevel(SyncLevel.REMOTE)
                .setArrivalTime(T0.plusSeconds(1000 + clock)).build();
        events.pipeInput(new EventKey(entity, guid).text(), envelope);
        return envelope;
    }

    private Entity stored(String id) {
        KeyValueStore<String, Entity> store = driver.getKeyValueStore(StoreNames.ENTITIES);
        return store.get(id);
    }

    private double count(String outcome) {
        return metrics.get("veritrail.projector.events").tag("outcome", outcome).counter().count();
    }

    @Test
    void createIndividualMakesVersionOneAndTellsDownstream() {
        EventEnvelope create = send("p1", "create-individual", "{\"name\":\"Ada\",\"age\":36}");

        Entity entity = stored("p1");
        assertThat(entity.version()).isEqualTo(1);
        assertThat(entity.type()).isEqualTo("individual");
        assertThat(entity.data()).isEqualTo(Map.of("name", "Ada", "age", 36));
        assertThat(entity.createdAt()).isEqualTo(create.getTimestamp());

        TestRecord<String, EntityChange> change = changes.readRecord();
        assertThat(change.key()).isEqualTo("p1");
        assertThat(change.value().getVersion()).isEqualTo(1);
        assertThat(change.value().getEventGuid()).isEqualTo(create.getGuid());
        assertThat(change.value().getChanges()).extracting(c -> c.getField() + ":" + c.getOldValue() + "->" + c.getNewValue())
                .containsExactly("name:null->\"Ada\"", "age:null->36");
        assertThat(states.readRecord().value().getData()).isEqualTo("{\"name\":\"Ada\",\"age\":36}");
        assertThat(rejected.isEmpty()).isTrue();
    }

    @Test
    void updateMergesShallowlyRemovesNullsAndListsTheChanges() {
        send("p1", "create-individual", "{\"name\":\"Ada\",\"age\":36,\"phone\":\"1\"}");
        send("p1", "update-individual", "{\"age\":37,\"phone\":null,\"village\":\"Kayes\"}");

        assertThat(stored("p1").data()).isEqualTo(Map.of("name", "Ada", "age", 37, "village", "Kayes"));
        assertThat(stored("p1").version()).isEqualTo(2);
        changes.readRecord();
        EntityChange change = changes.readValue();
        assertThat(change.getVersion()).isEqualTo(2);
        assertThat(change.getChanges()).extracting(c -> c.getField() + ":" + c.getOldValue() + "->" + c.getNewValue())
                .containsExactlyInAnyOrder("age:36->37", "phone:\"1\"->null", "village:null->\"Kayes\"");
    }

    @Test
    void groupsAreCreatedAndUpdatedLikeIndividuals() {
        send("g1", "create-group", "{\"name\":\"Household 7\"}");
        send("g1", "update-group", "{\"village\":\"Kayes\"}");
        assertThat(stored("g1").type()).isEqualTo("group");
        assertThat(stored("g1").data()).containsEntry("village", "Kayes");
        send("g1", "update-individual", "{\"x\":1}");
        assertThat(rejected.readRecord().headers().lastHeader(Headers.REASON).value())
                .asString(StandardCharsets.UTF_8).contains("is a group, not a individual");
    }

    @Test
    void brokenRulesAreRejectedWithTheReasonAndLeaveTheEntityAsItWas() {
        send("p1", "update-individual", "{\"age\":1}");
        send("p2", "create-individual", "{\"name\":\"Bo\"}");
        send("p2", "create-individual", "{\"name\":\"Bo again\"}");
        send("p2", "teleport", "{}");
        send("p2", "explode", "{}");
        send(UUID.randomUUID().toString(), "p2", "update-individual", "not json");
        send(UUID.randomUUID().toString(), "p2", "update-individual", ByteBuffer.wrap(new byte[] {1, 2}));

        List<String> reasons = new ArrayList<>();
        while (!rejected.isEmpty()) {
            TestRecord<String, EventEnvelope> r = rejected.readRecord();
            reasons.add(new String(r.headers().lastHeader(Headers.REASON).value(), StandardCharsets.UTF_8));
            assertThat(r.headers().lastHeader(Headers.SOURCE_OFFSET)).isNotNull();
        }
        assertThat(reasons).hasSize(6);
        assertThat(reasons.get(0)).contains("no individual p1 to update");
        assertThat(reasons.get(1)).contains("exists already");
        assertThat(reasons.get(2)).contains("no applier for event type teleport");
        assertThat(reasons.get(3)).contains("applier bug");
        assertThat(reasons.get(4)).contains("not a JSON object");
        assertThat(reasons.get(5)).contains("encrypted");
        assertThat(stored("p1")).isNull();
        assertThat(stored("p2").version()).isEqualTo(1);
        assertThat(stored("p2").data()).isEqualTo(Map.of("name", "Bo"));
        assertThat(count("rejected")).isEqualTo(6);

        send("p2", "update-individual", "{\"age\":5}");
        assertThat(stored("p2").version()).as("the stream goes on after rejections").isEqualTo(2);
    }

    @Test
    void anEventProducedTwiceIsAppliedOnce() {
        String guid = UUID.randomUUID().toString();
        send("p1", "create-individual", "{\"n\":0}");
        send(guid, "p1", "update-individual", "{\"n\":1}");
        send(guid, "p1", "update-individual", "{\"n\":1}");
        assertThat(stored("p1").version()).isEqualTo(2);
        assertThat(changes.readValuesToList()).hasSize(2);
        assertThat(count("duplicate")).isEqualTo(1);
        assertThat(rejected.isEmpty()).isTrue();
    }

    @Test
    void deleteHidesTheEntityKeepsItsStateAndEndsItsLife() {
        send("p1", "create-individual", "{\"name\":\"Ada\"}");
        EventEnvelope delete = send("p1", "delete-entity", "{\"reason\":\"duplicate registration\"}");

        Entity entity = stored("p1");
        assertThat(entity.deleted()).isTrue();
        assertThat(entity.version()).isEqualTo(2);
        assertThat(entity.data()).containsEntry("name", "Ada");
        List<EntityChange> all = changes.readValuesToList();
        assertThat(all.getLast().getEntity().getDeleted()).isTrue();
        assertThat(all.getLast().getEventGuid()).isEqualTo(delete.getGuid());
        List<TestRecord<String, EntityState>> latest = states.readRecordsToList();
        assertThat(latest.getLast().value()).as("a tombstone on entity-state").isNull();

        send("p1", "update-individual", "{\"name\":\"Eve\"}");
        send("p1", "delete-entity", "{}");
        send("p1", "create-individual", "{\"name\":\"Reuse\"}");
        assertThat(rejected.readValuesToList()).hasSize(3);
        assertThat(stored("p1").version()).isEqualTo(2);
    }

    @Test
    void groupsListTheirMembersByTheGroupsOwnRules() {
        send("g1", "create-group", "{\"name\":\"Household 7\"}");
        send("p1", "create-individual", "{\"name\":\"Ada\"}");
        send("g1", "add-member", "{\"memberGuid\":\"p1\"}");
        send("g1", "add-member", "{\"memberGuid\":\"p2\"}");
        assertThat(stored("g1").members()).containsExactly("p1", "p2");
        assertThat(stored("g1").version()).isEqualTo(3);

        send("g1", "add-member", "{\"memberGuid\":\"p1\"}");
        send("g1", "remove-member", "{\"memberGuid\":\"p9\"}");
        send("g1", "add-member", "{\"memberGuid\":\"g1\"}");
        send("g1", "add-member", "{}");
        send("p1", "add-member", "{\"memberGuid\":\"p2\"}");
        assertThat(rejected.readValuesToList()).hasSize(5);

        assertThat(stored("p1").groups()).as("the member knows its group").containsExactly("g1");
        assertThat(stored("p1").version()).as("joining is the group's event, not the member's").isEqualTo(1);
        assertThat(stored("p2")).as("p2 does not exist yet").isNull();
        send("p2", "create-individual", "{\"name\":\"Bo\"}");
        assertThat(stored("p2").groups()).as("a member created after it was added learns its group").containsExactly("g1");

        send("g1", "remove-member", "{\"memberGuid\":\"p1\"}");
        assertThat(stored("g1").members()).containsExactly("p2");
        assertThat(stored("p1").groups()).isEmpty();
        List<TestRecord<String, EntityState>> latest = states.readRecordsToList();
        assertThat(latest.stream().filter(r -> r.key().equals("g1")).toList().getLast().value().getMembers())
                .containsExactly("p2");
        assertThat(latest.stream().filter(r -> r.key().equals("p1")).toList().getLast().value().getGroups())
                .as("downstream sees the member's groups too").isEmpty();
    }

    @Test
    void everyEventJoinsTheAuditTrailAndEveryThirdMakesASnapshot() {
        send("p1", "create-individual", "{\"name\":\"Ada\"}");
        send("p1", "update-individual", "{\"age\":1}");
        send("p1", "create-individual", "{\"name\":\"again\"}");
        for (int i = 2; i <= 6; i++) {
            send("p1", "update-individual", "{\"age\":" + i + "}");
        }
        KeyValueStore<String, io.veritrail.projector.timetravel.HistoryEntry> history = driver.getKeyValueStore(StoreNames.HISTORY);
        List<io.veritrail.projector.timetravel.HistoryEntry> trail = new ArrayList<>();
        try (var it = history.range(io.veritrail.projector.store.HistoryKeys.first("p1"),
                io.veritrail.projector.store.HistoryKeys.last("p1"))) {
            it.forEachRemaining(kv -> trail.add(kv.value));
        }
        assertThat(trail).extracting(e -> e.seq()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(trail.get(2).applied()).isFalse();
        assertThat(trail.get(2).reason()).contains("exists already");
        assertThat(trail.get(2).versionAfter()).isEqualTo(2);
        assertThat(trail.get(1).changes()).extracting(c -> c.field() + ":" + c.oldValue() + "->" + c.newValue())
                .containsExactly("age:null->1");
        assertThat(trail.getLast().versionAfter()).isEqualTo(7);

        KeyValueStore<String, io.veritrail.projector.timetravel.Snapshot> snapshots = driver.getKeyValueStore(StoreNames.SNAPSHOTS);
        var third = snapshots.get(io.veritrail.projector.store.HistoryKeys.of("p1", 3));
        assertThat(third.entity().version()).isEqualTo(2);
        assertThat(third.maxTimestamp()).isEqualTo(trail.get(2).timestamp());
        assertThat(snapshots.get(io.veritrail.projector.store.HistoryKeys.of("p1", 6)).entity().data()).containsEntry("age", 4);
        assertThat(snapshots.get(io.veritrail.projector.store.HistoryKeys.of("p1", 4))).isNull();
    }

    /** Sends an event with an explicit timestamp (seconds after T0). */
    private void sendAt(String entity, String type, String data, long seconds) {
        String guid = UUID.randomUUID().toString();
        EventEnvelope envelope = EventEnvelope.newBuilder().setGuid(guid).setEntityGuid(entity).setType(type)
                .setData(data).setTimestamp(T0.plusSeconds(seconds)).setUserId("u1").setSyncLevel(SyncLevel.REMOTE)
                .setArrivalTime(T0).build();
        events.pipeInput(new EventKey(entity, guid).text(), envelope);
    }

    @Test
    void timeTravelFromTheStoresPicksSnapshotAndLateEventsAsTheNaiveFoldWould() {
        java.util.Random random = new java.util.Random(5);
        sendAt("tt", "create-individual", "{\"n\":0}", 10);
        for (int i = 1; i < 60; i++) {
            boolean lateSync = random.nextInt(5) == 0;
            long seconds = lateSync ? random.nextInt(i * 10) : i * 10L + 5;
            String type = i == 30 ? "delete-entity" : i == 31 ? "update-individual" : "update-individual";
            sendAt("tt", type, "{\"n\":" + i + "}", seconds);
        }
        sendAt("tt", "update-individual", "{\"n\":60}", 605);
        // 61 events: not a multiple of the snapshot interval (3), so this snapshot is one only a request makes.
        driver.createInputTopic(Topics.PROJECTOR_COMMANDS, Serdes.String().serializer(), Serdes.String().serializer())
                .pipeInput("tt", "snapshot");
        for (int i = 61; i < 64; i++) {
            sendAt("tt", "update-individual", "{\"n\":" + i + "}", i * 10L + 5);
        }
        KeyValueStore<String, io.veritrail.projector.timetravel.HistoryHead> heads = driver.getKeyValueStore(StoreNames.HISTORY_HEADS);
        assertThat(heads.get("tt").onDemandSnapshotSeq()).as("the snapshot asked for after 61 events").isEqualTo(61);
        KeyValueStore<String, io.veritrail.projector.timetravel.Snapshot> snaps = driver.getKeyValueStore(StoreNames.SNAPSHOTS);
        assertThat(snaps.get(io.veritrail.projector.store.HistoryKeys.of("tt", 61))).isNotNull();
        var timeline = new io.veritrail.projector.timetravel.EntityTimeline(timelineStores(
                driver.getKeyValueStore(StoreNames.LATE_EVENTS)), 3);
        var fold = new io.veritrail.projector.timetravel.AsOfFold(new ApplierRegistry(ApplierRegistry.builtIns()));
        List<io.veritrail.projector.timetravel.HistoryEntry> all = timeline.entries("tt", 0, Integer.MAX_VALUE);
        assertThat(all).hasSize(64);
        for (long seconds = 0; seconds <= 700; seconds += 7) {
            Instant t = T0.plusSeconds(seconds);
            var selection = timeline.forInstant("tt", t);
            assertThat(selection.later().size()).as("events read for %s", t).isLessThan(40);
            assertThat(fold.asOf("tt", t, selection.base(), selection.later()))
                    .as("as of %s", t).isEqualTo(fold.asOf("tt", t, java.util.Optional.empty(), all));
        }
        for (long n = 0; n <= 66; n++) {
            var selection = timeline.forVersion("tt", n);
            assertThat(fold.atVersion("tt", n, selection.base(), selection.later()))
                    .as("version %d", n).isEqualTo(fold.atVersion("tt", n, java.util.Optional.empty(), all));
        }
    }

    /**
     * Late events spread over several blocks of the late-event summary: answers still equal the naive fold, and a
     * question reads only the blocks whose earliest late timestamp is at or before its instant (the late syncs
     * here are at most 300 s old, so an early instant reads none of the later blocks).
     */
    @Test
    void lateEventSummarySkipsBlocksWithoutEarlierEventsAndStillMatchesTheNaiveFold() {
        java.util.Random random = new java.util.Random(9);
        int events = 6 * io.veritrail.projector.timetravel.EntityTimeline.LATE_BLOCK + 100;
        sendAt("lb", "create-individual", "{\"n\":0}", 0);
        for (int i = 1; i < events; i++) {
            long seconds = random.nextInt(40) == 0 ? Math.max(1, i * 10L - 100 - random.nextInt(200)) : i * 10L;
            sendAt("lb", "update-individual", "{\"n\":" + i + ",\"f" + (i % 7) + "\":" + i + "}", seconds);
        }
        KeyValueStore<String, Long> blocks = driver.getKeyValueStore(StoreNames.LATE_EVENT_BLOCKS);
        long blockCount = 0;
        try (var it = blocks.range(io.veritrail.projector.store.HistoryKeys.first("lb"),
                io.veritrail.projector.store.HistoryKeys.last("lb"))) {
            while (it.hasNext()) {
                it.next();
                blockCount++;
            }
        }
        assertThat(blockCount).as("late events in every block").isEqualTo(7);
        java.util.concurrent.atomic.AtomicLong lateRead = new java.util.concurrent.atomic.AtomicLong();
        var timeline = new io.veritrail.projector.timetravel.EntityTimeline(timelineStores(
                countingRanges(driver.<String, Long>getKeyValueStore(StoreNames.LATE_EVENTS), lateRead)), 3);
        var fold = new io.veritrail.projector.timetravel.AsOfFold(new ApplierRegistry(ApplierRegistry.builtIns()));
        List<io.veritrail.projector.timetravel.HistoryEntry> all = timeline.entries("lb", 0, Integer.MAX_VALUE);
        assertThat(all).hasSize(events);
        for (int probe = 0; probe < 300; probe++) {
            Instant t = T0.plusSeconds(random.nextInt(events * 10 + 50));
            lateRead.set(0);
            var selection = timeline.forInstant("lb", t);
            // A block holds about 1024/40 late events; at most the instant's own block and the next one matter.
            assertThat(lateRead.get()).as("late events read for %s", t).isLessThan(2 * 40);
            assertThat(fold.asOf("lb", t, selection.base(), selection.later()))
                    .as("as of %s", t).isEqualTo(fold.asOf("lb", t, java.util.Optional.empty(), all));
        }

        // A head stored by an earlier version (layout 0, no marks, no block summaries): same answers, read the slow way.
        KeyValueStore<String, io.veritrail.projector.timetravel.HistoryHead> heads = driver.getKeyValueStore(StoreNames.HISTORY_HEADS);
        var head = heads.get("lb");
        heads.put("lb", new io.veritrail.projector.timetravel.HistoryHead(head.lastSeq(), head.maxTimestamp(),
                head.onDemandSnapshotSeq(), 0));
        deleteRange(driver.<String, byte[]>getKeyValueStore(StoreNames.SNAPSHOT_MARKS), "lb");
        deleteRange(blocks, "lb");
        for (int probe = 0; probe < 100; probe++) {
            Instant t = T0.plusSeconds(random.nextInt(events * 10 + 50));
            var selection = timeline.forInstant("lb", t);
            assertThat(fold.asOf("lb", t, selection.base(), selection.later()))
                    .as("legacy layout, as of %s", t).isEqualTo(fold.asOf("lb", t, java.util.Optional.empty(), all));
            long n = 1 + random.nextInt(events);
            var byVersion = timeline.forVersion("lb", n);
            assertThat(fold.atVersion("lb", n, byVersion.base(), byVersion.later()))
                    .as("legacy layout, version %d", n).isEqualTo(fold.atVersion("lb", n, java.util.Optional.empty(), all));
        }
    }

    private io.veritrail.projector.timetravel.EntityTimeline.Stores timelineStores(
            org.apache.kafka.streams.state.ReadOnlyKeyValueStore<String, Long> late) {
        return new io.veritrail.projector.timetravel.EntityTimeline.Stores(driver.getKeyValueStore(StoreNames.HISTORY),
                driver.getKeyValueStore(StoreNames.SNAPSHOTS), driver.getKeyValueStore(StoreNames.SNAPSHOT_MARKS),
                driver.getKeyValueStore(StoreNames.HISTORY_HEADS), late, driver.getKeyValueStore(StoreNames.LATE_EVENT_BLOCKS));
    }

    private static <V> void deleteRange(KeyValueStore<String, V> store, String entity) {
        List<String> keys = new java.util.ArrayList<>();
        try (var it = store.range(io.veritrail.projector.store.HistoryKeys.first(entity),
                io.veritrail.projector.store.HistoryKeys.last(entity))) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        assertThat(keys).isNotEmpty();
        keys.forEach(store::delete);
    }

    /** The store, counting the entries its range iterators hand out. */
    @SuppressWarnings("unchecked")
    private static <K, V> org.apache.kafka.streams.state.ReadOnlyKeyValueStore<K, V> countingRanges(
            org.apache.kafka.streams.state.ReadOnlyKeyValueStore<K, V> store, java.util.concurrent.atomic.AtomicLong read) {
        return (org.apache.kafka.streams.state.ReadOnlyKeyValueStore<K, V>) java.lang.reflect.Proxy.newProxyInstance(
                EventFoldTopologyTest.class.getClassLoader(),
                new Class<?>[] {org.apache.kafka.streams.state.ReadOnlyKeyValueStore.class}, (proxy, method, args) -> {
                    Object result = method.invoke(store, args);
                    if (!method.getName().equals("range")) {
                        return result;
                    }
                    var it = (org.apache.kafka.streams.state.KeyValueIterator<K, V>) result;
                    return java.lang.reflect.Proxy.newProxyInstance(EventFoldTopologyTest.class.getClassLoader(),
                            new Class<?>[] {org.apache.kafka.streams.state.KeyValueIterator.class}, (p, m, a) -> {
                                if (m.getName().equals("next")) {
                                    read.incrementAndGet();
                                }
                                return m.invoke(it, a);
                            });
                });
    }
}
