package io.portcullis.gateway;

import io.portcullis.testsupport.TestAuthorizationServer;
import io.portcullis.testsupport.TestPki;

import org.springframework.test.context.DynamicPropertyRegistry;

/** The gateway's certificate from the test PKI, a stand-in auth-server's JWKS and the upstream of the users route. */
public final class GatewayTestEnvironment {

    public static final String AUDIENCE = "https://users.portcullis.local";

    private GatewayTestEnvironment() {
    }

    public static void register(DynamicPropertyRegistry registry, TestAuthorizationServer auth,
            TestUpstream... upstreams) {
        TestPki pki = TestPki.platform();
        registry.add("PORTCULLIS_TLS_CERTIFICATE", () -> "file:" + pki.certificateFile("gateway"));
        registry.add("PORTCULLIS_TLS_PRIVATE_KEY", () -> "file:" + pki.keyFile("gateway"));
        registry.add("PORTCULLIS_TLS_CA", () -> "file:" + pki.caFile());
        registry.add("portcullis.token.jwks-uri", auth::jwksUri);
        registry.add("PORTCULLIS_USERS_INSTANCES", () -> String.join(",",
                java.util.Arrays.stream(upstreams).map(TestUpstream::uri).toList()));
    }

}
