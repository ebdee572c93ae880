package io.portcullis.cli.apply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.portcullis.cli.CliCommand;
import io.portcullis.cli.CliException;
import io.portcullis.cli.connection.AdminApi;
import io.portcullis.cli.output.SecretFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code portcullis apply -f platform.yaml}: make the server match a file of resources, scopes and clients. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = { "Make the server's resources, scopes and clients match a YAML file (the format export writes).",
                "Idempotent; fields left out of the file are left as they are; nothing is deleted without --prune.",
                "Secrets of created clients are written once to --secrets-out (0600), else printed once." })
public final class ApplyCommand extends CliCommand {

    @Option(names = { "-f", "--file" }, required = true, paramLabel = "FILE", description = "The file; - reads standard input.")
    String file;

    @Option(names = "--dry-run", description = "Print the plan (create / update with field changes / delete) and change nothing.")
    boolean dryRun;

    @Option(names = "--prune", description = "Delete resources, scopes and clients that are not in the file.")
    boolean prune;

    @Option(names = "--secrets-out", paramLabel = "FILE", description = "Append created clients' secrets here (created 0600).")
    Path secretsOut;

    @Override
    public Integer call() {
        String name = "-".equals(this.file) ? "<stdin>" : this.file;
        PlatformState desired = PlatformFileReader.read(name, read());
        SecretFile secrets = (this.secretsOut != null) ? new SecretFile(this.secretsOut) : null;
        if (secrets != null && !this.dryRun) {
            // before anything is created: the file (made now, owner-only) must be writable
            secrets.check();
        }
        AdminApi api = api();
        PlatformState actual = PlatformState.load(api);
        Plan plan = new Planner(api.settings().issuer().toString(), api.settings().clientId()).plan(desired, actual,
                this.prune);
        if (this.dryRun) {
            printer().print(document(plan), () -> describe(plan, name, true));
            return 0;
        }
        if (plan.isEmpty()) {
            printer().print(document(plan), () -> describe(plan, name, false));
            return 0;
        }
        if (this.output.format() == io.portcullis.cli.output.Format.TABLE) {
            out().print(describe(plan, name, false));
            out().flush();
        }
        // with -o json|yaml standard output carries only the document; progress (and a printed secret) go to stderr
        boolean forPeople = this.output.format() == io.portcullis.cli.output.Format.TABLE;
        int done = new PlanRunner(api, forPeople ? out() : err(), secrets).run(plan);
        if (this.output.format() == io.portcullis.cli.output.Format.TABLE) {
            out().println("Applied " + done + " change(s): " + plan.count(Plan.Action.CREATE) + " created, "
                    + plan.count(Plan.Action.UPDATE) + " updated, " + plan.count(Plan.Action.DELETE) + " deleted");
        }
        else {
            printer().print(document(plan), () -> "");
        }
        return 0;
    }

    private String describe(Plan plan, String name, boolean dryRun) {
        StringBuilder text = new StringBuilder();
        if (plan.isEmpty()) {
            text.append("No changes: the server matches ").append(name).append('\n');
        }
        else {
            text.append(dryRun ? "Plan (dry run, nothing changed): " : "Plan: ").append(plan.summary()).append('\n');
            text.append(plan.render());
        }
        if (!plan.kept().isEmpty()) {
            text.append("Not pruned: ").append(String.join(", ", plan.kept())).append('\n');
        }
        else if (!this.prune && dryRun) {
            text.append("(without --prune nothing that is missing from the file is deleted)\n");
        }
        return text.toString();
    }

    private static Map<String, Object> document(Plan plan) {
        List<Object> changes = new ArrayList<>();
        for (Plan.Change change : plan.changes()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("action", change.action().name().toLowerCase(java.util.Locale.ROOT));
            document.put("kind", change.kind().label());
            document.put("name", change.key());
            List<Object> fields = new ArrayList<>();
            for (Plan.FieldChange field : change.fields()) {
                Map<String, Object> fieldDocument = new LinkedHashMap<>();
                fieldDocument.put("field", field.field());
                fieldDocument.put("before", field.before());
                fieldDocument.put("after", field.after());
                fields.add(fieldDocument);
            }
            document.put("fields", fields);
            changes.add(document);
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("changes", changes);
        document.put("notPruned", plan.kept());
        return document;
    }

    private String read() {
        try {
            if ("-".equals(this.file)) {
                return new String(this.context.in().readAllBytes(), StandardCharsets.UTF_8);
            }
            return Files.readString(Path.of(this.file));
        }
        catch (NoSuchFileException ex) {
            throw CliException.usage("No such file: " + this.file);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
