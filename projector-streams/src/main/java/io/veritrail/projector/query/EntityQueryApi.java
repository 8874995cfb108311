package io.veritrail.projector.query;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.veritrail.projector.apply.Entity;
import io.veritrail.projector.store.StoreNames;
import io.veritrail.service.http.Problem;
import io.veritrail.service.http.ProblemException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code GET /v1/entities/{id}}: the current state of an entity from the local RocksDB store. While the stores
 * are being restored or rebalanced the answer is 503 with {@code Retry-After}, never a stale or partial one.
 */
public final class EntityQueryApi {
    private static final long RETRY_AFTER_SECONDS = 1;

    private final KafkaStreams streams;

    public EntityQueryApi(KafkaStreams streams) {
        this.streams = streams;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/v1/entities/{id}", this::getEntity);
    }

    private void getEntity(Context ctx) {
        String id = ctx.pathParam("id");
        Entity entity = store().get(id);
        if (entity == null || entity.deleted()) {
            throw new ProblemException(Problem.of("entity-not-found", "Entity not found", 404,
                    "No entity with id " + id));
        }
        ctx.json(EntityDocument.of(entity));
    }

    private ReadOnlyKeyValueStore<String, Entity> store() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw notReady("the projector is " + streams.state().name().toLowerCase(java.util.Locale.ROOT));
        }
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(StoreNames.ENTITIES,
                    QueryableStoreTypes.<String, Entity>keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw notReady("the entity store is being restored or moved: " + e.getMessage());
        }
    }

    private static ProblemException notReady(String detail) {
        return new ProblemException(Problem.of("not-ready", "State not ready", 503, detail), RETRY_AFTER_SECONDS);
    }
}
