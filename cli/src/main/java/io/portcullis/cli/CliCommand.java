package io.portcullis.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import io.portcullis.cli.connection.AdminApi;
import io.portcullis.cli.connection.ConnectionOptions;
import io.portcullis.cli.output.OutputOptions;
import io.portcullis.cli.output.Printer;
import picocli.CommandLine.Mixin;

/** A command that talks to the admin API: connection and output options, the context, the API client. */
public abstract class CliCommand implements Callable<Integer>, ContextAware {

    @Mixin
    protected ConnectionOptions connection;

    @Mixin
    protected OutputOptions output;

    protected CliContext context;

    private AdminApi api;

    @Override
    public void context(CliContext context) {
        this.context = context;
    }

    protected AdminApi api() {
        if (this.api == null) {
            this.connection.context(this.context);
            this.api = new AdminApi(this.connection.resolve(true));
        }
        return this.api;
    }

    /**
     * The {@code If-Match} for a change of {@code path}: the ETag the user gives (read earlier, e.g. by a script),
     * else the one read now, so that a change made by someone else in between is refused (412), never overwritten.
     */
    protected String ifMatch(String path, String given) {
        if (given != null) {
            return given.startsWith("\"") || given.startsWith("W/") || given.equals("*") ? given : "\"" + given + "\"";
        }
        return api().get(path).etag();
    }

    protected Printer printer() {
        return new Printer(this.context.out(), this.output.format());
    }

    protected PrintWriter out() {
        return this.context.out();
    }

    protected PrintWriter err() {
        return this.context.err();
    }

}
