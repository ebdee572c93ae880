package io.portcullis.lifecycle;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * The {@link ShutdownDrain} of every Portcullis service ({@link ShutdownProperties}). The drain and the graceful
 * shutdown that follows ({@code spring.lifecycle.timeout-per-shutdown-phase}) together stay within the platform's
 * 10 s stop budget.
 */
@AutoConfiguration
@EnableConfigurationProperties(ShutdownProperties.class)
public class ShutdownDrainAutoConfiguration {

    @Bean
    ShutdownDrain shutdownDrain(ShutdownProperties properties, ApplicationEventPublisher events) {
        return new ShutdownDrain(properties.drain(), events);
    }

}
