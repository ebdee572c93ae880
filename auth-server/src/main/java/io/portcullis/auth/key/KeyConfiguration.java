package io.portcullis.auth.key;

import java.time.Clock;

import io.portcullis.auth.system.TokenProperties;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class KeyConfiguration {

    static final String JWKS_PATH = "/oauth2/jwks";

    @Bean
    KeyEncryption keyEncryption(KeyProperties properties) {
        return new KeyEncryption(properties.encryptionKey());
    }

    @Bean
    SigningKeyRing signingKeyRing(SigningKeyRepository repository, KeyEncryption encryption, Clock clock) {
        return new SigningKeyRing(repository, encryption, clock);
    }

    @Bean
    KeyRotation keyRotation(SigningKeyRepository repository, KeyEncryption encryption, KeyProperties properties,
            TokenProperties tokens, Clock clock, TransactionTemplate transactions) {
        return new KeyRotation(repository, encryption, properties, tokens.maxTimeToLive(), clock, transactions);
    }

    @Bean
    KeyMaintenance keyMaintenance(KeyRotation rotation, SigningKeyRing ring, TaskScheduler scheduler,
            KeyProperties properties) {
        return new KeyMaintenance(rotation, ring, scheduler, properties.refreshInterval());
    }

    @Bean
    FilterRegistrationBean<JwksCacheControlFilter> jwksCacheControlFilter(KeyProperties properties) {
        FilterRegistrationBean<JwksCacheControlFilter> registration = new FilterRegistrationBean<>(
                new JwksCacheControlFilter(JWKS_PATH, properties.jwksMaxAge()));
        registration.setOrder(Integer.MIN_VALUE + 100);
        return registration;
    }

}
