package io.portcullis.auth.feed;

import io.portcullis.auth.security.OwnAccessTokenDecoder;
import io.portcullis.auth.security.OwnTokenSecurity;
import io.portcullis.auth.system.FilterChainOrder;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** The feed is read with this server's own access tokens: audience = the issuer, scope {@code security.feed}. */
@Configuration(proxyBeanMethods = false)
class FeedSecurityConfiguration {

    static final String SCOPE = "security.feed";

    @Bean
    @Order(FilterChainOrder.SECURITY_FEED)
    SecurityFilterChain feedFilterChain(HttpSecurity http, OwnAccessTokenDecoder decoder) throws Exception {
        return OwnTokenSecurity.chain(http, decoder, "/feed/**", SCOPE);
    }

}
