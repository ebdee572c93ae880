package io.portcullis.archfixture.system;

import io.portcullis.archfixture.client.Client;

public final class Clock {

    public String owner(Client client) {
        return client.name();
    }

}
