package io.portcullis.auth;

import io.portcullis.testsupport.PostgresTestDatabase;
import io.portcullis.testsupport.TestPki;

import org.springframework.test.context.DynamicPropertyRegistry;

/** Registers a fresh database and the test PKI's auth-server certificate. */
public final class AuthServerTestEnvironment {

    private AuthServerTestEnvironment() {
    }

    public static PostgresTestDatabase register(DynamicPropertyRegistry registry) {
        TestPki pki = TestPki.platform();
        registry.add("PORTCULLIS_TLS_CERTIFICATE", () -> "file:" + pki.certificateFile("auth-server"));
        registry.add("PORTCULLIS_TLS_PRIVATE_KEY", () -> "file:" + pki.keyFile("auth-server"));
        registry.add("PORTCULLIS_TLS_CA", () -> "file:" + pki.caFile());
        return PostgresTestDatabase.register(registry);
    }

}
