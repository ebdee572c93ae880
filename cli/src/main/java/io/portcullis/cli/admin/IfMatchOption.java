package io.portcullis.cli.admin;

import picocli.CommandLine.Option;

/** {@code --if-match ETAG}, the optimistic-locking guard of every change (a picocli mixin). */
final class IfMatchOption {

    @Option(names = "--if-match", paramLabel = "ETAG", description = "Change only if it still has this ETag.")
    String etag;

}
