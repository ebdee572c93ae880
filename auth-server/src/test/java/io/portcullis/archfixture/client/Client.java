package io.portcullis.archfixture.client;

import io.portcullis.archfixture.system.Clock;
import io.portcullis.archfixture.token.Tokens;

public record Client(String name, Clock clock) {

    public int tokens() {
        return Tokens.count(this.name);
    }

}
