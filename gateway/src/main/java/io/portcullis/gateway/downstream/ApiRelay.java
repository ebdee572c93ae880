package io.portcullis.gateway.downstream;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.portcullis.gateway.downstream.RelayRoutes.RelayRoute;
import io.portcullis.gateway.ratelimit.RetryAfterFilter;
import io.portcullis.gateway.scope.RequiredScopeGatewayFilterFactory;
import io.portcullis.gateway.security.ArrivedHeaders;
import io.portcullis.gateway.security.ClientIdAttributeFilter;
import io.portcullis.gateway.security.EdgeCredentials;
import io.portcullis.gateway.system.UpstreamAttributes;
import io.portcullis.resourceserver.core.CompactJws;
import io.portcullis.resourceserver.core.DenyListCheck;
import io.portcullis.resourceserver.core.TokenClaims;
import io.portcullis.revocation.DenyList;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.util.function.Tuple2;
import reactor.util.function.Tuples;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.filter.headers.observation.DefaultGatewayObservationConvention;
import org.springframework.cloud.gateway.filter.headers.observation.GatewayContext;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.support.Netty4HeadersAdapter;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.firewall.HttpStatusExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The API routes' data plane: the work of Spring Security's edge chain and of Spring Cloud Gateway's filter chain
 * for a relayed route ({@link RelayRoutes}), done in one filter without either pipeline. The same rules, answers and
 * records: the firewall, the shared token rules and validated-token cache, the deny list, the security response
 * headers, scope per method, the leased rate limit with {@code Retry-After}, instance choice with ejection, failover
 * within the retry budget and the same problem answers, the path and {@code Location} rewrites, the client span
 * that carries the trace to the service, and the route, client and instance the access log records.
 *
 * <p>A request that is not the common case (no route it relays, a CORS or upgrade request, anything but exactly one
 * well-formed bearer token, a declared body above the size limit, a path or header the firewall rejects, a token
 * decoder failure other than an invalid token, a token without {@code client_id}) goes on to the chains, which
 * answer it as they always did. Off with {@code portcullis.relay.enabled=false}. Runs after the inbound header
 * filter and the access log filter, before Spring Security.
 */
final class ApiRelay implements WebFilter, Ordered {

    private static final List<MediaType> STREAMING = List.of(MediaType.TEXT_EVENT_STREAM,
            MediaType.APPLICATION_NDJSON);

    /** The {@code Vary} of Spring's CORS processing ({@code DefaultCorsProcessor}). */
    private static final List<String> CORS_VARY = List.of(HttpHeaders.ORIGIN,
            HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);

    private static final ServerExchangeRejectedHandler REJECTED = new HttpStatusExchangeRejectedHandler();

    private final Relayed relayed;

    private final ReactiveJwtDecoder decoder;

    private final @Nullable DenyList denyList;

    private final WebFilter securityHeaders;

    private final ServerWebExchangeFirewall firewall;

    private final Upstream upstream;

    private final boolean corsConfigured;

    ApiRelay(Relayed relayed, ReactiveJwtDecoder decoder, @Nullable DenyList denyList, WebFilter securityHeaders,
            ServerWebExchangeFirewall firewall, Upstream upstream, boolean corsConfigured) {
        this.relayed = relayed;
        this.decoder = decoder;
        this.denyList = denyList;
        this.securityHeaders = securityHeaders;
        this.firewall = firewall;
        this.upstream = upstream;
        this.corsConfigured = corsConfigured;
    }

    @Override
    public int getOrder() {
        // inside the access log (-150) and the inbound header filter (-200), before Spring Security (-100)
        return -120;
    }

    /**
     * The name of this filter's checkpoint, which Spring's web filter chain asks for on every request: a constant,
     * where {@code Object.toString()} built a new string with the identity hash each time.
     */
    @Override
    public String toString() {
        return "ApiRelay";
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        RelayRoutes routes = this.relayed.routes();
        RelayRoute route = routes.match(exchange.getRequest().getPath().pathWithinApplication());
        if (route == null) {
            return chain.filter(exchange);
        }
        return this.firewall.getFirewalledExchange(exchange)
            .map(Optional::of)
            .onErrorReturn(ServerExchangeRejectedException.class, Optional.empty())
            .flatMap((firewalled) -> firewalled.isPresent()
                    ? new Relay(firewalled.get()).start(routes, route, chain, exchange) : chain.filter(exchange))
            // as Spring Security's chain answers a request its firewall rejects
            .onErrorResume(ServerExchangeRejectedException.class, (rejected) -> exchange.getResponse().isCommitted()
                    ? Mono.error(rejected) : REJECTED.handle(exchange, rejected));
    }

