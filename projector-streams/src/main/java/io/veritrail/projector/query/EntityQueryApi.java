package io.veritrail.projector.query;

import com.fasterxml.jackson.core.type.TypeReference;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.veritrail.projector.apply.Entity;
import io.veritrail.projector.store.StoreNames;
import io.veritrail.projector.timetravel.AsOfFold;
import io.veritrail.projector.timetravel.EntityTimeline;
import io.veritrail.projector.timetravel.HistoryEntry;
import io.veritrail.projector.topology.EntityRouting;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import io.veritrail.schemas.crypto.DataProtection;
import io.veritrail.schemas.topic.Topics;
import io.veritrail.service.http.Problem;
import io.veritrail.service.http.HttpService;
import io.veritrail.service.security.Access;
import io.veritrail.service.security.Principal;
import io.veritrail.service.security.Role;
import io.veritrail.service.http.ProblemException;
import io.veritrail.service.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries over the entity store, served by any instance: {@code GET /v1/entities/{id}} answers from
 * the instance that owns the entity's partition (forwarding once if that is another), and {@code GET /v1/entities}
 * pages through every instance's entities in id order. While stores restore or move, the answer is 503 with
 * {@code Retry-After}, never a stale or partial one.
 */
public final class EntityQueryApi {
    static final String FORWARDED = "X-Veritrail-Forwarded";
    private static final long RETRY_AFTER_SECONDS = 1;
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;

    private final Supplier<KafkaStreams> streams;
    private final Supplier<HostInfo> selfAddress;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final AsOfFold timeTravel;

    private final int snapshotEvery;
    private final SnapshotRequests snapshotRequests;
    private final io.micrometer.core.instrument.Timer timeTravelTime;

    public EntityQueryApi(Supplier<KafkaStreams> streams, Supplier<HostInfo> self, AsOfFold timeTravel,
                          int snapshotEvery, SnapshotRequests snapshotRequests,
                          io.micrometer.core.instrument.MeterRegistry metrics) {
        this.timeTravelTime = io.micrometer.core.instrument.Timer.builder("veritrail.projector.timetravel")
                .description("time to answer an asOf or version query on the owning instance: stores read and fold")
                .publishPercentiles(0.5, 0.99).register(metrics);
        this.timeTravel = timeTravel;
        this.snapshotRequests = snapshotRequests;
        this.snapshotEvery = snapshotEvery;
        this.streams = streams;
        this.selfAddress = self;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/v1/entities/{id}", ctx -> erasedAware(ctx, this::getEntity));
        routes.get("/v1/entities/{id}/history", ctx -> erasedAware(ctx, this::getHistory));
        routes.get("/v1/events/{guid}", ctx -> erasedAware(ctx, this::getEvent));
        routes.post("/v1/entities/{id}/snapshots", this::requestSnapshot);
        routes.delete("/v1/entities/{id}/key", this::eraseKey);
        routes.get("/v1/entities", this::listEntities);
    }

    /** A read that reaches an erased entity's sealed data answers 410: the data existed and is gone for good. */
    private static void erasedAware(Context ctx, io.javalin.http.Handler handler) throws Exception {
        try {
            handler.handle(ctx);
        } catch (RuntimeException e) {
            DataProtection.ErasedException erased = erasedCause(e);
            if (erased == null) {
                throw e;
            }
            throw new ProblemException(Problem.of("entity-erased", "Entity erased", 410, "The data of "
                    + erased.entityId() + " was erased on request: its key is destroyed, so no copy of it can be read."));
        }
    }

