package io.portcullis.auth.client;

import java.time.Clock;
import java.util.Base64;

import io.portcullis.auth.system.DatabaseOutage;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ClientConfiguration {

    /** Spring Authorization Server verifies client secrets with the {@code PasswordEncoder} bean. */
    @Bean
    ClientSecretHasher clientSecretHasher(ClientProperties properties, Clock clock) {
        return new ClientSecretHasher(Base64.getDecoder().decode(properties.secretHashKey().trim()), clock);
    }

    @Bean
    CachingRegisteredClientRepository registeredClientRepository(ClientRepository clients,
            ClientProperties properties, DatabaseOutage outage) {
        return new CachingRegisteredClientRepository(clients, properties.cacheMaxSize(), outage);
    }

}
