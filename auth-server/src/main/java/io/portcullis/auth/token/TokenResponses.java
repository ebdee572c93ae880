package io.portcullis.auth.token;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.portcullis.auth.system.ClaimedClientId;
import io.portcullis.auth.system.LogSanitizer;
import io.portcullis.auth.system.RequestPaths;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * Writes token endpoint responses and counts them: {@code portcullis.tokens.issued} by client and
 * {@code portcullis.tokens.refused} by client and RFC 6749 error code. Errors follow RFC 6749 §5.2:
 * {@code invalid_client} is 401, with {@code WWW-Authenticate} when the client tried HTTP Basic; every other
 * error is 400. Every {@code invalid_client} carries the same description, whatever failed. A refused request that names an unregistered client is counted as {@code unknown}, so made-up
 * client ids cannot grow the metrics.
 */
final class TokenResponses {

    static final String UNKNOWN_CLIENT = "unknown";

    static final String CLIENT_AUTHENTICATION_FAILED = "Client authentication failed";

    private static final Logger logger = LoggerFactory.getLogger(TokenResponses.class);

    private final MeterRegistry registry;

    private final RegisteredClientRepository clients;

    private final AuthenticationSuccessHandler tokenResponse = new OAuth2AccessTokenResponseAuthenticationSuccessHandler();

    private final OAuth2ErrorHttpMessageConverter errors = new OAuth2ErrorHttpMessageConverter();

    /**
     * One counter per client that was issued a token: a map lookup per token instead of building and registering
     * a meter (tags sorted, id hashed, registry looked up) on every response. Only authenticated clients get here,
     * so it holds no more entries than the registry holds meters.
     */
    private final Map<String, Counter> issuedCounters = new ConcurrentHashMap<>();

    TokenResponses(MeterRegistry registry, RegisteredClientRepository clients) {
        this.registry = registry;
        this.clients = clients;
    }

    /** Writes the access token response (never cacheable, RFC 6749 §5.1) and counts it. */
    AuthenticationSuccessHandler issued() {
        return (request, response, authentication) -> {
            noStore(response);
            this.tokenResponse.onAuthenticationSuccess(request, response, authentication);
            this.issuedCounters.computeIfAbsent(clientOf(authentication), this::issuedCounter).increment();
        };
    }

    private Counter issuedCounter(String clientId) {
        return Counter.builder("portcullis.tokens.issued")
            .description("Access tokens issued, by client")
            .tag("client_id", clientId)
            .register(this.registry);
    }

    /** Writes the RFC 6749 error response and, on the token endpoint, counts it. */
    AuthenticationFailureHandler refused() {
        return this::onFailure;
    }

    private void onFailure(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
            throws IOException, ServletException {
        OAuth2Error error = (ex instanceof OAuth2AuthenticationException oauth2) ? oauth2.getError()
                : new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST);
        boolean invalidClient = OAuth2ErrorCodes.INVALID_CLIENT.equals(error.getErrorCode());
        String reason = error.getDescription();
        if (invalidClient) {
            // one answer for an unknown client, a wrong secret, a bad assertion...: nobody may probe which ids
            // exist; the reason goes to the log only
            error = new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, CLIENT_AUTHENTICATION_FAILED, null);
        }
        if (invalidClient && usedBasic(request)) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"portcullis\", charset=\"UTF-8\"");
        }
        noStore(response);
        ServletServerHttpResponse http = new ServletServerHttpResponse(response);
        http.setStatusCode(invalidClient ? HttpStatus.UNAUTHORIZED : HttpStatus.BAD_REQUEST);
        this.errors.write(error, null, http);
        logger.info("Refused {} request: {} {}", LogSanitizer.sanitize(request.getRequestURI()), error.getErrorCode(),
                (reason != null) ? LogSanitizer.sanitize(reason) : "");
        if (RequestPaths.of(request).endsWith("/token")) {
            Counter.builder("portcullis.tokens.refused")
                .description("Token requests refused, by client and RFC 6749 error code")
                .tag("client_id", registeredOrUnknown(ClaimedClientId.of(request)))
                .tag("reason", error.getErrorCode())
                .register(this.registry)
                .increment();
        }
    }

    private static void noStore(HttpServletResponse response) {
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader(HttpHeaders.PRAGMA, "no-cache");
    }

    private static boolean usedBasic(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        return header != null && header.regionMatches(true, 0, "Basic ", 0, 6);
    }

    private static String clientOf(Authentication authentication) {
        return (authentication instanceof OAuth2AccessTokenAuthenticationToken token)
                ? token.getRegisteredClient().getClientId() : UNKNOWN_CLIENT;
    }

    private String registeredOrUnknown(String clientId) {
        return (clientId != null && this.clients.findByClientId(clientId) != null) ? clientId : UNKNOWN_CLIENT;
    }

}
