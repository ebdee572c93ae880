package io.portcullis.auth.admin;

import io.portcullis.auth.security.OwnAccessTokenDecoder;
import io.portcullis.auth.security.OwnTokenSecurity;
import io.portcullis.auth.system.FilterChainOrder;
import io.portcullis.auth.system.PlatformScopes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The admin API (and its OpenAPI description) is read and changed with this server's own access tokens carrying
 * {@code platform.admin}; each call checks the token is still standing (see {@link OwnAccessTokenDecoder}).
 */
@Configuration(proxyBeanMethods = false)
class AdminSecurityConfiguration {

    static final String SCOPE = PlatformScopes.ADMIN;

    @Bean
    @Order(FilterChainOrder.ADMIN_API)
    SecurityFilterChain adminFilterChain(HttpSecurity http, OwnAccessTokenDecoder decoder) throws Exception {
        return OwnTokenSecurity.chain(http, decoder, "/admin/**", SCOPE);
    }

}
