package io.portcullis.auth.admin;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description of the admin API, generated from the controllers by springdoc and served at
 * {@code /admin/v1/openapi} (to {@code platform.admin} tokens, like the API itself).
 */
@Configuration(proxyBeanMethods = false)
class AdminApiDocumentation {

    @Bean
    OpenAPI adminOpenApi() {
        return new OpenAPI()
            .info(new Info().title("Portcullis admin API")
                .version("v1")
                .description("Resources, scopes, clients, secrets, tokens, signing keys and the audit trail. Every "
                        + "call needs an access token with scope platform.admin from this server's token endpoint "
                        + "(client_credentials). Errors are RFC 9457 problem+json; mutable resources carry an ETag "
                        + "and honour If-Match (412 when it is stale)."))
            .components(new Components().addSecuritySchemes("platformAdmin",
                    new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
            .addSecurityItem(new SecurityRequirement().addList("platformAdmin"));
    }

}
