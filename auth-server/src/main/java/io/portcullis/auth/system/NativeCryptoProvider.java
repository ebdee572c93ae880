package io.portcullis.auth.system;

import java.lang.reflect.InvocationTargetException;
import java.security.Provider;
import java.security.Security;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Puts Amazon Corretto Crypto Provider (ACCP, AWS-LC underneath) first in the JCA provider list where its native
 * library loads, so that every {@code Signature}, {@code Mac}, {@code Cipher} and {@code KeyFactory} the server asks
 * for by name — Nimbus's RS256/ES256 signers, the HMAC of client secrets, the AES-GCM of stored keys, TLS — runs
 * natively. RS256 signing is the token endpoint's largest single cost; ACCP signs about four times faster than the
 * JDK's provider on the same core. Where the library is absent (not Linux x86_64/aarch64) or fails its self-tests,
 * the JDK providers stay in charge and the log says why. {@code portcullis.crypto.native-provider=false} keeps the
 * JDK providers on purpose.
 * <p>
 * Registered in {@code META-INF/spring.factories}: it runs once the environment is known and before any bean asks
 * for a cryptographic service. ACCP is reached by reflection because its jar is on the class path only on the
 * platforms it supports (a Maven profile per platform).
 */
public final class NativeCryptoProvider implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    static final String ENABLED_PROPERTY = "portcullis.crypto.native-provider";

    static final String ACCP_CLASS = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";

    static final String ACCP_NAME = "AmazonCorrettoCryptoProvider";

    private static final Log logger = LogFactory.getLog(NativeCryptoProvider.class);

    private static volatile CryptoProviderStatus status = CryptoProviderStatus.jdk("not installed yet");

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        boolean enabled = event.getEnvironment().getProperty(ENABLED_PROPERTY, Boolean.class, true);
        status = enabled ? install() : uninstall();
        if (status.nativeProvider()) {
            logger.info("Cryptography: " + status.description() + " is the first JCA provider (native signing, "
                    + "HMAC and AES-GCM)");
        }
        else {
            logger.warn("Cryptography: the JDK's providers are in use (" + status.fallbackReason()
                    + "); token signing runs at the JDK's speed");
        }
    }

    /** What the server signs, hashes and encrypts with, as decided at start. */
    public static CryptoProviderStatus status() {
        return status;
    }

    static CryptoProviderStatus install() {
        Provider provider;
        try {
            Class<?> type = Class.forName(ACCP_CLASS, true, NativeCryptoProvider.class.getClassLoader());
            provider = (Provider) type.getField("INSTANCE").get(null);
            Object loadingError = type.getMethod("getLoadingError").invoke(provider);
            if (loadingError != null) {
                return CryptoProviderStatus.jdk("ACCP's native library did not load: " + loadingError);
            }
            type.getMethod("assertHealthy").invoke(provider);
        }
        catch (ClassNotFoundException ex) {
            return CryptoProviderStatus.jdk("ACCP is not on the class path of this platform");
        }
        catch (InvocationTargetException ex) {
            return CryptoProviderStatus.jdk("ACCP failed its self-tests: " + ex.getCause());
        }
        catch (ReflectiveOperationException | LinkageError ex) {
            return CryptoProviderStatus.jdk("ACCP could not be loaded: " + ex);
        }
        Provider installed = Security.getProvider(provider.getName());
        if (installed == null) {
            Security.insertProviderAt(provider, 1);
        }
        Provider first = Security.getProviders()[0];
        if (!first.getName().equals(provider.getName())) {
            return CryptoProviderStatus.jdk("another provider is first: " + first.getName());
        }
        return CryptoProviderStatus.of(provider, true, null);
    }

    static CryptoProviderStatus uninstall() {
        Security.removeProvider(ACCP_NAME);
        return CryptoProviderStatus.jdk(ENABLED_PROPERTY + "=false");
    }

    @Override
    public int getOrder() {
        // after Spring Boot's logging set-up, so the decision is logged in the configured format
        return Ordered.LOWEST_PRECEDENCE;
    }

}
