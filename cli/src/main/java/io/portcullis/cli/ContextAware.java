package io.portcullis.cli;

/** A command or mixin that is handed the {@link CliContext} when picocli creates it. */
public interface ContextAware {

    void context(CliContext context);

}
