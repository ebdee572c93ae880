package io.portcullis.auth.system;

import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

class CryptoConfigurationTests {

    @Test
    void springFactoriesWhenLoadedThenProviderInstalledBeforeAnyBean() {
        assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(ApplicationListener.class))
            .hasAtLeastOneElementOfType(NativeCryptoProvider.class);
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = { "amd64", "aarch64" })
    void infoAndGaugeWhenNativeProviderInstalledThenSayItSigns() {
        new NativeCryptoProvider().onApplicationEvent(environmentPrepared(Map.of()));
        CryptoConfiguration configuration = new CryptoConfiguration();
        Info.Builder info = new Info.Builder();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        configuration.cryptoInfoContributor().contribute(info);
        configuration.cryptoProviderMetrics().bindTo(registry);

        assertThat(info.build().get("crypto")).asInstanceOf(MAP)
            .containsEntry("native", true)
            .hasEntrySatisfying("provider", (provider) -> assertThat(provider.toString())
                .startsWith(NativeCryptoProvider.ACCP_NAME + " "));
        assertThat(registry.get("portcullis.crypto.native").tag("provider", NativeCryptoProvider.ACCP_NAME)
            .gauge().value()).isEqualTo(1.0);
    }

    @Test
    void infoAndGaugeWhenDisabledThenSayJdkAndWhy() {
        try {
            new NativeCryptoProvider().onApplicationEvent(
                    environmentPrepared(Map.of(NativeCryptoProvider.ENABLED_PROPERTY, "false")));
            Info.Builder info = new Info.Builder();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();

            new CryptoConfiguration().cryptoInfoContributor().contribute(info);
            new CryptoConfiguration().cryptoProviderMetrics().bindTo(registry);

            assertThat(info.build().get("crypto")).asInstanceOf(MAP)
                .containsEntry("native", false)
                .containsEntry("reason", "portcullis.crypto.native-provider=false");
            assertThat(registry.get("portcullis.crypto.native").gauge().value()).isEqualTo(0.0);
        }
        finally {
            new NativeCryptoProvider().onApplicationEvent(environmentPrepared(Map.of()));
        }
    }

    private static ApplicationEnvironmentPreparedEvent environmentPrepared(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return new ApplicationEnvironmentPreparedEvent(new DefaultBootstrapContext(), new SpringApplication(),
                new String[0], environment);
    }

}
