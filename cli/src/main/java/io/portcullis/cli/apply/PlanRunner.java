package io.portcullis.cli.apply;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.portcullis.cli.CliException;
import io.portcullis.cli.apply.Plan.Action;
import io.portcullis.cli.apply.Plan.Change;
import io.portcullis.cli.apply.Plan.FieldChange;
import io.portcullis.cli.connection.AdminApi;
import io.portcullis.cli.connection.AdminApi.Response;
import io.portcullis.cli.output.SecretFile;

/**
 * Carries out a plan through the admin API, one change at a time, each update and deletion guarded by the ETag read
 * when the plan was made: if someone changed the entry since, the server refuses (412) and apply stops there, saying
 * so, rather than overwrite their change. A created client's secret is written (or printed) the moment it exists.
 */
final class PlanRunner {

    private final AdminApi api;

    private final PrintWriter out;

    private final SecretFile secrets;

    /** Printed after the line of the change that produced it (a created client's secret). */
    private String note;

    /** @param secrets where created clients' secrets go; {@code null}: printed once on {@code out} */
    PlanRunner(AdminApi api, PrintWriter out, SecretFile secrets) {
        this.api = api;
        this.out = out;
        this.secrets = secrets;
    }

    /** @return the number of changes made */
    int run(Plan plan) {
        int done = 0;
        for (Change change : plan.changes()) {
            try {
                apply(change);
            }
            catch (RuntimeException failure) {
                // whatever failed (a refusal, a connection lost, a file that could not be written): say how far it got
                CliException ex = (failure instanceof CliException known) ? known
                        : new CliException(CliException.FAILURE, String.valueOf(failure.getMessage()), List.of());
                if (this.note != null) {
                    // the client exists and its secret is never shown again: print it whatever failed after
                    this.out.println(this.note);
                    this.out.flush();
                }
                List<String> details = new ArrayList<>(located(change, ex.details()));
                details.add(done + " change(s) before it were made; run apply again to see what remains");
                String message = (ex instanceof AdminApi.ApiRefusal refusal && refusal.status() == 412)
                        ? "Stopped at '" + change.title() + "': it was changed by someone else after the plan was "
                                + "read (412 Precondition Failed); nothing of theirs was overwritten"
                        : "Stopped at '" + change.title() + "': " + ex.getMessage();
                throw new CliException(ex.exitCode(), message, details);
            }
            this.out.println(change.title() + switch (change.action()) {
                case CREATE -> "  created";
                case UPDATE -> "  updated";
                case DELETE -> "  deleted";
            });
            if (this.note != null) {
                this.out.println(this.note);
                this.note = null;
            }
            this.out.flush();
            done++;
        }
        return done;
    }

    private void apply(Change change) {
        Kind kind = change.kind();
        String path = kind.collection() + "/" + AdminApi.segment(change.key());
        switch (change.action()) {
            case CREATE -> {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put(kind.keyField(), change.key());
                body.putAll(change.desired().fields());
                if (kind == Kind.CLIENT) {
                    createClient(change, body, path);
                }
                else {
                    this.api.send("POST", kind.collection(), body, null);
                }
            }
            case UPDATE -> this.api.send("PATCH", path, changed(change), change.actual().etag());
            case DELETE -> this.api.send("DELETE", path, null, change.actual().etag());
        }
    }

    /**
     * A client is created enabled (the API has no field for it), then disabled if the file says so, before its secret
     * is written: a secret that cannot be written must not leave enabled a client the file wants disabled. Either
     * failure is reported with the other.
     */
    private void createClient(Change change, Map<String, Object> body, String path) {
        Object enabled = body.remove("enabled");
        Response created = this.api.send("POST", Kind.CLIENT.collection(), body, null);
        Object secret = created.map().get("clientSecret");
        RuntimeException notDisabled = null;
        if (Boolean.FALSE.equals(enabled)) {
            try {
                this.api.send("PATCH", path, Map.of("enabled", false), created.etag());
            }
            catch (RuntimeException failure) {
                notDisabled = failure;
            }
        }
        try {
            if (secret != null) {
                if (this.secrets != null) {
                    this.secrets.append(change.key(), String.valueOf(secret));
                    this.note = "  secret of " + change.key() + " written to " + this.secrets.file();
                }
                else {
                    this.note = "  secret of " + change.key() + " (shown once, store it now): " + secret;
                }
            }
        }
        catch (RuntimeException failure) {
            throw (notDisabled != null) ? stillEnabled(change, failure) : failure;
        }
        if (notDisabled != null) {
            throw stillEnabled(change, notDisabled);
        }
    }

    /** The failure, with a word that the client it was about exists and can obtain tokens until disabled. */
    private static CliException stillEnabled(Change change, RuntimeException failure) {
        CliException known = (failure instanceof CliException cli) ? cli : null;
        List<String> details = new ArrayList<>((known != null) ? known.details() : List.of());
        details.add(change.key() + " was created ENABLED and could not be disabled: run portcullis clients disable "
                + change.key());
        return new CliException((known != null) ? known.exitCode() : CliException.FAILURE,
                String.valueOf(failure.getMessage()), details);
    }

    private static Map<String, Object> changed(Change change) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (FieldChange field : change.fields()) {
            body.put(field.field(), field.after());
        }
        return body;
    }

    /** The server's field errors, pointed at the file's line for that field when the file has it. */
    private static List<String> located(Change change, List<String> details) {
        if (change.desired() == null || change.action() == Action.DELETE) {
            return details;
        }
        List<String> located = new ArrayList<>();
        for (String detail : details) {
            String field = detail.split("[\\[.:]", 2)[0];
            located.add(change.desired().at().containsKey(field) ? change.desired().where(field) + " (server: "
                    + detail + ")" : detail);
        }
        return located;
    }

}
