package io.portcullis.resourceserver;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.servlet.ServletRequest;

/**
 * Who is calling, by the subject alternative names (URI and DNS name) of the client certificate that mutual TLS
 * verified; the subject's common name is never consulted, so a certificate with CN {@code gateway} is not the
 * gateway unless it carries the name {@code gateway} (or {@code spiffe://portcullis/gateway}) as a SAN.
 */
public final class CallerIdentity {

    /** The request attribute holding the admitted caller's name (the SAN that was allowed). */
    public static final String ATTRIBUTE = CallerIdentity.class.getName();

    static final String CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    private static final int DNS_NAME = 2;

    private static final int URI = 6;

    private CallerIdentity() {
    }

    /** The SANs (URI and DNS name) of the request's client certificate, empty without one. */
    public static Set<String> names(ServletRequest request) {
        if (request.getAttribute(CERTIFICATES) instanceof X509Certificate[] chain && chain.length > 0) {
            return names(chain[0]);
        }
        return Set.of();
    }

    /** The SANs (URI and DNS name) of {@code certificate}. */
    public static Set<String> names(X509Certificate certificate) {
        Set<String> names = new LinkedHashSet<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives == null) {
                return names;
            }
            for (List<?> alternative : alternatives) {
                if (alternative.size() == 2 && alternative.get(0) instanceof Integer type
                        && (type == DNS_NAME || type == URI) && alternative.get(1) instanceof String name) {
                    names.add(name);
                }
            }
        }
        catch (CertificateParsingException ex) {
            return Set.of();
        }
        return names;
    }

    /** The admitted caller's name, or {@code null}. */
    public static String of(ServletRequest request) {
        return (request.getAttribute(ATTRIBUTE) instanceof String name) ? name : null;
    }

}
