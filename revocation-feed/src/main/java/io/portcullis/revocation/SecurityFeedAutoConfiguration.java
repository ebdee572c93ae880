package io.portcullis.revocation;

import java.time.Clock;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.application.ReadinessStateHealthIndicator;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The deny-list fed by the auth-server's security feed, for any service that sets {@code portcullis.feed.enabled}
 * (see {@link FeedProperties}); the service's security filter chain consults the {@link DenyList} bean. With
 * Actuator, the service is not ready until the first snapshot arrived, and {@code portcullis.feed.lag} says how
 * far behind the feed the deny-list may be.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.health.autoconfigure.application."
        + "AvailabilityHealthContributorAutoConfiguration")
@ConditionalOnBooleanProperty("portcullis.feed.enabled")
@EnableConfigurationProperties(FeedProperties.class)
public class SecurityFeedAutoConfiguration {

    @Bean
    DenyList denyList() {
        return new DenyList(Clock.systemUTC());
    }

    @Bean(destroyMethod = "close")
    SecurityFeedFollower securityFeedFollower(FeedProperties properties, SslBundles bundles, DenyList denyList) {
        return new SecurityFeedFollower(properties,
                bundles.getBundle(properties.sslBundle()).createSslContext(), denyList);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ReadinessStateHealthIndicator.class)
    static class FeedReadinessConfiguration {

        /** Takes the place of Boot's own readiness indicator, hence its name. */
        @Bean
        ReadinessStateHealthIndicator readinessStateHealthIndicator(ApplicationAvailability availability,
                DenyList denyList) {
            return new FeedReadinessStateHealthIndicator(availability, denyList);
        }

    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class FeedMetricsConfiguration {

        @Bean
        MeterBinder securityFeedLag(SecurityFeedFollower follower) {
            return (registry) -> Gauge.builder("portcullis.feed.lag", follower, (f) -> f.lag().toMillis() / 1000.0)
                .baseUnit("seconds")
                .description("How far behind the security feed the deny-list may be (0 while a long poll is open)")
                .register(registry);
        }

    }

}