    /** One request on the relay, from the firewalled exchange. */
    private final class Relay {

        private final ServerWebExchange exchange;

        Relay(ServerWebExchange exchange) {
            this.exchange = exchange;
        }

        Mono<Void> start(RelayRoutes routes, RelayRoute route, WebFilterChain chain, ServerWebExchange original) {
            String token;
            try {
                token = commonCase(routes, this.exchange.getRequest());
            }
            catch (ServerExchangeRejectedException rejected) {
                token = null;
            }
            if (token == null) {
                return chain.filter(original);
            }
            return ApiRelay.this.decoder.decode(token)
                .cast(Object.class)
                .onErrorResume(JwtException.class, Mono::just)
                .flatMap((decoded) -> {
                    if (decoded instanceof BadJwtException invalid) {
                        return ApiRelay.this.securityHeaders.filter(this.exchange,
                                (headed) -> EdgeCredentials.refuseInvalid(headed, invalid));
                    }
                    if (decoded instanceof JwtException) {
                        // not a verdict on the token (the key set could not be read): the chain's to answer
                        return chain.filter(original);
                    }
                    Jwt jwt = (Jwt) decoded;
                    String clientId = TokenClaims.clientId(jwt);
                    if (clientId == null || clientId.isBlank()) {
                        return chain.filter(original);
                    }
                    return ApiRelay.this.securityHeaders.filter(this.exchange,
                            (headed) -> authorized(headed, route, jwt, clientId));
                });
        }

        /** The token of a request the relay takes whole; {@code null} to leave it to the chains. */
        private static @Nullable String commonCase(RelayRoutes routes, ServerHttpRequest request) {
            HttpHeaders headers = request.getHeaders();
            if (headers.containsHeader(HttpHeaders.ORIGIN) || headers.containsHeader(HttpHeaders.UPGRADE)
                    || headers.getContentLength() > routes.maxRequestSize()) {
                return null;
            }
            // what is read here passes the firewall's checks, as when the security chain reads it
            boolean parameter = request.getURI().getRawQuery() != null
                    && request.getQueryParams().containsKey(CompactJws.ACCESS_TOKEN_PARAMETER);
            return EdgeCredentials.soleBearerToken(headers.getOrEmpty(HttpHeaders.AUTHORIZATION), parameter);
        }

