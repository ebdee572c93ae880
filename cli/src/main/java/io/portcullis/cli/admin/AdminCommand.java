package io.portcullis.cli.admin;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.portcullis.cli.CliCommand;
import io.portcullis.cli.connection.AdminApi.Response;

/** An admin subcommand: the ways its results are shown, the same for every kind of document. */
abstract class AdminCommand extends CliCommand {

    /** One document (as returned by get, create and every change) and its ETag. */
    final int show(Response response) {
        printer().print(response.body(), () -> Views.details(response.map(), response.etag()));
        return 0;
    }

    /** Every document of the listing at {@code path} (all its pages), as the table {@code view} makes of it. */
    final int showList(String path, Function<List<Object>, String> view) {
        List<Object> items = api().every(path);
        printer().print(items, () -> view.apply(items));
        return 0;
    }

    /** What a delete prints: the API answers 204, so the name is all there is to show. */
    final int deleted(String kind, String name) {
        printer().print(Map.of("deleted", name), () -> "Deleted " + kind + " " + name);
        return 0;
    }

    /** Sends a change of the document at {@code path}, guarded by the given ETag or else the one read now. */
    final Response change(String method, String path, Object body, IfMatchOption guard) {
        return change(method, path, path, body, guard);
    }

    /** As {@link #change(String, String, Object, IfMatchOption)} when the request goes to a sub-path of it. */
    final Response change(String method, String documentPath, String requestPath, Object body, IfMatchOption guard) {
        String etag = ifMatch(documentPath, guard.etag);
        return api().send(method, requestPath, body, etag);
    }

}
