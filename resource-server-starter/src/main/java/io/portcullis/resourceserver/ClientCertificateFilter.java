package io.portcullis.resourceserver;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.portcullis.resourceserver.core.RefusalReason;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * TLS already refused every connection without a certificate of the platform CA; this admits only the configured
 * callers, named by a subject alternative name of their certificate ({@link CallerIdentity}), service-wide or for
 * the paths that name their own. Anyone else holding a platform certificate is answered 403 before any token is
 * looked at.
 */
final class ClientCertificateFilter extends OncePerRequestFilter {

    private final Set<String> allowed;

    private final Map<RequestMatcher, Set<String>> allowedByPath = new LinkedHashMap<>();

    ClientCertificateFilter(ResourceServerProperties.Clients clients) {
        this.allowed = Set.copyOf(clients.allowed());
        clients.paths()
            .forEach((pattern, names) -> this.allowedByPath
                .put(PathPatternRequestMatcher.withDefaults().matcher(pattern), Set.copyOf(names)));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Set<String> admitted = admittedFor(request);
        for (String name : CallerIdentity.names(request)) {
            if (admitted.contains(name)) {
                request.setAttribute(CallerIdentity.ATTRIBUTE, name);
                chain.doFilter(request, response);
                return;
            }
        }
        Refusals.record(request, RefusalReason.CLIENT_NOT_ALLOWED);
        ProblemResponses.write(response, HttpStatus.FORBIDDEN, "This client certificate may not call the service",
                null);
    }

    private Set<String> admittedFor(HttpServletRequest request) {
        for (Map.Entry<RequestMatcher, Set<String>> entry : this.allowedByPath.entrySet()) {
            if (entry.getKey().matches(request)) {
                return entry.getValue();
            }
        }
        return this.allowed;
    }

}
