package io.portcullis.cli.admin;

import java.util.LinkedHashMap;
import java.util.Map;

import io.portcullis.cli.connection.AdminApi;
import picocli.CommandLine.Parameters;

/**
 * A command on one document of a collection addressed by its name (resources, scopes): the collection's path and
 * noun come from the subclass, so get, create, update and delete read, send and show the same way for each.
 */
abstract class NamedDocumentCommand extends AdminCommand {

    private final String collection;

    private final String noun;

    @Parameters(paramLabel = "NAME")
    String name;

    NamedDocumentCommand(String collection, String noun) {
        this.collection = collection;
        this.noun = noun;
    }

    final String path() {
        return this.collection + "/" + AdminApi.segment(this.name);
    }

    final int get() {
        return show(api().get(path()));
    }

    /** Creates it with its name, the one field naming what it belongs to, and its description. */
    final int create(String field, Object value, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", this.name);
        body.put(field, value);
        body.put("description", description);
        return show(api().send("POST", this.collection, body, null));
    }

    final int update(Object body, IfMatchOption guard) {
        return show(change("PATCH", path(), body, guard));
    }

    /** Deletes it; {@code query} ("" or "?...") goes on the request only, not on the read of its ETag. */
    final int delete(String query, IfMatchOption guard) {
        change("DELETE", path(), path() + query, null, guard);
        return deleted(this.noun, this.name);
    }

}
