package io.veritrail.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "timeline", mixinStandardHelpOptions = true, description = {
        "Prints an entity's whole audit trail in log order: when each event happened and arrived, who made it,",
        "whether it was applied (and the version it reached) or refused (and why), and what it changed."})
final class TimelineCommand implements Callable<Integer> {
    @Parameters(paramLabel = "ENTITY_ID")
    String entityId;

    @Mixin
    ProjectorClient projector = new ProjectorClient();

    @Override
    public Integer call() throws Exception {
        String after = "0";
        int shown = 0;
        System.out.printf("%-5s %-20s %-24s %-20s %-14s %-9s %s%n", "SEQ", "HAPPENED", "ARRIVED", "TYPE", "USER",
                "VERSION", "CHANGES / REASON");
        while (after != null) {
            JsonNode page = projector.get("/v1/entities/" + ProjectorClient.encode(entityId) + "/history?limit=500&after=" + after);
            if (page == null) {
                System.out.println("No events for " + entityId + ".");
                return 1;
            }
            for (JsonNode e : page.get("events")) {
                System.out.printf("%-5d %-20s %-24s %-20s %-14s %-9s %s%n", e.get("seq").asLong(),
                        e.get("timestamp").asText(), e.get("arrivalTime").asText(), e.get("type").asText(),
                        e.get("userId").asText(), e.get("applied").asBoolean() ? "v" + e.get("versionAfter").asLong() : "refused",
                        e.get("applied").asBoolean() ? changes(e.get("changes")) : e.get("reason").asText());
                shown++;
            }
            after = page.get("next").isNull() ? null : page.get("next").asText();
        }
        System.out.println(shown + " event(s).");
        return 0;
    }

    static String changes(JsonNode changes) {
        StringBuilder text = new StringBuilder();
        for (JsonNode c : changes) {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(c.get("field").asText()).append(": ").append(c.get("oldValue")).append(" -> ").append(c.get("newValue"));
        }
        return text.isEmpty() ? "(no field changed)" : text.toString();
    }
}
