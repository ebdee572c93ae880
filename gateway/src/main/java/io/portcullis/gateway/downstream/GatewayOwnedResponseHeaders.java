package io.portcullis.gateway.downstream;

import java.util.Locale;
import java.util.Set;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Response headers the gateway writes itself and a service's answer does not add to: {@code X-Request-Id}
 * ({@link InboundHeaderFilter} sets it on every response; a service that echoes the id it was sent would otherwise
 * give the caller the header twice, and one that invents its own would give two different ids). Applied to the
 * services' answers on Spring Cloud Gateway's chain (as a response {@link HttpHeadersFilter}) and by the API relay.
 */
@Component
class GatewayOwnedResponseHeaders implements HttpHeadersFilter {

    /** Lower-case names. */
    static final Set<String> NAMES = Set.of(InboundHeaderFilter.REQUEST_ID.toLowerCase(Locale.ROOT));

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        if (!input.containsHeader(InboundHeaderFilter.REQUEST_ID)) {
            return input;
        }
        HttpHeaders filtered = new HttpHeaders();
        input.forEach((name, values) -> {
            if (!NAMES.contains(name.toLowerCase(Locale.ROOT))) {
                filtered.addAll(name, values);
            }
        });
        return filtered;
    }

    @Override
    public boolean supports(Type type) {
        return type == Type.RESPONSE;
    }

}
