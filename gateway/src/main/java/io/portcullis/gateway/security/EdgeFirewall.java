package io.portcullis.gateway.security;

import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

/**
 * Spring Security's strict firewall with its own rules for header names, header values and parameter names, checked
 * by a scan of the characters instead of a regular expression. The firewall checks a header again on every read,
 * and a relayed request's headers are read several times (the token, the content length, the connection options),
 * which cost about 12 µs of CPU per request on a 2-core EPYC (benchmarks/README.md). The rules are Spring
 * Security's: names and values of assigned Unicode characters other than control characters ({@code Cc}), a tab
 * also allowed in header values; every other check of the firewall (methods, path characters and encodings, hosts,
 * parameter values) is untouched. {@link HeaderCharactersFilter} applies the same rules to every header once.
 */
final class EdgeFirewall {

    /** Spring Security's {@code [\p{IsAssigned}&&[^\p{IsControl}]]*}. */
    static final Predicate<String> ASSIGNED_NOT_CONTROL = (text) -> allowed(text, false);

    /** Spring Security's {@code [\p{IsAssigned}&&[[^\p{IsControl}]||\t]]*}. */
    static final Predicate<String> HEADER_VALUE = (text) -> allowed(text, true);

    private EdgeFirewall() {
    }

    static StrictServerWebExchangeFirewall create() {
        StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
        firewall.setAllowedHeaderNames(ASSIGNED_NOT_CONTROL);
        firewall.setAllowedHeaderValues(HEADER_VALUE);
        firewall.setAllowedParameterNames(ASSIGNED_NOT_CONTROL);
        return firewall;
    }

    private static boolean allowed(@Nullable String text, boolean tab) {
        if (text == null) {
            return true;
        }
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                continue;
            }
            if (c == '\t' && tab) {
                continue;
            }
            // code points, as the regular expression reads them (a lone surrogate is one of its own)
            int codePoint = text.codePointAt(i);
            int type = Character.getType(codePoint);
            if (type == Character.UNASSIGNED || type == Character.CONTROL) {
                return false;
            }
            if (Character.isSupplementaryCodePoint(codePoint)) {
                i++;
            }
        }
        return true;
    }

}
