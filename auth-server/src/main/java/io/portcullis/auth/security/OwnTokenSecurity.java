package io.portcullis.auth.security;

import io.portcullis.auth.system.ProblemResponses;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;

/** The security chain of an API read with this server's own access tokens (the security feed, the admin API). */
public final class OwnTokenSecurity {

    private OwnTokenSecurity() {
    }

    /**
     * Stateless: every request under {@code pathPattern} needs a standing token of this server (see
     * {@link OwnAccessTokenDecoder}) carrying {@code scope}; refusals are RFC 9457 problems with RFC 6750 headers.
     */
    public static SecurityFilterChain chain(HttpSecurity http, OwnAccessTokenDecoder decoder, String pathPattern,
            String scope) throws Exception {
        http.securityMatcher(pathPattern)
            .authorizeHttpRequests((requests) -> requests.anyRequest().hasAuthority("SCOPE_" + scope))
            .oauth2ResourceServer((resourceServer) -> resourceServer.jwt((jwt) -> jwt.decoder(decoder))
                .authenticationEntryPoint(unauthorized())
                .accessDeniedHandler(insufficientScope(scope)))
            .sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .requestCache((cache) -> cache.disable())
            .csrf((csrf) -> csrf.disable());
        return http.build();
    }

    /** 401: no token, or one that is not valid here. */
    private static AuthenticationEntryPoint unauthorized() {
        return (request, response, ex) -> {
            boolean presented = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, presented ? "Bearer error=\"invalid_token\"" : "Bearer");
            ProblemResponses.write(response, HttpStatus.UNAUTHORIZED, "A valid access token is required");
        };
    }

    /** 403: a valid token without {@code scope}. */
    private static AccessDeniedHandler insufficientScope(String scope) {
        return (request, response, ex) -> {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
                    "Bearer error=\"insufficient_scope\", scope=\"" + scope + "\"");
            ProblemResponses.write(response, HttpStatus.FORBIDDEN, "The access token lacks scope " + scope);
        };
    }

}
