package io.portcullis.cli.connection;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where the admin API is and who calls it. The secret never appears in {@link #toString()}.
 *
 * @param issuer the auth-server's issuer URL, e.g. {@code https://localhost:9443}
 * @param clientId the admin client's client_id
 * @param clientSecret its secret
 * @param caFile a PEM file of the CA that signed the server's certificate ({@code null}: the JDK's trust store)
 */
public record ConnectionSettings(URI issuer, String clientId, String clientSecret, Path caFile) {

    public URI resolve(String path) {
        String base = this.issuer.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    @Override
    public String toString() {
        return "ConnectionSettings[issuer=" + this.issuer + ", clientId=" + this.clientId + ", clientSecret=***, caFile="
                + this.caFile + "]";
    }

}
