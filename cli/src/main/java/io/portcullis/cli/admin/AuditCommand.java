package io.portcullis.cli.admin;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.portcullis.cli.CliCommand;
import io.portcullis.cli.CliException;
import io.portcullis.cli.connection.AdminApi;
import io.portcullis.cli.output.Format;
import io.portcullis.cli.output.Json;
import io.portcullis.cli.output.Printer;
import io.portcullis.cli.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code portcullis audit}: the audit trail, newest first, or followed as it grows. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = { "The audit trail: who changed what, when (newest first).",
                "With --follow, new events are printed as they happen (oldest first; JSON Lines with -o json)." })
public final class AuditCommand extends CliCommand {

    @Option(names = "--client", paramLabel = "CLIENT_ID", description = "Events concerning this client or made by it.")
    String client;

    @Option(names = "--type", description = "One event type, e.g. CLIENT_SCOPE_REVOKED.")
    String type;

    @Option(names = "--since", paramLabel = "DURATION", description = "Events of the last DURATION (ISO-8601, e.g. PT1H).")
    String since;

    @Option(names = "--from", paramLabel = "INSTANT", description = "Events at or after this instant (ISO-8601).")
    String from;

    @Option(names = "--to", paramLabel = "INSTANT", description = "Events before this instant.")
    String to;

    @Option(names = "--page", defaultValue = "0")
    int page;

    @Option(names = "--size", defaultValue = "20", description = "Events per page, 1..100 (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = { "-f", "--follow" }, description = "Keep printing new events until interrupted.")
    boolean follow;

    @Option(names = "--interval", defaultValue = "PT2S", description = "How often --follow asks (default ${DEFAULT-VALUE}).")
    String interval;

    @Override
    public Integer call() {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("clientId", this.client);
        query.put("type", this.type);
        query.put("from", fromInstant());
        query.put("to", (this.to != null) ? instant("--to", this.to) : null);
        if (!this.follow) {
            query.put("page", this.page);
            query.put("size", this.size);
            Map<String, Object> result = api().get("/audit-events" + AdminApi.query(query)).map();
            List<Object> items = Views.items(result);
            printer().print(result, () -> {
                Table table = Views.auditTable();
                Views.maps(items).forEach((event) -> Views.auditRow(table, event));
                return table.render() + "page " + this.page + ", " + items.size() + " of " + result.get("totalItems")
                        + " events\n";
            });
            return 0;
        }
        return follow(query);
    }

    private int follow(Map<String, Object> query) {
        Duration pause = duration("--interval", this.interval);
        long last = -1;
        boolean first = true;
        if (this.output.format() == Format.TABLE) {
            out().println(String.format("%-6s  %-27s  %-18s  %-22s  %s", "ID", "TIME", "ACTOR", "TYPE", "TARGET"));
        }
        while (!Thread.currentThread().isInterrupted()) {
            query.put("page", 0);
            query.put("size", 100);
            Map<String, Object> result = api().get("/audit-events" + AdminApi.query(query)).map();
            List<Map<String, Object>> events = new ArrayList<>(Views.maps(Views.items(result)));
            java.util.Collections.reverse(events);
            if (first && events.size() > this.size) {
                events = events.subList(events.size() - this.size, events.size());
            }
            for (Map<String, Object> event : events) {
                long id = ((Number) event.get("id")).longValue();
                if (id > last) {
                    print(event);
                    last = id;
                }
            }
            first = false;
            out().flush();
            try {
                Thread.sleep(pause.toMillis());
            }
            catch (InterruptedException ex) {
                // Ctrl-C or the caller stopping the follow: a normal end
                Thread.currentThread().interrupt();
            }
        }
        return 0;
    }

    private void print(Map<String, Object> event) {
        switch (this.output.format()) {
            case JSON -> out().println(Json.compact(event));
            case YAML -> out().print("---\n" + Printer.yaml(event));
            default -> out().println(String.format("%-6s  %-27s  %-18s  %-22s  %s %s", event.get("id"),
                    event.get("occurredAt"), event.get("actor"), event.get("type"), event.get("targetType"),
                    event.get("targetId")));
        }
    }

    private String fromInstant() {
        if (this.since != null && this.from != null) {
            throw CliException.usage("Give --since or --from, not both");
        }
        if (this.since != null) {
            return Instant.now().minus(duration("--since", this.since)).toString();
        }
        return (this.from != null) ? instant("--from", this.from) : null;
    }

    private static String instant(String option, String value) {
        try {
            return Instant.parse(value).toString();
        }
        catch (DateTimeParseException ex) {
            throw CliException.usage(option + " must be an ISO-8601 instant such as 2026-11-29T10:00:00Z, not " + value);
        }
    }

    private static Duration duration(String option, String value) {
        try {
            return Duration.parse(value);
        }
        catch (DateTimeParseException ex) {
            throw CliException.usage(option + " must be an ISO-8601 duration such as PT1H, not " + value);
        }
    }

}
