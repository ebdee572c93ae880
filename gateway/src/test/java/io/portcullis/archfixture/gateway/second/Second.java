package io.portcullis.archfixture.gateway.second;

import io.portcullis.archfixture.gateway.first.First;

/** The other half of the cycle. */
public record Second(String name) {

    public First first() {
        return new First(this);
    }

}
