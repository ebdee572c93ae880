import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The container's health check: GET the liveness probe on the management port over loopback. Loopback only and
 * nothing secret is sent, so the server certificate (issued for the service's DNS names) is not verified here;
 * Kubernetes uses its own probes and ignores this.
 */
public final class HealthCheck {

    public static void main(String[] args) throws Exception {
        String url = System.getenv().getOrDefault("PORTCULLIS_HEALTH_URL", "https://localhost:8444/actuator/health");
        if (!URI.create(url).getHost().equals("localhost")) {
            System.err.println("PORTCULLIS_HEALTH_URL must point at localhost");
            System.exit(2);
        }
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] { new LoopbackTrust() }, null);
        HttpResponse<Void> response = HttpClient.newBuilder()
            .sslContext(tls)
            .connectTimeout(Duration.ofSeconds(3))
            .build()
            .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
        System.exit(response.statusCode() == 200 ? 0 : 1);
    }

    private static final class LoopbackTrust implements X509TrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }

    }

}
