package io.portcullis.users.security;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Set;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * TLS already refused every connection without a certificate of the platform CA; this admits only the configured
 * client identities (certificate common names), by default the gateway's. Anyone else holding a platform
 * certificate is answered 403 before any token is looked at.
 */
final class ClientCertificateFilter extends OncePerRequestFilter {

    private static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    private final Set<String> allowed;

    ClientCertificateFilter(Set<String> allowed) {
        this.allowed = allowed;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getAttribute(CERTIFICATES) instanceof X509Certificate[] chainOfClient && chainOfClient.length > 0
                && this.allowed.contains(commonName(chainOfClient[0]))) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter()
            .write("{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
                    + "\"detail\":\"This client certificate may not call the service\"}");
    }

    static String commonName(X509Certificate certificate) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return rdn.getValue().toString();
                }
            }
        }
        catch (InvalidNameException ex) {
            return "";
        }
        return "";
    }

}
