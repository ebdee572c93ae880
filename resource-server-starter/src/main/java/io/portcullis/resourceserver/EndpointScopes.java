package io.portcullis.resourceserver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Which scopes each endpoint requires, declared once: {@code portcullis.resource-server.scopes} entries first, then
 * {@link RequiredScope} on the handler method (or its controller) that Spring MVC would choose by path and method.
 * <ul>
 * <li>{@code Optional.empty()}: no handler serves this path and method; the request goes on (to a 404 or 405) with
 * no scope check.</li>
 * <li>an empty set: a handler that declares no scope; it is refused (fail closed).</li>
 * </ul>
 */
public final class EndpointScopes {

    static final String ATTRIBUTE = EndpointScopes.class.getName();

    private final Map<RequestMatcher, Set<String>> configured = new LinkedHashMap<>();

    private final ObjectProvider<RequestMappingInfoHandlerMapping> mappings;

    EndpointScopes(Map<String, String> configured, ObjectProvider<RequestMappingInfoHandlerMapping> mappings) {
        configured.forEach((endpoint, scopes) -> this.configured.put(matcher(endpoint), split(scopes)));
        this.mappings = mappings;
    }

    /** The scopes {@code request} needs ({@code Optional.empty()} when no handler serves it). */
    public Optional<Set<String>> requiredBy(HttpServletRequest request) {
        for (Map.Entry<RequestMatcher, Set<String>> entry : this.configured.entrySet()) {
            if (entry.getKey().matches(request)) {
                return Optional.of(entry.getValue());
            }
        }
        boolean parsed = ServletRequestPathUtils.hasParsedRequestPath(request);
        if (!parsed) {
            ServletRequestPathUtils.parseAndCache(request);
        }
        try {
            return handlerScopes(request);
        }
        finally {
            if (!parsed) {
                ServletRequestPathUtils.clearParsedRequestPath(request);
            }
        }
    }

    /** The scopes found for the request by {@link #requiredBy}, for the 403's challenge. */
    @SuppressWarnings("unchecked")
    static Collection<String> requiredOf(HttpServletRequest request) {
        return (request.getAttribute(ATTRIBUTE) instanceof Collection<?> scopes) ? (Collection<String>) scopes
                : List.of();
    }

    /** The scopes of every handler method, for the OpenAPI document. */
    static Set<String> declaredOn(HandlerMethod handler) {
        RequiredScope scope = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequiredScope.class);
        if (scope == null) {
            scope = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), RequiredScope.class);
        }
        return (scope != null) ? new LinkedHashSet<>(Arrays.asList(scope.value())) : Set.of();
    }

    private Optional<Set<String>> handlerScopes(HttpServletRequest request) {
        PathPattern best = null;
        List<HandlerMethod> handlers = new ArrayList<>();
        for (RequestMappingInfoHandlerMapping mapping : this.mappings) {
            for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mapping.getHandlerMethods().entrySet()) {
                RequestMappingInfo info = entry.getKey();
                PathPatternsRequestCondition paths = info.getPathPatternsCondition();
                PathPatternsRequestCondition matching = (paths != null) ? paths.getMatchingCondition(request) : null;
                if (matching == null || info.getMethodsCondition().getMatchingCondition(request) == null) {
                    continue;
                }
                PathPattern pattern = matching.getFirstPattern();
                int order = (best == null) ? -1 : PathPattern.SPECIFICITY_COMPARATOR.compare(pattern, best);
                if (order < 0) {
                    best = pattern;
                    handlers.clear();
                }
                if (order <= 0) {
                    handlers.add(entry.getValue());
                }
            }
        }
        if (handlers.isEmpty()) {
            return Optional.empty();
        }
        // several handlers for one path and method (by content type): all of their scopes, never the fewest
        Set<String> scopes = new LinkedHashSet<>();
        for (HandlerMethod handler : handlers) {
            Set<String> declared = declaredOn(handler);
            if (declared.isEmpty()) {
                return Optional.of(Set.of());
            }
            scopes.addAll(declared);
        }
        return Optional.of(scopes);
    }

    private static RequestMatcher matcher(String endpoint) {
        String[] parts = endpoint.trim().split("\\s+", 2);
        if (parts.length == 2) {
            return PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.valueOf(parts[0]), parts[1]);
        }
        return PathPatternRequestMatcher.withDefaults().matcher(parts[0]);
    }

    private static Set<String> split(String scopes) {
        return new LinkedHashSet<>(Arrays.asList(scopes.trim().split("\\s+")));
    }

}
