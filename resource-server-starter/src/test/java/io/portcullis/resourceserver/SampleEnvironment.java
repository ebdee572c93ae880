package io.portcullis.resourceserver;

import io.portcullis.testsupport.TestPki;

import org.springframework.test.context.DynamicPropertyRegistry;

/** The sample service on HTTPS with mutual TLS, trusting the stand-in auth-server at {@code jwksUri}. */
final class SampleEnvironment {

    static final String AUDIENCE = "https://orders.portcullis.test";

    private SampleEnvironment() {
    }

    static void register(DynamicPropertyRegistry registry, String jwksUri) {
        TestPki pki = TestPki.platform();
        registry.add("spring.ssl.bundle.pem.server.keystore.certificate",
                () -> "file:" + pki.certificateFile("order-service"));
        registry.add("spring.ssl.bundle.pem.server.keystore.private-key",
                () -> "file:" + pki.keyFile("order-service"));
        registry.add("spring.ssl.bundle.pem.server.truststore.certificate", () -> "file:" + pki.caFile());
        registry.add("portcullis.token.jwks-uri", () -> jwksUri);
    }

}
