package io.portcullis.gateway.security;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Every request header, name and value, checked once as it arrives against the firewall's character rules
 * ({@link EdgeFirewall}: assigned characters, no control characters, a tab allowed in values). Spring Security's
 * firewall checks a header only when something reads it, so a header nothing at the edge reads (an {@code X-Note}
 * carrying U+0085, a C1 control that HTTP's decoder lets through as an obs-text byte) would otherwise reach a service
 * as it came, relayed or not. Refused with a 400 problem; runs inside the access log (so the refusal has its line)
 * and before the API relay and Spring Security.
 */
@Component
class HeaderCharactersFilter implements WebFilter, Ordered {

    @Override
    public int getOrder() {
        // after the inbound header filter (-200) and the access log (-150), before the relay (-120) and security (-100)
        return -140;
    }

    @Override
    public String toString() {
        return "HeaderCharactersFilter";
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        io.netty.handler.codec.http.HttpHeaders arrived = ArrivedHeaders.of(exchange.getRequest());
        boolean allowed = (arrived != null) ? allowed(arrived) : allowed(exchange.getRequest().getHeaders());
        if (!allowed) {
            // nothing of the request is echoed
            return EdgeProblems.write(exchange.getResponse(), HttpStatus.BAD_REQUEST, null,
                    "A request header holds a character that is not allowed");
        }
        return chain.filter(exchange);
    }

    /** Netty's entries walked in place (see {@link ArrivedHeaders}). */
    private static boolean allowed(io.netty.handler.codec.http.HttpHeaders headers) {
        Iterator<Map.Entry<String, String>> entries = headers.iteratorAsString();
        while (entries.hasNext()) {
            Map.Entry<String, String> header = entries.next();
            if (!EdgeFirewall.ASSIGNED_NOT_CONTROL.test(header.getKey())
                    || !EdgeFirewall.HEADER_VALUE.test(header.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean allowed(HttpHeaders headers) {
        for (Map.Entry<String, List<String>> header : headers.headerSet()) {
            if (!EdgeFirewall.ASSIGNED_NOT_CONTROL.test(header.getKey())) {
                return false;
            }
            for (String value : header.getValue()) {
                if (!EdgeFirewall.HEADER_VALUE.test(value)) {
                    return false;
                }
            }
        }
        return true;
    }

}
