package io.portcullis.auth.system;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import io.portcullis.auth.system.LogSanitizer;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;

/**
 * The client_id a request claims, before anything is verified, read from the same place Spring Authorization
 * Server's client authentication reads it, in the same order: a {@code client_assertion} (RFC 7523; its
 * {@code client_id} parameter, else the assertion's {@code sub}, else {@code iss}), then HTTP Basic (RFC 6749
 * §2.3.1, form-encoded), then the {@code client_id} parameter. Used to throttle failures and label logs, never to
 * authorise.
 */
public final class ClaimedClientId {

    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private static final int MAX_LENGTH = 100;

    private static final String ATTRIBUTE = ClaimedClientId.class.getName();

    private static final String NONE = "";

    private ClaimedClientId() {
    }

    /**
     * The claimed client_id, or {@code null} if the request names none, or one that is too long or holds control
     * characters (such a request is refused before authentication, see {@link #raw}).
     */
    public static String of(HttpServletRequest request) {
        Object cached = request.getAttribute(ATTRIBUTE);
        if (cached instanceof String value) {
            return value.isEmpty() ? null : value;
        }
        String clientId = bounded(raw(request));
        request.setAttribute(ATTRIBUTE, (clientId != null) ? clientId : NONE);
        return clientId;
    }

    /**
     * The claimed client_id exactly as sent (decoded), or {@code null}: for input checks only, never for logs. A form
     * body that cannot be parsed names none (Tomcat fails its parameters with {@link IllegalStateException}): it is
     * refused by whoever reads it as a form.
     */
    public static String raw(HttpServletRequest request) {
        try {
            return claimed(request);
        }
        catch (IllegalStateException unparsable) {
            return null;
        }
    }

    private static String claimed(HttpServletRequest request) {
        String assertion = request.getParameter("client_assertion");
        if (assertion != null && JWT_BEARER.equals(request.getParameter("client_assertion_type"))) {
            String clientId = request.getParameter("client_id");
            return (clientId != null) ? clientId : fromAssertion(assertion);
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return fromBasic(header.substring(6).trim());
        }
        return request.getParameter("client_id");
    }

    /** The {@code sub} (else {@code iss}) of an unverified assertion, or {@code null}. */
    public static String fromAssertion(String assertion) {
        if (assertion.length() >= 16_384) {
            return null;
        }
        try {
            JWTClaimsSet claims = JWTParser.parse(assertion).getJWTClaimsSet();
            return (claims.getSubject() != null) ? claims.getSubject() : claims.getIssuer();
        }
        catch (ParseException ex) {
            return null;
        }
    }

    private static String fromBasic(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return (colon < 0) ? null : URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException ex) {
            return null;
        }
    }

    private static String bounded(String clientId) {
        return (clientId == null || clientId.isEmpty() || clientId.length() > MAX_LENGTH
                || LogSanitizer.hasControlCharacters(clientId)) ? null : clientId;
    }

}
