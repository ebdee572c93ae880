package io.portcullis.gateway.security;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * A path no route serves is 404 problem+json, as at the services, not Spring's default error JSON; it is reached
 * only with a valid token (the edge chain authenticates every request first) and before any scope check, which
 * belongs to the routes.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class NotFoundProblems implements WebExceptionHandler {

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (ex instanceof ResponseStatusException status && status.getStatusCode().value() == 404
                && !exchange.getResponse().isCommitted()) {
            return EdgeProblems.write(exchange.getResponse(), HttpStatus.NOT_FOUND, null,
                    "No resource is served at this path");
        }
        return Mono.error(ex);
    }

}
