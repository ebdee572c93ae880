package io.portcullis.users.security;

import java.time.Clock;

import io.portcullis.revocation.DenyList;
import io.portcullis.revocation.FeedProperties;
import io.portcullis.revocation.SecurityFeedFollower;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The deny-list fed by the auth-server's security feed, when {@code portcullis.feed.enabled}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("portcullis.feed.enabled")
class FeedConfiguration {

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
