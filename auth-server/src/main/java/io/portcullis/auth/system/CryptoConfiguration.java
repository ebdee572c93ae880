package io.portcullis.auth.system;

import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Says which JCA provider signs the tokens: in {@code /actuator/info} and as a gauge an alert can watch. */
@Configuration(proxyBeanMethods = false)
class CryptoConfiguration {

    @Bean
    InfoContributor cryptoInfoContributor() {
        return (builder) -> {
            CryptoProviderStatus status = NativeCryptoProvider.status();
            builder.withDetail("crypto", (status.fallbackReason() != null)
                    ? Map.of("provider", status.description(), "native", false, "reason", status.fallbackReason())
                    : Map.of("provider", status.description(), "native", true));
        };
    }

    @Bean
    MeterBinder cryptoProviderMetrics() {
        return (registry) -> {
            CryptoProviderStatus status = NativeCryptoProvider.status();
            Gauge.builder("portcullis.crypto.native", () -> NativeCryptoProvider.status().nativeProvider() ? 1 : 0)
                .description("1 when the native provider (ACCP) signs tokens, 0 when the JDK's providers do")
                .tag("provider", status.provider())
                .register(registry);
        };
    }

}
