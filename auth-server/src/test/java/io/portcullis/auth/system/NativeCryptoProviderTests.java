package io.portcullis.auth.system;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Security;
import java.security.Signature;

import javax.crypto.Cipher;
import javax.crypto.Mac;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs where the build adds ACCP's jar (the Maven profiles of the auth-server's pom). */
@EnabledOnOs(value = OS.LINUX, architectures = { "amd64", "aarch64" })
class NativeCryptoProviderTests {

    @AfterEach
    void installAgain() {
        // other tests in this JVM run with the provider the application installs
        NativeCryptoProvider.install();
    }

    @Test
    void installWhenNativeLibraryLoadsThenEveryServiceTheServerUsesComesFromIt() throws Exception {
        CryptoProviderStatus status = NativeCryptoProvider.install();

        assertThat(status.nativeProvider()).isTrue();
        assertThat(status.fallbackReason()).isNull();
        assertThat(status.provider()).isEqualTo(NativeCryptoProvider.ACCP_NAME);
        assertThat(Signature.getInstance("SHA256withRSA").getProvider().getName()).isEqualTo(status.provider());
        assertThat(Signature.getInstance("SHA256withECDSA").getProvider().getName()).isEqualTo(status.provider());
        assertThat(Mac.getInstance("HmacSHA256").getProvider().getName()).isEqualTo(status.provider());
        assertThat(Cipher.getInstance("AES/GCM/NoPadding").getProvider().getName()).isEqualTo(status.provider());
        assertThat(KeyFactory.getInstance("RSA").getProvider().getName()).isEqualTo(status.provider());
    }

    @Test
    void installWhenCalledTwiceThenProviderListedOnce() {
        NativeCryptoProvider.install();
        NativeCryptoProvider.install();

        assertThat(Security.getProviders())
            .filteredOn((provider) -> provider.getName().equals(NativeCryptoProvider.ACCP_NAME))
            .hasSize(1);
    }

    @Test
    void signWhenNativeProviderFirstThenJdkProviderVerifiesTheSignature() throws Exception {
        NativeCryptoProvider.install();
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.RS256),
                new Payload("{\"sub\":\"c\"}".getBytes(StandardCharsets.UTF_8)));

        jws.sign(new RSASSASigner(key));

        RSASSAVerifier jdkVerifier = new RSASSAVerifier(key.toRSAPublicKey());
        jdkVerifier.getJCAContext().setProvider(Security.getProvider("SunRsaSign"));
        assertThat(jws.verify(jdkVerifier)).isTrue();
    }

    @Test
    void startWhenEnabledThenProviderIsFirstBeforeAnyBeanIsCreated() {
        NativeCryptoProvider.uninstall();

        try (ConfigurableApplicationContext context = start()) {
            // installed once the environment is known, before the first singleton is created
            assertThat(context.getBean(FirstProviderAtCreation.class).name()).isEqualTo(NativeCryptoProvider.ACCP_NAME);
            assertThat(NativeCryptoProvider.status().nativeProvider()).isTrue();
        }
    }

    @Test
    void startWhenDisabledThenJdkProvidersServeFromTheFirstBean() {
        NativeCryptoProvider.install();

        try (ConfigurableApplicationContext context = start("--" + NativeCryptoProvider.ENABLED_PROPERTY + "=false")) {
            assertThat(context.getBean(FirstProviderAtCreation.class).name()).isNotEqualTo(
                    NativeCryptoProvider.ACCP_NAME);
            assertThat(NativeCryptoProvider.status().fallbackReason()).isEqualTo(
                    NativeCryptoProvider.ENABLED_PROPERTY + "=false");
        }
    }

    private static ConfigurableApplicationContext start(String... args) {
        // the listener comes from the auth-server's META-INF/spring.factories, as in the application
        return new SpringApplicationBuilder(FirstProviderAtCreation.class).web(WebApplicationType.NONE)
            .logStartupInfo(false)
            .run(args);
    }

    @Test
    void uninstallWhenDisabledThenJdkProvidersServe() throws Exception {
        NativeCryptoProvider.install();

        CryptoProviderStatus status = NativeCryptoProvider.uninstall();

        assertThat(status.nativeProvider()).isFalse();
        assertThat(status.fallbackReason()).isEqualTo("portcullis.crypto.native-provider=false");
        assertThat(Signature.getInstance("SHA256withRSA").getProvider().getName()).isNotEqualTo(
                NativeCryptoProvider.ACCP_NAME);
    }

    /** A bean that notes which provider was first when it was created. */
    @Configuration(proxyBeanMethods = false)
    static class FirstProviderAtCreation {

        private final String name = Security.getProviders()[0].getName();

        String name() {
            return this.name;
        }

    }

}
