package io.portcullis.resourceserver;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The scopes in the OpenAPI document, where the service serves one with springdoc. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springdoc.core.customizers.GlobalOperationCustomizer")
class OpenApiScopesConfiguration {

    @Bean
    OpenApiScopes portcullisOpenApiScopes() {
        return new OpenApiScopes();
    }

}
