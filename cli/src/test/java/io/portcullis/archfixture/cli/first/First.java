package io.portcullis.archfixture.cli.first;

import io.portcullis.archfixture.cli.second.Second;

/** Half of a package cycle that {@code PackageCyclesTests} must report. */
public record First(Second second) {
}
