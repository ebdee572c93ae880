package io.portcullis.bench.webmvc;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Our gateway's InboundHeaderFilter, restated for the servlet stack: forwarding, client-certificate and internal
 * headers a client sends are dropped, and every request carries an X-Request-Id (the caller's if well-formed, else a
 * new one), returned on the response.
 */
@Component
class InboundHeaderFilter extends OncePerRequestFilter implements Ordered {

    static final String REQUEST_ID = "X-Request-Id";

    private static final List<String> FORBIDDEN_PREFIXES = List.of("x-forwarded-", "x-ssl-", "x-client-cert",
            "x-portcullis-", "x-internal-");

    private static final List<String> FORBIDDEN = List.of("forwarded", "x-real-ip", "x-client-id",
            "ssl-client-cert", "x-arr-clientcert");

    private static final Pattern WELL_FORMED_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Override
    public int getOrder() {
        // before Spring Security's filter chain (-100)
        return -200;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String given = request.getHeader(REQUEST_ID);
        String requestId = (given != null && WELL_FORMED_ID.matcher(given).matches()) ? given
                : UUID.randomUUID().toString();
        response.setHeader(REQUEST_ID, requestId);
        chain.doFilter(new Cleaned(request, requestId), response);
    }

    private static boolean isForbidden(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return FORBIDDEN.contains(lower) || FORBIDDEN_PREFIXES.stream().anyMatch(lower::startsWith);
    }

    private static final class Cleaned extends HttpServletRequestWrapper {

        private final String requestId;

        Cleaned(HttpServletRequest request, String requestId) {
            super(request);
            this.requestId = requestId;
        }

        @Override
        public String getHeader(String name) {
            if (REQUEST_ID.equalsIgnoreCase(name)) {
                return this.requestId;
            }
            return isForbidden(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            if (REQUEST_ID.equalsIgnoreCase(name)) {
                return Collections.enumeration(List.of(this.requestId));
            }
            return isForbidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = Collections.list(super.getHeaderNames())
                .stream()
                .filter((name) -> !isForbidden(name) && !REQUEST_ID.equalsIgnoreCase(name))
                .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
            names.add(REQUEST_ID);
            return Collections.enumeration(names);
        }

    }

}
