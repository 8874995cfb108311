package io.veritrail.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Prints one event, found by its guid: its entity, where it is in the log, what it did.")
final class InspectCommand implements Callable<Integer> {
    @Parameters(paramLabel = "EVENT_GUID")
    String guid;

    @Mixin
    ProjectorClient projector = new ProjectorClient();

    @Override
    public Integer call() throws Exception {
        JsonNode found = projector.get("/v1/events/" + ProjectorClient.encode(guid));
        if (found == null) {
            System.out.println("No event " + guid + " has been folded by the projector.");
            return 1;
        }
        JsonNode e = found.get("event");
        System.out.printf("event       %s%n", e.get("guid").asText());
        System.out.printf("type        %s (schema version %d)%n", e.get("type").asText(), e.get("schemaVersion").asInt());
        System.out.printf("entity      %s (partition %d of the log, event %d of the entity)%n",
                found.get("entityId").asText(), found.get("partition").asInt(), e.get("seq").asLong());
        System.out.printf("happened    %s%n", e.get("timestamp").asText());
        System.out.printf("arrived     %s%n", e.get("arrivalTime").asText());
        System.out.printf("by          %s (sync level %s)%n", e.get("userId").asText(), e.get("syncLevel").asText());
        System.out.printf("data        %s%n", e.get("data"));
        if (e.get("applied").asBoolean()) {
            System.out.printf("outcome     applied; the entity reached version %d%n", e.get("versionAfter").asLong());
            System.out.printf("changes     %s%n", TimelineCommand.changes(e.get("changes")));
        } else {
            System.out.printf("outcome     refused: %s%n", e.get("reason").asText());
        }
        return 0;
    }
}
