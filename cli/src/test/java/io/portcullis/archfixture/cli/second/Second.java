package io.portcullis.archfixture.cli.second;

import io.portcullis.archfixture.cli.first.First;

/** The other half of the cycle. */
public record Second(String name) {

    public First first() {
        return new First(this);
    }

}
