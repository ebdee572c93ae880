package io.portcullis.users;

import io.portcullis.testsupport.PostgresTestDatabase;
import io.portcullis.testsupport.TestAuthorizationServer;
import io.portcullis.testsupport.TestPki;

import org.springframework.test.context.DynamicPropertyRegistry;

/** A fresh database, the test PKI's user-service certificate and a stand-in auth-server's JWKS. */
public final class UserServiceTestEnvironment {

    public static final String AUDIENCE = "https://users.portcullis.local";

    private static TestAuthorizationServer authorizationServer;

    private UserServiceTestEnvironment() {
    }

    /** One stand-in auth-server per test JVM. */
    public static synchronized TestAuthorizationServer authorizationServer() {
        if (authorizationServer == null) {
            authorizationServer = TestAuthorizationServer.start();
        }
        return authorizationServer;
    }

    public static PostgresTestDatabase register(DynamicPropertyRegistry registry) {
        return register(registry, authorizationServer());
    }

    /** As {@link #register(DynamicPropertyRegistry)}, with a stand-in auth-server of the test class's own. */
    public static PostgresTestDatabase register(DynamicPropertyRegistry registry, TestAuthorizationServer auth) {
        TestPki pki = TestPki.platform();
        registry.add("PORTCULLIS_TLS_CERTIFICATE", () -> "file:" + pki.certificateFile("user-service"));
        registry.add("PORTCULLIS_TLS_PRIVATE_KEY", () -> "file:" + pki.keyFile("user-service"));
        registry.add("PORTCULLIS_TLS_CA", () -> "file:" + pki.caFile());
        registry.add("portcullis.token.jwks-uri", auth::jwksUri);
        return PostgresTestDatabase.register(registry);
    }

}
