package io.portcullis.revocation;

import java.time.Clock;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The deny-list fed by the auth-server's security feed, for any service that sets {@code portcullis.feed.enabled}
 * (see {@link FeedProperties}); the service's security filter chain consults the {@link DenyList} bean.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty("portcullis.feed.enabled")
public class SecurityFeedAutoConfiguration {

    @Bean
    FeedProperties feedProperties(Environment environment) {
        return Binder.get(environment).bind("portcullis.feed", FeedProperties.class).get();
    }

    @Bean
    DenyList denyList() {
        return new DenyList(Clock.systemUTC());
    }

    @Bean(destroyMethod = "close")
    SecurityFeedFollower securityFeedFollower(FeedProperties properties, SslBundles bundles, DenyList denyList) {
        return new SecurityFeedFollower(properties.settings(),
                bundles.getBundle(properties.sslBundle()).createSslContext(), denyList);
    }

}