        private Mono<Void> authorized(ServerWebExchange exchange, RelayRoute route, Jwt jwt, String clientId) {
            if (ApiRelay.this.denyList != null && DenyListCheck.denies(ApiRelay.this.denyList, jwt)) {
                return EdgeCredentials.refuseRevoked(exchange);
            }
            exchange.getAttributes().put(ClientIdAttributeFilter.ATTRIBUTE, clientId);
            exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR, route.route());
            if (ApiRelay.this.corsConfigured) {
                // as the chains' handler mapping does for every route once any CORS configuration exists: the
                // answer varies by Origin, so no cache serves it to a cross-origin request (the relay takes none)
                exchange.getResponse().getHeaders().addAll(HttpHeaders.VARY, CORS_VARY);
            }
            if (route.readScope() != null) {
                String scope = RequiredScopeGatewayFilterFactory.required(exchange.getRequest().getMethod(),
                        route.readScope(), route.writeScope());
                if (!RequiredScopeGatewayFilterFactory.grants(jwt, scope)) {
                    return RequiredScopeGatewayFilterFactory.refuse(exchange.getResponse(), scope);
                }
            }
            RateLimiter<?> limiter = route.rateLimiter();
            if (limiter == null) {
                return ApiRelay.this.upstream.relay(exchange, route);
            }
            return limiter.isAllowed(route.id(), "client:" + clientId).flatMap((answer) -> {
                for (Map.Entry<String, String> header : answer.getHeaders().entrySet()) {
                    exchange.getResponse().getHeaders().add(header.getKey(), header.getValue());
                }
                if (answer.isAllowed()) {
                    return ApiRelay.this.upstream.relay(exchange, route);
                }
                RetryAfterFilter.onRefusal(exchange);
                exchange.getResponse().setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
                return exchange.getResponse().setComplete();
            });
        }

    }

    /** The routes the relay serves now (they follow Spring Cloud Gateway's route refreshes). */
    interface Relayed {

        RelayRoutes routes();

    }

    /**
     * The hop to the service: an instance chosen by the load balancer (ready and not ejected, minus those this
     * request failed on), the request sent over the gateway's pooled mutual-TLS client, failover as
     * {@link InstanceFailoverGatewayFilterFactory} does it, and the answer written back.
     */
    static final class Upstream {

        /**
         * The relayed request's headers: names and values were checked by the server's decoder as they arrived,
         * and the trace headers are the tracer's own, so they are not checked a second time.
         */
        private static final HttpHeadersFactory UNVALIDATED = DefaultHttpHeadersFactory.headersFactory()
            .withValidation(false);

        private final HttpClient client;

        private final LoadBalancerClientFactory balancers;

        private final InstanceHealth health;

        private final FailoverRules rules;

        private final Duration responseTimeout;

        private final Set<String> hopByHop;

        private final Relayed relayed;

        private final ObservationRegistry observations;

        private final ArrivingBodies bodies;

        private final Map<String, ReactorServiceInstanceLoadBalancer> loadBalancers = new ConcurrentHashMap<>();

        Upstream(HttpClient client, LoadBalancerClientFactory balancers, InstanceHealth health, FailoverRules rules,
                Duration responseTimeout, Set<String> hopByHop, Relayed relayed,
                ObservationRegistry observations, ArrivingBodies bodies) {
            this.client = client;
            this.balancers = balancers;
            this.health = health;
            this.rules = rules;
            this.responseTimeout = responseTimeout;
            this.hopByHop = hopByHop;
            this.relayed = relayed;
            this.observations = observations;
            this.bodies = bodies;
        }

        Mono<Void> relay(ServerWebExchange exchange, RelayRoute route) {
            this.rules.requested();
            return ReplayableBody.relay(exchange, this.bodies,
                    (replayable) -> Mono.deferContextual((context) -> attempt(replayable, route,
                            new Attempts(context.getOrDefault(ObservationThreadLocalAccessor.KEY, null))))
                        // the body is written after failover, as Spring Cloud Gateway's response writer does
                        .flatMap((answer) -> write(replayable, route, answer.getT1(), answer.getT2())));
        }

        /** The service's load balancer, looked up in its child context once rather than on every request. */
        private @Nullable ReactorServiceInstanceLoadBalancer balancer(String serviceId) {
            ReactorServiceInstanceLoadBalancer balancer = this.loadBalancers.get(serviceId);
            if (balancer == null) {
                balancer = this.balancers.getInstance(serviceId, ReactorServiceInstanceLoadBalancer.class);
                if (balancer != null) {
                    this.loadBalancers.put(serviceId, balancer);
                }
            }
            return balancer;
        }

        /** The service's answer, or empty when the gateway answered (a problem) itself. */
        private Mono<Tuple2<HttpClientResponse, Connection>> attempt(ServerWebExchange exchange, RelayRoute route,
                Attempts attempts) {
            ReactorServiceInstanceLoadBalancer balancer = balancer(route.serviceId());
            if (balancer == null) {
                return noInstance(exchange, attempts);
            }
            Map<String, Object> attributes = exchange.getAttributes();
            if (attempts.tried != null) {
                attributes.put(InstanceFailoverGatewayFilterFactory.TRIED, attempts.tried);
            }
            DefaultRequest<RequestDataContext> request = new DefaultRequest<>(
                    new RequestDataContext(new RequestData(exchange.getRequest(), attributes), "default"));
            return balancer.choose(request).flatMap((chosen) -> {
                if (!chosen.hasServer()) {
                    return noInstance(exchange, attempts);
                }
                ServiceInstance instance = chosen.getServer();
                attributes.put(UpstreamAttributes.INSTANCE, instance.getInstanceId());
                return send(exchange, route, instance, attempts)
                    .doOnNext((answer) -> this.health.succeeded(instance))
                    .onErrorResume((error) -> failed(exchange, route, instance, attempts, error));
            });
        }

        private Mono<Tuple2<HttpClientResponse, Connection>> send(ServerWebExchange exchange, RelayRoute route,
                ServiceInstance instance, Attempts attempts) {
            ServerHttpRequest request = exchange.getRequest();
            String scheme = (instance.getScheme() != null) ? instance.getScheme()
                    : (instance.isSecure() ? "https" : "http");
            // a URI, not a string: Reactor Netty splits a string with a regular expression that costs more than
            // URI's parser (the parts are the request's own, already parsed as a URI, so they parse again)
            URI url = URI.create(scheme + "://" + instance.getHost() + ":" + instance.getPort()
                    + route.upstreamPath(request.getURI().getRawPath())
                    + ((request.getURI().getRawQuery() != null) ? "?" + request.getURI().getRawQuery() : ""));
            // written once, into the Netty headers the request is sent with (the observation adds the trace to them)
            io.netty.handler.codec.http.HttpHeaders forwarded = UNVALIDATED.newHeaders();
            HttpHeaders headers = new HttpHeaders(new Netty4HeadersAdapter(forwarded));
            List<String> options = connectionOptions(request.getHeaders().getConnection());
            io.netty.handler.codec.http.HttpHeaders arrived = ArrivedHeaders.of(request);
            if (arrived != null) {
                Iterator<Map.Entry<CharSequence, CharSequence>> entries = arrived.iteratorCharSequence();
                while (entries.hasNext()) {
                    Map.Entry<CharSequence, CharSequence> header = entries.next();
                    if (isForwarded(header.getKey(), options)) {
                        forwarded.add(header.getKey(), header.getValue());
                    }
                }
            }
            else {
                for (Map.Entry<String, List<String>> header : request.getHeaders().headerSet()) {
                    if (isForwarded(header.getKey(), options)) {
                        forwarded.add(header.getKey(), header.getValue());
                    }
                }
            }
            // Spring Cloud Gateway's client observation: the same name and tags, and the trace carried in headers
            Observation observation = Observation.createNotStarted(null, DefaultGatewayObservationConvention.INSTANCE,
                    () -> new GatewayContext(headers, request, exchange), this.observations);
            if (attempts.parent != null) {
                observation.parentObservation(attempts.parent);
            }
            observation.start();
            // the headers with the trace the observation put in, copied whole into the request Netty sends
            return this.client.headers((sent) -> sent.add(forwarded))
                .request(io.netty.handler.codec.http.HttpMethod.valueOf(request.getMethod().name()))
                .uri(url)
                .send((sending, outbound) -> outbound.send(request.getBody().map(NettyDataBufferFactory::toByteBuf)))
                .responseConnection((response, connection) -> Mono.just(Tuples.of(response, connection)))
                .next()
                .timeout(this.responseTimeout, Mono.error(() -> new TimeoutException(
                        "Response took longer than timeout: " + this.responseTimeout)), EventLoopTimers.INSTANCE)
                .doOnNext((answer) -> {
                    exchange.getResponse().setStatusCode(HttpStatusCode.valueOf(answer.getT1().status().code()));
                    if (observation.getContext() instanceof GatewayContext context) {
                        context.setResponse(exchange.getResponse());
                    }
                    observation.stop();
                })
                .doOnError((error) -> {
                    observation.error(error);
                    observation.stop();
                })
                .doOnCancel(observation::stop);
        }

        private Mono<Void> write(ServerWebExchange exchange, RelayRoute route, HttpClientResponse answer,
                Connection connection) {
            ServerHttpResponse response = exchange.getResponse();
            HttpHeaders headers = response.getHeaders();
            Set<String> removed = this.relayed.routes().removedResponseHeaders();
            List<String> options = connectionOptions(answer.responseHeaders().getAll(HttpHeaders.CONNECTION));
            for (Map.Entry<String, String> header : answer.responseHeaders()) {
                String name = header.getKey().toLowerCase(Locale.ROOT);
                if (!this.hopByHop.contains(name) && !removed.contains(name) && !options.contains(name)
                        && !GatewayOwnedResponseHeaders.NAMES.contains(name)) {
                    headers.add(header.getKey(), header.getValue());
                }
            }
            for (RelayRoutes.HeaderRewrite rewrite : route.responseHeaderRewrites()) {
                List<String> values = headers.get(rewrite.name());
                if (values != null) {
                    headers.put(rewrite.name(), values.stream()
                        .map((value) -> rewrite.pattern().matcher(value).replaceAll(rewrite.replacement()))
                        .toList());
                }
            }
            NettyDataBufferFactory factory = (NettyDataBufferFactory) response.bufferFactory();
            Flux<DataBuffer> body = connection.inbound().receive().retain().map(factory::wrap);
            MediaType type = headers.getContentType();
            boolean streaming = type != null && isStreaming(type);
            return (streaming ? response.writeAndFlushWith(body.map(Flux::just)) : response.writeWith(body))
                .doOnCancel(() -> close(connection))
                .doOnError((error) -> close(connection));
        }

        private static boolean isStreaming(MediaType type) {
            for (MediaType streaming : STREAMING) {
                if (streaming.isCompatibleWith(type)) {
                    return true;
                }
            }
            return false;
        }

        /** Hop-by-hop headers, those the Connection header names, and Host (the client sets its own) stay here. */
        private boolean isForwarded(CharSequence name, List<String> options) {
            String lower = name.toString().toLowerCase(Locale.ROOT);
            return !this.hopByHop.contains(lower) && !lower.equals("host") && !options.contains(lower);
        }

        /** The header names a {@code Connection} header lists, lower-case: they belong to that connection alone. */
        private static List<String> connectionOptions(List<String> connection) {
            if (connection.isEmpty()) {
                return List.of();
            }
            return connection.stream()
                .flatMap((value) -> Arrays.stream(value.split(",")))
                .map((option) -> option.trim().toLowerCase(Locale.ROOT))
                .toList();
        }

        private static void close(Connection connection) {
            if (connection.channel().isActive()) {
                connection.dispose();
            }
        }

        private Mono<Tuple2<HttpClientResponse, Connection>> failed(ServerWebExchange exchange, RelayRoute route,
                ServiceInstance instance, Attempts attempts, Throwable error) {
            UpstreamFailure failure = UpstreamFailure.of(error);
            if (failure != null) {
                attempts.last = failure;
                this.health.failed(instance, failure);
                attempts.tried(instance.getInstanceId());
            }
            if (!this.rules.retry(exchange, failure, attempts.retries, route.id())) {
                return answer(exchange, error, failure);
            }
            attempts.retries++;
            exchange.getAttributes().put(UpstreamAttributes.RETRIES, attempts.retries);
            return attempt(exchange, route, attempts);
        }

        private <T> Mono<T> noInstance(ServerWebExchange exchange, Attempts attempts) {
            return answer(exchange, null, (attempts.last != null) ? attempts.last : UpstreamFailure.NOT_SENT);
        }

        private <T> Mono<T> answer(ServerWebExchange exchange, @Nullable Throwable error,
                @Nullable UpstreamFailure failure) {
            if (exchange.getResponse().isCommitted() || failure == null) {
                return (error != null) ? Mono.error(error) : Mono.empty();
            }
            return this.rules.answer(exchange.getResponse(), failure).then(Mono.empty());
        }

    }

    /** What one request went through: the instances it failed on, the last failure, the retries. */
    private static final class Attempts {

        /** Made at the first failure: most requests never have one. */
        @Nullable Set<String> tried;

        final @Nullable Observation parent;

        @Nullable UpstreamFailure last;

        int retries;

        Attempts(@Nullable Observation parent) {
            this.parent = parent;
        }

        void tried(String instanceId) {
            if (this.tried == null) {
                this.tried = new HashSet<>();
            }
            this.tried.add(instanceId);
        }

    }

}
