package io.portcullis.users.security;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpMethod;

/** Which scope each endpoint needs: reads {@code users.read}, changes {@code users.write}. */
final class EndpointScopes {

    static final String READ = "users.read";

    static final String WRITE = "users.write";

    private EndpointScopes() {
    }

    static String requiredBy(HttpServletRequest request) {
        HttpMethod method = HttpMethod.valueOf(request.getMethod());
        return (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) ? READ : WRITE;
    }

}
