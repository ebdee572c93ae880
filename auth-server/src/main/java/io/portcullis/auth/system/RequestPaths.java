package io.portcullis.auth.system;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The path a request asks for as the server routes it: percent-decoded and normalised, within the application. Every
 * filter that acts on a fixed path matches this, never {@link HttpServletRequest#getRequestURI()} (the path as sent):
 * Spring Authorization Server and Spring MVC match the decoded path, so {@code POST /oauth2/%74oken} reached the token
 * endpoint while every filter that compared the raw path let it by (no input checks, no failure throttle, no refusal
 * counted, and a NUL in its client_id answered 500).
 */
public final class RequestPaths {

    private RequestPaths() {
    }

    /** The decoded path within the application (Tomcat's servlet path and path info, mapped by the decoded URI). */
    public static String of(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        return (pathInfo != null) ? request.getServletPath() + pathInfo : request.getServletPath();
    }

}
