package io.portcullis.resourceserver;

import java.util.ArrayList;
import java.util.Set;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.customizers.GlobalOperationCustomizer;

import org.springframework.web.method.HandlerMethod;

/**
 * Lists each operation's {@link RequiredScope} in the OpenAPI document as its security requirement (a bearer
 * access token holding those scopes), so the document and the enforcement come from one declaration.
 */
final class OpenApiScopes implements GlobalOperationCustomizer, GlobalOpenApiCustomizer {

    static final String SCHEME = "bearer";

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        Set<String> scopes = EndpointScopes.declaredOn(handler);
        if (!scopes.isEmpty()) {
            operation.addSecurityItem(new SecurityRequirement().addList(SCHEME, new ArrayList<>(scopes)));
        }
        return operation;
    }

    @Override
    public void customise(io.swagger.v3.oas.models.OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents()
            .addSecuritySchemes(SCHEME, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                .scheme("bearer")
                .bearerFormat("JWT")
                .description("An access token of the Portcullis auth-server (RFC 9068) for this resource"));
    }

}
