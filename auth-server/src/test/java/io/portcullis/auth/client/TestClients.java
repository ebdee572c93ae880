package io.portcullis.auth.client;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Builder fixtures for clients stored straight through the repository (the admin API is another feature). */
public final class TestClients {

    private String clientId = "client-" + UUID.randomUUID().toString().substring(0, 8);

    private String method = "client_secret_basic";

    private String grantTypes = Client.CLIENT_CREDENTIALS;

    private final Set<String> scopes = new LinkedHashSet<>();

    private final Set<String> defaults = new LinkedHashSet<>();

    private Duration ttl = Duration.ofMinutes(5);

    private boolean enabled = true;

    private String jwks;

    private String jwksUri;

    private String assertionAlgorithm;

    private TestClients() {
    }

    public static TestClients confidential() {
        return new TestClients();
    }

    public TestClients clientId(String clientId) {
        this.clientId = clientId;
        return this;
    }

    public TestClients secretPost() {
        this.method = "client_secret_post";
        return this;
    }

    public TestClients privateKeyJwt(String jwks, String jwksUri, String algorithm) {
        this.method = "private_key_jwt";
        this.jwks = jwks;
        this.jwksUri = jwksUri;
        this.assertionAlgorithm = algorithm;
        return this;
    }

    public TestClients scopes(String... scopes) {
        this.scopes.addAll(List.of(scopes));
        return this;
    }

    public TestClients defaultScopes(String... scopes) {
        this.scopes.addAll(List.of(scopes));
        this.defaults.addAll(List.of(scopes));
        return this;
    }

    public TestClients timeToLive(Duration ttl) {
        this.ttl = ttl;
        return this;
    }

    public TestClients disabled() {
        this.enabled = false;
        return this;
    }

    public TestClients noGrant() {
        this.grantTypes = "";
        return this;
    }

    /** Saves the client with a fresh secret and returns its id and that secret. */
    public Created save(ClientRepository clients, ClientSecretHasher hasher) {
        String secret = ClientSecrets.generate();
        String hash = "private_key_jwt".equals(this.method) ? null : hasher.hash(secret);
        Set<ClientScope> granted = this.scopes.stream()
            .map((scope) -> new ClientScope(scope, this.defaults.contains(scope)))
            .collect(Collectors.toSet());
        Instant now = Instant.now();
        clients.save(new Client(this.clientId, "Test client " + this.clientId, this.enabled, this.grantTypes,
                this.method, ClientSecret.of(hash), new ClientKeys(this.jwks, this.jwksUri, this.assertionAlgorithm),
                (int) this.ttl.toSeconds(), null, now, now, null, granted));
        return new Created(this.clientId, secret);
    }

    public record Created(String clientId, String secret) {
    }

}
