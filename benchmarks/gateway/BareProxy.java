import java.io.File;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

/**
 * The floor for any JVM edge on this machine: TLS in, mutual TLS out over pooled keep-alive connections, on the
 * gateway's own Reactor Netty and BoringSSL, and nothing else (no token check, no rate limit, no metrics, no
 * logs). What the gateway keeps of direct throughput can only be measured against what one bare hop keeps.
 *
 * Usage (classpath: the gateway jar's libraries): java BareProxy.java PKI_DIR UPSTREAM_URL PORT
 */
public class BareProxy {

    public static void main(String[] args) {
        File certificate = new File(args[0], "gateway.crt");
        File key = new File(args[0], "gateway.key");
        File ca = new File(args[0], "ca.crt");
        try {
            SslContext server = SslContextBuilder.forServer(certificate, key).sslProvider(SslProvider.OPENSSL).build();
            SslContext client = SslContextBuilder.forClient()
                .keyManager(certificate, key)
                .trustManager(ca)
                .sslProvider(SslProvider.OPENSSL)
                .build();
            HttpClient upstream = HttpClient.create(ConnectionProvider.create("upstream", 200))
                .secure((tls) -> tls.sslContext(client))
                .baseUrl(args[1]);
            HttpServer.create()
                .host("127.0.0.1")
                .port(Integer.parseInt(args[2]))
                .secure((tls) -> tls.sslContext(server))
                .handle((request, response) -> upstream
                    .headers((headers) -> headers.set("Authorization", request.requestHeaders().get("Authorization")))
                    .request(request.method())
                    .uri(request.uri().replaceFirst("^/api/users", "/users"))
                    .response((answer, body) -> response.status(answer.status())
                        .headers(answer.responseHeaders())
                        .send(body.retain()))
                    .then())
                .bindNow()
                .onDispose()
                .block();
        }
        catch (Exception ex) {
            throw new IllegalStateException("Bare proxy could not start", ex);
        }
    }

}
