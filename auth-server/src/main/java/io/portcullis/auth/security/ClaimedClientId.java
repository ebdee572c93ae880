package io.portcullis.auth.security;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;

import com.nimbusds.jwt.JWTParser;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;

/**
 * The client_id a request claims, before anything is verified: from HTTP Basic (RFC 6749 §2.3.1, form-encoded),
 * the {@code client_id} parameter, or the subject of a {@code client_assertion}. Used to throttle failures and
 * label logs, never to authorise.
 */
public final class ClaimedClientId {

    private static final int MAX_LENGTH = 100;

    private static final String ATTRIBUTE = ClaimedClientId.class.getName();

    private static final String NONE = "";

    private ClaimedClientId() {
    }

    /** The claimed client_id, or {@code null} if the request names none or a malformed one. */
    public static String of(HttpServletRequest request) {
        Object cached = request.getAttribute(ATTRIBUTE);
        if (cached instanceof String value) {
            return value.isEmpty() ? null : value;
        }
        String clientId = resolve(request);
        request.setAttribute(ATTRIBUTE, (clientId != null) ? clientId : NONE);
        return clientId;
    }

    private static String resolve(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return fromBasic(header.substring(6).trim());
        }
        String clientId = request.getParameter("client_id");
        if (clientId != null) {
            return bounded(clientId);
        }
        String assertion = request.getParameter("client_assertion");
        if (assertion != null && assertion.length() < 16_384) {
            try {
                return bounded(JWTParser.parse(assertion).getJWTClaimsSet().getSubject());
            }
            catch (ParseException ex) {
                return null;
            }
        }
        return null;
    }

    private static String fromBasic(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return (colon < 0) ? null : bounded(URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8));
        }
        catch (IllegalArgumentException ex) {
            return null;
        }
    }

    private static String bounded(String clientId) {
        return (clientId == null || clientId.isEmpty() || clientId.length() > MAX_LENGTH) ? null : clientId;
    }

}
