package io.portcullis.auth;

import io.portcullis.auth.client.ClientRepository;
import io.portcullis.auth.client.ClientSecretHasher;
import io.portcullis.auth.client.TestClients;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The fixture most auth-server integration tests share: a running server over HTTPS on its own fresh database,
 * a client for its OAuth endpoints and a way to store test clients.
 */
@AuthServerIntegrationTest
public abstract class AuthServerIntegrationTestSupport {

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        AuthServerTestEnvironment.register(registry);
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected ClientRepository clients;

    @Autowired
    protected ClientSecretHasher hasher;

    protected OAuthClient oauth;

    @BeforeEach
    void connect() {
        this.oauth = new OAuthClient(this.port);
    }

    /** Stores {@code client} with a fresh secret. */
    protected TestClients.Created save(TestClients client) {
        return client.save(this.clients, this.hasher);
    }

}