    private static DataProtection.ErasedException erasedCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DataProtection.ErasedException erased) {
                return erased;
            }
        }
        return null;
    }

    /**
     * {@code DELETE /v1/entities/{id}/key} (admin): crypto-shredding. The entity's data key is destroyed in order
     * with its events; from then on every copy of its data (log, changelogs, stores, outputs) is unreadable, while
     * the records themselves, and so every Merkle proof, stay as they were. Answers 202: done once the stream
     * thread has taken the request.
     */
    private void eraseKey(Context ctx) {
        Access.require(HttpService.principal(ctx), Role.ADMIN);
        String id = ctx.pathParam("id");
        try {
            snapshotRequests.erase(id);
        } catch (Exception e) {
            throw notReady("the erasure request could not be written: " + e.getMessage());
        }
        ctx.status(202).json(Map.of("entityId", id, "erasure", "requested"));
    }

    private void getEntity(Context ctx) {
        String id = ctx.pathParam("id");
        KafkaStreams running = running();
        Integer partition = ownedPartition(ctx, running, id, "");
        if (partition == null) {
            return;
        }
        String asOf = ctx.queryParam("asOf");
        String version = ctx.queryParam("version");
        Entity entity;
        if (asOf != null || version != null) {
            long started = System.nanoTime();
            EntityTimeline timeline = timeline(running, partition);
            // replay=full folds from the first event, ignoring snapshots: to check a snapshot answer, or time it.
            boolean full = "full".equals(ctx.queryParam("replay"));
            if (asOf != null) {
                Instant t = instant(asOf);
                EntityTimeline.Selection what = full
                        ? new EntityTimeline.Selection(Optional.empty(), timeline.entries(id, 0, Integer.MAX_VALUE))
                        : timeline.forInstant(id, t);
                entity = timeTravel.asOf(id, t, what.base(), what.later());
            } else {
                long n = atLeast(version, "version", 1);
                EntityTimeline.Selection what = full
                        ? new EntityTimeline.Selection(Optional.empty(), timeline.entries(id, 0, Integer.MAX_VALUE))
                        : timeline.forVersion(id, n);
                entity = timeTravel.atVersion(id, n, what.base(), what.later());
            }
            long took = System.nanoTime() - started;
            timeTravelTime.record(took, java.util.concurrent.TimeUnit.NANOSECONDS);
            // The W3C Server-Timing header: a client (or the benchmark) can tell the service's part from the network's.
            ctx.header("Server-Timing", String.format(java.util.Locale.ROOT, "timetravel;dur=%.3f", took / 1e6));
        } else {
            entity = partitionStore(running, partition).get(id);
        }
        // A past state is judged by the entity as it is now; a current read by what was just read, not read again.
        if (entity != null && !(asOf != null || version != null ? visible(ctx, running, partition, id)
                : ReadPolicy.mayRead(HttpService.principal(ctx), entity))) {
            entity = null;
        }
        if (entity == null || entity.deleted()) {
            throw new ProblemException(Problem.of("entity-not-found", "Entity not found", 404, "No entity with id " + id
                    + (asOf != null ? " as of " + asOf : version != null ? " at version " + version : "")));
        }
        ctx.json(EntityDocument.of(entity));
    }

    /** {@code GET /v1/entities/{id}/history?after=&limit=}: the audit trail in log order, paged by sequence. */
    private void getHistory(Context ctx) {
        String id = ctx.pathParam("id");
        KafkaStreams running = running();
        Integer partition = ownedPartition(ctx, running, id, "/history");
        if (partition == null) {
            return;
        }
        long after = ctx.queryParam("after") == null ? 0 : atLeast(ctx.queryParam("after"), "after", 0);
        int limit = limit(ctx.queryParam("limit"));
        List<HistoryEntry> page = visible(ctx, running, partition, id)
                ? timeline(running, partition).entries(id, after, limit) : List.of();
        if (page.isEmpty() && after == 0) {
            throw new ProblemException(Problem.of("entity-not-found", "Entity not found", 404, "No event for " + id));
        }
        ctx.json(new HistoryPage(id, page, page.size() == limit ? Long.toString(page.getLast().seq()) : null));
    }

    /**
     * {@code POST /v1/entities/{id}/snapshots}: asks for a snapshot of the entity as it is now, taken by the stream
     * thread in order with the entity's events. Answers 202: the snapshot exists once that thread reaches it.
     */
    private void requestSnapshot(Context ctx) {
        Access.require(HttpService.principal(ctx), Role.ADMIN);
        String id = ctx.pathParam("id");
        try {
            snapshotRequests.request(id);
        } catch (Exception e) {
            throw notReady("the snapshot request could not be written: " + e.getMessage());
        }
        ctx.status(202).json(Map.of("entityId", id, "snapshot", "requested"));
    }

    /**
     * {@code GET /v1/events/{guid}}: one event as its entity's audit trail records it (outcome, version reached,
     * changes). The guid alone does not say where the event is, so every instance looks in its own partitions.
     */
    private void getEvent(Context ctx) {
        String guid = ctx.pathParam("guid");
        KafkaStreams running = running();
        for (Integer partition : localPartitions(running)) {
            byte[] entity = seenStore(running, partition).get(guid);
            if (entity != null && visible(ctx, running, partition, new String(entity, StandardCharsets.UTF_8))) {
                String entityId = new String(entity, StandardCharsets.UTF_8);
                EntityTimeline timeline = timeline(running, partition);
                for (HistoryEntry entry : timeline.entries(entityId, 0, Integer.MAX_VALUE)) {
                    if (entry.guid().equals(guid)) {
                        ctx.json(new EventRecord(entityId, partition, entry));
                        return;
                    }
                }
            }
        }
        if (ctx.header(FORWARDED) == null) {
            HttpResponse<String> unsure = null;
            for (StreamsMetadata instance : running.streamsMetadataForStore(StoreNames.ENTITIES)) {
                if (!instance.hostInfo().equals(selfAddress.get())) {
                    HttpResponse<String> answer = send(ctx, instance.hostInfo(), "/v1/events/"
                            + URLEncoder.encode(guid, StandardCharsets.UTF_8));
                    // Found, or found erased: only the instance holding the event can say either.
                    if (answer.statusCode() == 200 || answer.statusCode() == 410) {
                        answerAs(ctx, answer);
                        return;
                    }
                    if (answer.statusCode() == 503) {
                        unsure = answer;
                    }
                }
            }
            if (unsure != null) {
                // An instance that could not look is not an instance that did not find it: not a 404.
                answerAs(ctx, unsure);
                return;
            }
        }
        throw new ProblemException(Problem.of("event-not-found", "Event not found", 404,
                "No event " + guid + " has been folded"));
    }

    private static ReadOnlyKeyValueStore<String, byte[]> seenStore(KafkaStreams running, int partition) {
        try {
            return store(running, partition, StoreNames.SEEN_GUIDS);
        } catch (InvalidStateStoreException e) {
            throw notReady("the event index is being restored or moved: " + e.getMessage());
        }
    }

    /**
     * The partition holding {@code id} when this instance owns it; otherwise relays the request to the owner and
     * answers null.
     */
    private Integer ownedPartition(Context ctx, KafkaStreams running, String id, String suffix) {
        KeyQueryMetadata owner = running.queryMetadataForKey(StoreNames.ENTITIES, id, EntityRouting.PARTITIONER);
        if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw notReady("no instance owns " + id + " right now");
        }
        if (owner.activeHost().equals(selfAddress.get())) {
            return owner.partition();
        }
        if (ctx.header(FORWARDED) != null) {
            throw notReady("ownership of " + id + " is moving between instances");
        }
        String query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
        relay(ctx, owner.activeHost(), "/v1/entities/" + URLEncoder.encode(id, StandardCharsets.UTF_8) + suffix + query);
        return null;
    }

    private EntityTimeline timeline(KafkaStreams running, int partition) {
        try {
            return new EntityTimeline(new EntityTimeline.Stores(
                    store(running, partition, StoreNames.HISTORY), store(running, partition, StoreNames.SNAPSHOTS),
                    store(running, partition, StoreNames.SNAPSHOT_MARKS),
                    store(running, partition, StoreNames.HISTORY_HEADS), store(running, partition, StoreNames.LATE_EVENTS),
                    store(running, partition, StoreNames.LATE_EVENT_BLOCKS)), snapshotEvery);
        } catch (InvalidStateStoreException e) {
            throw notReady("the history store is being restored or moved: " + e.getMessage());
        }
    }

    /** One partition's instance of a store of this instance. */
    private static <V> ReadOnlyKeyValueStore<String, V> store(KafkaStreams running, int partition, String name) {
        return running.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore())
                .withPartition(partition));
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new ProblemException(Problem.of("invalid-query", "Invalid query", 400, "asOf must be an ISO-8601 instant",
                    List.of(new Problem.FieldError("asOf", "must be an ISO-8601 instant, e.g. 2026-01-31T09:30:00Z"))));
        }
    }

    /** Versions count from 1 (0 would always be "not found"), history positions from 0. */
    private static long atLeast(String text, String name, long least) {
        try {
            long value = Long.parseLong(text);
            if (value >= least) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ProblemException(Problem.of("invalid-query", "Invalid query", 400, name + " must be a whole number",
                List.of(new Problem.FieldError(name, "must be a whole number of at least " + least))));
    }

    private void listEntities(Context ctx) {
        String type = ctx.queryParam("type");
        String after = ctx.queryParam("after") == null ? "" : ctx.queryParam("after");
        int limit = limit(ctx.queryParam("limit"));
        KafkaStreams running = running();
        List<EntityDocument> found = new ArrayList<>(localPage(HttpService.principal(ctx), running, type, after, limit));
        if (ctx.header(FORWARDED) == null) {
            for (StreamsMetadata instance : running.streamsMetadataForStore(StoreNames.ENTITIES)) {
                if (!instance.hostInfo().equals(selfAddress.get())) {
                    found.addAll(remotePage(ctx, instance.hostInfo(), type, after, limit));
                }
            }
        }
        found.sort(Comparator.comparing(EntityDocument::id));
        List<EntityDocument> page = found.size() > limit ? found.subList(0, limit) : found;
        String next = page.size() == limit ? page.getLast().id() : null;
        ctx.json(new EntityPage(page, next));
    }

    /** This instance's first {@code limit} entities after the cursor, from each of its partitions. */
    private List<EntityDocument> localPage(Principal caller, KafkaStreams running, String type, String after,
                                           int limit) {
        List<EntityDocument> page = new ArrayList<>();
        for (Integer partition : localPartitions(running)) {
            int taken = 0;
            try (KeyValueIterator<String, Entity> it = partitionStore(running, partition).range(after + "\u0000", null)) {
                while (it.hasNext() && taken < limit) {
                    Entity entity;
                    try {
                        entity = it.next().value;
                    } catch (RuntimeException e) {
                        if (erasedCause(e) == null) {
                            throw e;
                        }
                        continue; // an erased entity is not listed
                    }
                    if (!entity.deleted() && (type == null || type.equals(entity.type()))
                            && ReadPolicy.mayRead(caller, entity)) {
                        page.add(EntityDocument.of(entity));
                        taken++;
                    }
                }
            }
        }
        return page;
    }

    /** The partitions of the log whose entities this instance holds (a task also reads the memberships topic). */
    private List<Integer> localPartitions(KafkaStreams running) {
        java.util.SortedSet<Integer> partitions = new java.util.TreeSet<>();
        running.metadataForLocalThreads().forEach(thread -> thread.activeTasks().forEach(task ->
                task.topicPartitions().stream().filter(tp -> tp.topic().equals(Topics.EVENTS))
                        .forEach(tp -> partitions.add(tp.partition()))));
        return List.copyOf(partitions);
    }

    private List<EntityDocument> remotePage(Context ctx, HostInfo host, String type, String after, int limit) {
        String query = "?after=" + URLEncoder.encode(after, StandardCharsets.UTF_8) + "&limit=" + limit
                + (type == null ? "" : "&type=" + URLEncoder.encode(type, StandardCharsets.UTF_8));
        HttpResponse<String> response = send(ctx, host, "/v1/entities" + query);
        if (response.statusCode() != 200) {
            throw notReady("instance " + host + " answered " + response.statusCode());
        }
        try {
            return Json.mapper().readValue(response.body(), new TypeReference<EntityPage>() { }).entities();
        } catch (IOException e) {
            throw new IllegalStateException("unreadable page from " + host, e);
        }
    }

    private void relay(Context ctx, HostInfo owner, String path) {
        answerAs(ctx, send(ctx, owner, path));
    }

    /** Answers the caller with another instance's answer: status, type, body and when to retry. */
    private static void answerAs(Context ctx, HttpResponse<String> response) {
        ctx.status(response.statusCode())
                .contentType(response.headers().firstValue("Content-Type").orElse("application/json"))
                .result(response.body());
        response.headers().firstValue("Retry-After").ifPresent(v -> ctx.header("Retry-After", v));
    }

    /** A request to another instance on behalf of the caller: its credentials go along and are checked there. */
    private HttpResponse<String> send(Context ctx, HostInfo host, String path) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port()
                    + path)).header(FORWARDED, String.valueOf(selfAddress.get())).timeout(Duration.ofSeconds(10));
            for (String credential : List.of("Authorization", "X-Api-Key")) {
                if (ctx.header(credential) != null) {
                    request.header(credential, ctx.header(credential));
                }
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw notReady("instance " + host + " did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notReady("interrupted");
        }
    }

    /** Whether the caller may read the entity; an entity it may not read is answered as missing. */
    private static boolean visible(Context ctx, KafkaStreams running, int partition, String id) {
        Principal caller = HttpService.principal(ctx);
        if (caller.readsEverything()) {
            return true;
        }
        Entity current = partitionStore(running, partition).get(id);
        return current != null && ReadPolicy.mayRead(caller, current);
    }

    private KafkaStreams running() {
        KafkaStreams running = streams.get();
        if (running == null || running.state() != KafkaStreams.State.RUNNING) {
            throw notReady("the projector is " + (running == null ? "starting"
                    : running.state().name().toLowerCase(Locale.ROOT)));
        }
        return running;
    }

    private static ReadOnlyKeyValueStore<String, Entity> partitionStore(KafkaStreams running, int partition) {
        try {
            return store(running, partition, StoreNames.ENTITIES);
        } catch (InvalidStateStoreException e) {
            throw notReady("the entity store is being restored or moved: " + e.getMessage());
        }
    }

    private static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ProblemException(Problem.of("invalid-query", "Invalid query", 400, "limit must be 1 to " + MAX_LIMIT,
                List.of(new Problem.FieldError("limit", "must be a whole number from 1 to " + MAX_LIMIT))));
    }

    private static ProblemException notReady(String detail) {
        return new ProblemException(Problem.of("not-ready", "State not ready", 503, detail), RETRY_AFTER_SECONDS);
    }
}
