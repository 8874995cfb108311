package io.veritrail.bench.harness;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Registration-like events for load: each entity is created, then updated; {@code padding} fills {@code data} so
 * that the stored record reaches the size asked for. Client {@code c} of {@code clients} owns the entities whose
 * number is {@code c} modulo {@code clients}, so each entity's events are sent by one client, in order.
 */
public final class SyntheticEvents {
    private final int entities;
    private final int eventsPerEntity;
    private final String padding;
    private final String runId;

    public SyntheticEvents(int events, int eventsPerEntity, int paddingChars, String runId) {
        this.entities = Math.max(1, events / eventsPerEntity);
        this.eventsPerEntity = eventsPerEntity;
        // Random capitals, as Kafka's ProducerPerformance fills its records: a repeated character would compress
        // to nothing and flatter the comparison.
        java.util.Random random = new java.util.Random(42);
        StringBuilder pad = new StringBuilder(Math.max(0, paddingChars));
        for (int i = 0; i < paddingChars; i++) {
            pad.append((char) ('A' + random.nextInt(26)));
        }
        this.padding = pad.toString();
        this.runId = runId;
    }

    public int entities() {
        return entities;
    }

    public static String entityId(String runId, int entity) {
        return runId + "-person-" + entity;
    }

    /** One event as JSON: round 0 creates the entity, later rounds update it. */
    public String event(int entity, int round) {
        String type = round == 0 ? "create-individual" : "update-individual";
        Instant at = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(entity * 60L + round);
        return "{\"guid\":\"" + UUID.randomUUID() + "\",\"entityGuid\":\"" + entityId(runId, entity)
                + "\",\"type\":\"" + type + "\",\"data\":{\"round\":" + round + ",\"village\":\"v" + (entity % 97)
                + "\",\"notes\":\"" + padding + "\"},\"timestamp\":\"" + at + "\",\"userId\":\"bench\","
                + "\"syncLevel\":\"REMOTE\"}";
    }

    /** The batches client {@code client} sends, as JSON arrays, in order. */
    public List<byte[]> batchesFor(int client, int clients, int batchSize) {
        List<String> events = new ArrayList<>();
        for (int round = 0; round < eventsPerEntity; round++) {
            for (int entity = client; entity < entities; entity += clients) {
                events.add(event(entity, round));
            }
        }
        List<byte[]> batches = new ArrayList<>();
        for (int from = 0; from < events.size(); from += batchSize) {
            batches.add(("[" + String.join(",", events.subList(from, Math.min(events.size(), from + batchSize))) + "]")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return batches;
    }
}
