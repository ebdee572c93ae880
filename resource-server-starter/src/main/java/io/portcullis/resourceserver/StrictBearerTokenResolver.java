package io.portcullis.resourceserver;

import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

/**
 * Strict credentials: exactly one, in the {@code Authorization} header, in canonical form.
 * <ul>
 * <li>More than one credential (repeated {@code Authorization} headers, or a header and an {@code access_token}
 * parameter) is {@code invalid_request} (RFC 6750 §3.1: 400), whatever the copies say: an intermediary and this
 * service must never disagree on which one counts.</li>
 * <li>A token that is not the canonical base64url compact serialisation of a JWS (RFC 7515 §2, §7.1: three
 * non-empty parts of the URL-safe alphabet, no padding, no {@code +} or {@code /}, unused trailing bits zero) is
 * {@code invalid_token}: a lenient decoder would accept several spellings of one token, which defeats the
 * deny-list and the validated-token cache keyed by the token string.</li>
 * </ul>
 */
final class StrictBearerTokenResolver implements BearerTokenResolver {

    static final String ACCESS_TOKEN_PARAMETER = "access_token";

    private static final Pattern AUTHORIZATION = Pattern.compile("^Bearer (?<token>\\S+)$", Pattern.CASE_INSENSITIVE);

    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_-]+");

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    @Override
    public String resolve(HttpServletRequest request) {
        List<String> headers = Collections.list(request.getHeaders(HttpHeaders.AUTHORIZATION));
        boolean parameter = request.getParameterValues(ACCESS_TOKEN_PARAMETER) != null;
        if (headers.size() > 1 || (parameter && !headers.isEmpty())
                || (parameter && request.getParameterValues(ACCESS_TOKEN_PARAMETER).length > 1)) {
            RefusalReason.DUPLICATE_CREDENTIALS.record(request);
            throw new OAuth2AuthenticationException(
                    BearerTokenErrors.invalidRequest("Found multiple bearer tokens in the request"));
        }
        if (headers.isEmpty()) {
            // a token only in the query or form (RFC 6750 §2.2/2.3) is not accepted: it ends up in logs
            return null;
        }
        String header = headers.get(0);
        if (!header.regionMatches(true, 0, "Bearer", 0, 6)) {
            return null;
        }
        var matcher = AUTHORIZATION.matcher(header);
        if (!matcher.matches() || !isCanonicalCompactJws(matcher.group("token"))) {
            RefusalReason.MALFORMED.record(request);
            throw new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
        }
        return matcher.group("token");
    }

    /** RFC 7515 §7.1 with the base64url of RFC 7515 §2 / RFC 4648 §5, unpadded and canonical. */
    static boolean isCanonicalCompactJws(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return false;
        }
        for (String part : parts) {
            if (!PART.matcher(part).matches() || !isCanonical(part)) {
                return false;
            }
        }
        return true;
    }

    /** No length that no byte string encodes to, and no set bit after the last encoded byte. */
    private static boolean isCanonical(String part) {
        int last = ALPHABET.indexOf(part.charAt(part.length() - 1));
        return switch (part.length() % 4) {
            case 1 -> false;
            case 2 -> (last & 0x0F) == 0;
            case 3 -> (last & 0x03) == 0;
            default -> true;
        };
    }

}
