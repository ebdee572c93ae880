package io.portcullis.auth.system;

import java.security.Provider;
import java.security.Security;

/**
 * The JCA provider that signs tokens and why: {@code nativeProvider} is true when ACCP is first in the provider
 * list, otherwise {@code fallbackReason} says what kept the JDK's providers in charge.
 */
public record CryptoProviderStatus(String provider, String version, boolean nativeProvider, String fallbackReason) {

    static CryptoProviderStatus of(Provider provider, boolean nativeProvider, String fallbackReason) {
        return new CryptoProviderStatus(provider.getName(), provider.getVersionStr(), nativeProvider, fallbackReason);
    }

    static CryptoProviderStatus jdk(String reason) {
        return of(Security.getProviders()[0], false, reason);
    }

    String description() {
        return this.provider + " " + this.version;
    }

}
