package io.portcullis.archfixture.gateway.first;

import io.portcullis.archfixture.gateway.second.Second;

/** Half of a package cycle that {@code PackageCyclesTests} must report. */
public record First(Second second) {
}
