package io.portcullis.users;

import java.security.cert.X509Certificate;

import io.portcullis.testsupport.TestPki;

import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** MockMvc requests as if they came through mutual TLS with a platform certificate. */
public final class GatewayIdentity {

    private GatewayIdentity() {
    }

    public static RequestPostProcessor gateway() {
        return certificateOf("gateway");
    }

    public static RequestPostProcessor certificateOf(String service) {
        try (var in = java.nio.file.Files.newInputStream(TestPki.platform().certificateFile(service))) {
            X509Certificate certificate = (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(in);
            return SecurityMockMvcRequestPostProcessors.x509(certificate);
        }
        catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

}
