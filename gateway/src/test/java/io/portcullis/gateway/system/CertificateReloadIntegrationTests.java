package io.portcullis.gateway.system;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.SSLSocket;

import io.portcullis.gateway.GatewayTestEnvironment;
import io.portcullis.gateway.TestUpstream;
import io.portcullis.testsupport.TestAuthorizationServer;
import io.portcullis.testsupport.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A rotated certificate (new files, as cert-manager writes them) is served without a restart. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.ssl.bundle.watch.file.quiet-period=200ms")
@ActiveProfiles("test")
class CertificateReloadIntegrationTests {

    static final TestAuthorizationServer AUTH = TestAuthorizationServer.start();

    static final TestUpstream UPSTREAM = new TestUpstream();

    static final Path TLS = tlsDirectory();

    @DynamicPropertySource
    static void environment(DynamicPropertyRegistry registry) {
        GatewayTestEnvironment.register(registry, AUTH, UPSTREAM);
        registry.add("PORTCULLIS_TLS_CERTIFICATE", () -> "file:" + TLS.resolve("gateway.crt"));
        registry.add("PORTCULLIS_TLS_PRIVATE_KEY", () -> "file:" + TLS.resolve("gateway.key"));
    }

    @AfterAll
    static void stop() {
        AUTH.close();
        UPSTREAM.close();
    }

    @LocalServerPort
    int port;

    @Test
    void certificateWhenFilesReplacedThenNewOneServedWithoutRestart() {
        BigInteger before = servedSerial();

        TestPki.platform().rotate("gateway", TLS);

        await().atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(250))
            .untilAsserted(() -> assertThat(servedSerial()).isNotEqualTo(before));
    }

    private BigInteger servedSerial() {
        try (SSLSocket socket = (SSLSocket) TestPki.platform()
            .trustOnlySslContext()
            .getSocketFactory()
            .createSocket("localhost", this.port)) {
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
        catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    private static Path tlsDirectory() {
        try {
            Path directory = Files.createDirectories(Path.of("target", "reload-tls").toAbsolutePath());
            TestPki.platform().rotate("gateway", directory);
            return directory;
        }
        catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

}
