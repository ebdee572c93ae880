package io.portcullis.gateway.downstream;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.http.server.PathContainer;
import org.springframework.util.unit.DataSize;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which routes the API relay serves, compiled from the same route definitions Spring Cloud Gateway reads. A route
 * is relayed only when the relay does all of its work: a {@code Path} predicate, an {@code lb://} service,
 * {@code InstanceFailover}, and otherwise only {@code RequiredScope}, {@code RequestRateLimiter} (with the
 * client-id key), {@code RewritePath} and {@code RewriteResponseHeader}, under default filters that are only
 * {@code RemoveResponseHeader} and {@code RequestSize}. Any other route keeps Spring Cloud Gateway's filter chain,
 * and so does every route after one whose predicate the relay cannot evaluate.
 */
final class RelayRoutes {

    private static final Logger logger = LoggerFactory.getLogger(RelayRoutes.class);

    static final RelayRoutes NONE = new RelayRoutes(List.of(), Set.of(), DataSize.ofMegabytes(5));

    private static final String KEY_RESOLVER = "#{@clientIdKeyResolver}";

    private final List<Entry> entries;

    private final Set<String> removedResponseHeaders;

    private final DataSize maxRequestSize;

    private RelayRoutes(List<Entry> entries, Set<String> removedResponseHeaders, DataSize maxRequestSize) {
        this.entries = entries;
        this.removedResponseHeaders = removedResponseHeaders;
        this.maxRequestSize = maxRequestSize;
    }

    /** The relayed route the path belongs to; {@code null} when no route, or a route the relay does not serve. */
    @Nullable RelayRoute match(PathContainer path) {
        for (Entry entry : this.entries) {
            for (PathPattern pattern : entry.paths()) {
                if (pattern.matches(path)) {
                    return entry.route();
                }
            }
        }
        return null;
    }

    /** Lower-case names of the response headers every route removes ({@code RemoveResponseHeader} defaults). */
    Set<String> removedResponseHeaders() {
        return this.removedResponseHeaders;
    }

    /** The largest declared request body the default {@code RequestSize} filter lets through. */
    long maxRequestSize() {
        return this.maxRequestSize.toBytes();
    }

    /** Compiles {@code routes} (in Spring Cloud Gateway's order) against their definitions. */
    static RelayRoutes compile(List<Route> routes, List<RouteDefinition> definitions, List<FilterDefinition> defaults,
            BeanFactory beans) {
        Set<String> removed = new java.util.HashSet<>();
        DataSize maxSize = DataSize.ofMegabytes(5);
        for (FilterDefinition filter : defaults) {
            switch (filter.getName()) {
                case "RemoveResponseHeader" -> removed.add(first(filter.getArgs()).toLowerCase(Locale.ROOT));
                case "RequestSize" -> {
                    String size = filter.getArgs().getOrDefault("max-size", filter.getArgs().get("maxSize"));
                    maxSize = (size != null) ? DataSize.parse(size) : maxSize;
                }
                default -> {
                    logger.info("API relay off: default filter {} is not one it runs; every route keeps Spring Cloud "
                            + "Gateway's filter chain", filter.getName());
                    return NONE;
                }
            }
        }
        List<Entry> entries = new ArrayList<>();
        List<String> relayed = new ArrayList<>();
        for (Route route : routes) {
            RouteDefinition definition = definitions.stream()
                .filter((candidate) -> route.getId().equals(candidate.getId()))
                .findFirst()
                .orElse(null);
            List<PathPattern> paths = (definition != null) ? paths(definition) : null;
            if (paths == null) {
                logger.info("API relay: route {} and those after it keep Spring Cloud Gateway's filter chain (a "
                        + "predicate other than Path)", route.getId());
                break;
            }
            RelayRoute relay = relayRoute(route, definition, beans);
            entries.add(new Entry(paths, relay));
            if (relay != null) {
                relayed.add(route.getId());
            }
        }
        logger.info("API relay serves routes {}", relayed);
        return new RelayRoutes(List.copyOf(entries), Set.copyOf(removed), maxSize);
    }

    private static @Nullable List<PathPattern> paths(RouteDefinition definition) {
        if (definition.getPredicates().size() != 1 || !"Path".equals(definition.getPredicates().get(0).getName())) {
            return null;
        }
        PredicateDefinition path = definition.getPredicates().get(0);
        List<PathPattern> patterns = new ArrayList<>();
        for (Map.Entry<String, String> arg : path.getArgs().entrySet()) {
            if (!arg.getKey().startsWith("_genkey_")) {
                // matchTrailingSlash or another option the relay does not evaluate
                return null;
            }
            patterns.add(PathPatternParser.defaultInstance.parse(arg.getValue()));
        }
        return patterns;
    }

    private static @Nullable RelayRoute relayRoute(Route route, RouteDefinition definition, BeanFactory beans) {
        URI uri = route.getUri();
        if (!"lb".equals(uri.getScheme()) || uri.getHost() == null || !definition.getMetadata().isEmpty()) {
            return skipped(route, "not an lb:// service, or route metadata");
        }
        String read = null;
        String write = null;
        RateLimiter<?> limiter = null;
        boolean failover = false;
        PathRewrite rewrite = null;
        List<HeaderRewrite> headerRewrites = new ArrayList<>();
        for (FilterDefinition filter : definition.getFilters()) {
            List<String> args = List.copyOf(filter.getArgs().values());
            switch (filter.getName()) {
                case "RequiredScope" -> {
                    read = filter.getArgs().getOrDefault("read", args.isEmpty() ? null : args.get(0));
                    write = filter.getArgs().getOrDefault("write", (args.size() < 2) ? null : args.get(1));
                }
                case "RequestRateLimiter" -> {
                    limiter = rateLimiter(filter.getArgs(), beans);
                    if (limiter == null) {
                        return skipped(route, "a RequestRateLimiter other than the client-id one");
                    }
                }
                case "InstanceFailover" -> failover = true;
                case "RewritePath" -> rewrite = PathRewrite.of(args.get(0), args.get(1).replace("$\\", "$"));
                case "RewriteResponseHeader" -> headerRewrites.add(new HeaderRewrite(args.get(0),
                        Pattern.compile(args.get(1)), args.get(2).replace("$\\", "$")));
                default -> {
                    return skipped(route, "filter " + filter.getName());
                }
            }
        }
        if (!failover || (read == null) != (write == null)) {
            return skipped(route, "no InstanceFailover");
        }
        return new RelayRoute(route, uri.getHost(), read, write, limiter, rewrite, List.copyOf(headerRewrites));
    }

    private static @Nullable RateLimiter<?> rateLimiter(Map<String, String> args, BeanFactory beans) {
        String limiter = null;
        for (Map.Entry<String, String> arg : args.entrySet()) {
            String key = arg.getKey().replace("-", "").toLowerCase(Locale.ROOT);
            if (key.equals("keyresolver")) {
                if (!KEY_RESOLVER.equals(arg.getValue())) {
                    return null;
                }
            }
            else if (key.equals("ratelimiter")) {
                limiter = arg.getValue();
            }
            else if (!key.startsWith("redisratelimiter.")) {
                return null;
            }
        }
        if (limiter == null || !limiter.startsWith("#{@") || !limiter.endsWith("}")) {
            return null;
        }
        Object bean = beans.getBean(limiter.substring(3, limiter.length() - 1));
        return (bean instanceof RateLimiter<?> rateLimiter) ? rateLimiter : null;
    }

    private static @Nullable RelayRoute skipped(Route route, String why) {
        logger.info("API relay: route {} keeps Spring Cloud Gateway's filter chain ({})", route.getId(), why);
        return null;
    }

    private static String first(Map<String, String> args) {
        return args.values().iterator().next();
    }

    private record Entry(List<PathPattern> paths, @Nullable RelayRoute route) {
    }

    /** {@code RewriteResponseHeader}: every value of the header rewritten as {@link String#replaceAll}. */
    record HeaderRewrite(String name, Pattern pattern, String replacement) {
    }

    /** What the relay does for one route. */
    record RelayRoute(Route route, String serviceId, @Nullable String readScope, @Nullable String writeScope,
            @Nullable RateLimiter<?> rateLimiter, @Nullable PathRewrite rewrite,
            List<HeaderRewrite> responseHeaderRewrites) {

        String id() {
            return this.route.getId();
        }

        /** The path sent to the service ({@code RewritePath} applied to the raw path). */
        String upstreamPath(String rawPath) {
            return (this.rewrite != null) ? this.rewrite.apply(rawPath) : rawPath;
        }

    }

}
